package dev.hearth.squad;

import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import dev.hearth.program.Program;
import dev.hearth.program.Programs;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * manage-squad (operators): create, describe or archive a squad, or read one or all of a program's
 * squads with their health. Not on the storefront API: squads are the community team's to shape.
 */
@RegisterForReflection(targets = { SquadView.class, SquadView.Page.class })
@Answered
public class ManageSquad {

    private final Programs programs;
    private final Squads squads;
    private final Clock clock;

    public ManageSquad(Programs programs, Squads squads, Clock clock) {
        this.programs = programs;
        this.squads = squads;
        this.clock = clock;
    }

    @Funq("manage-squad")
    public Object manage(JsonNode json) {
        SquadEvent event = SquadEvent.read(json);
        Program program = programs.require(event.programId());
        Instant now = clock.instant();
        if (event instanceof SquadEvent.ShowPage page) {
            Squads.ShownPage shown = squads.page(program, page.cursor(), page.limit(), now);
            return new SquadView.Page(program.programId(),
                    shown.squads().stream().map(s -> SquadView.of(s.squad(), s.health(), null)).toList(),
                    shown.continueAfter());
        }
        Squads.Shown shown;
        if (event instanceof SquadEvent.ShowOne one) {
            shown = squads.one(program, one.squadId(), now);
        } else {
            SquadEvent.Change c = (SquadEvent.Change) event;
            shown = switch (c.action()) {
                case CREATE -> squads.create(program, c.squadId(), c.name(), c.theme(), c.leaderId(), now);
                case UPDATE -> squads.describe(program, c.squadId(), c.name(), c.theme(), c.leaderId(), now);
                case ARCHIVE -> squads.archive(program, c.squadId(), now);
            };
        }
        return SquadView.of(shown.squad(), shown.health(), shown.duplicate() ? Boolean.TRUE : null);
    }
}
