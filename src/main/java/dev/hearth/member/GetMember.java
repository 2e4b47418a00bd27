package dev.hearth.member;

import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;

import dev.hearth.edge.EventFields;
import dev.hearth.perk.PerkView;
import dev.hearth.program.Programs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.HearthException;
import dev.hearth.perk.Perk;
import dev.hearth.program.Program;
import dev.hearth.perk.MemberPerks;
import io.quarkus.funqy.Funq;

/**
 * Where a member stands: profile, tier, balance, counters, progress, the latest ledger entries and
 * their open and recent perks.
 */
public class GetMember {

    static final int LEDGER_LINES = 20;
    static final int PERKS_SHOWN = 50;
    /** A closed perk (redeemed, expired, cancelled) is shown for this long after it closed. */
    static final Duration RECENT_PERKS = Duration.ofDays(30);

    private final Programs programs;
    private final MemberTable members;
    private final ActivityTable activities;
    private final MemberPerks perks;
    private final Clock clock;

    public GetMember(Programs programs, MemberTable members, ActivityTable activities, MemberPerks perks, Clock clock) {
        this.programs = programs;
        this.members = members;
        this.activities = activities;
        this.perks = perks;
        this.clock = clock;
    }

    @Funq("get-member")
    public MemberView get(JsonNode event) {
        EventFields fields = EventFields.of(event, "get-member", "programId", "memberId");
        String programId = fields.requiredId("programId");
        String memberId = fields.requiredId("memberId");
        Program program = programs.require(programId);
        Member member = members.find(programId, memberId)
                .orElseThrow(() -> HearthException.memberNotFound("memberId", programId, memberId));
        List<PerkView> shown = shown(perks.ofMember(programId, memberId), clock.instant());
        return MemberView.of(program, member, activities.latest(programId, memberId, LEDGER_LINES), shown, null);
    }

    /** The perks a member view shows: open ones and those closed in the last 30 days, latest change first. */
    public static List<PerkView> shown(List<Perk> perksOfMember, Instant now) {
        Instant recent = now.minus(RECENT_PERKS);
        return perksOfMember.stream().filter(p -> p.status().open() || p.changedAt().isAfter(recent))
                .sorted(Comparator.comparing(Perk::changedAt).reversed()).limit(PERKS_SHOWN).map(PerkView::of)
                .toList();
    }
}
