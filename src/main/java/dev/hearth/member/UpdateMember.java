package dev.hearth.member;

import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import dev.hearth.perk.PerkView;
import dev.hearth.program.Program;
import dev.hearth.program.Programs;
import io.quarkus.funqy.Funq;

/**
 * update-member (storefront and operators): a member's interests, profile and squads change after
 * they joined, exactly once per changeId; a tag rule's perk is given when its tag is added.
 */
@Answered
public class UpdateMember {

    private final Programs programs;
    private final ChangeMember changes;
    private final Clock clock;

    public UpdateMember(Programs programs, ChangeMember changes, Clock clock) {
        this.programs = programs;
        this.changes = changes;
        this.clock = clock;
    }

    @Funq("update-member")
    public MemberView update(JsonNode json) {
        UpdateEvent event = UpdateEvent.read(json);
        Program program = programs.require(event.programId());
        Instant now = clock.instant();
        ChangeMember.Changed changed = changes.change(program, event, now);
        return MemberView.of(program, changed.member(), null, null, null).withChange(changed.change(),
                changed.perksGiven().stream().map(PerkView::of).toList(), changed.duplicate());
    }
}
