package dev.hearth.perk;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hearth.events.EventType;
import dev.hearth.events.HearthEvent;
import dev.hearth.program.Program;
import dev.hearth.squad.Squad;

/**
 * SquadGoingSilent: a squad in which nobody has been active for the program's silent days (7 by
 * default), told once per silence to its leader, the one a message can ask to rally it. A squad
 * without a leader has nobody to tell: the snapshot's squad health lists it.
 */
public final class SquadSilenceNotices {

    private SquadSilenceNotices() {
    }

    /**
     * The notice that {@code squad} has been silent since {@code since}. Its key follows from the
     * squad and the day its silence began, and it happens at the start of the local day the silence
     * reached the program's silent days: written once however often the day is run; a squad active
     * again and silent again is told again.
     */
    public static HearthEvent event(Program program, Squad squad, LocalDate since) {
        int days = program.squadRules().silentDays();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("squadId", squad.squadId());
        detail.put("name", squad.name());
        detail.put("theme", squad.theme());
        detail.put("members", squad.members());
        detail.put("silentDays", days);
        detail.put("silentSince", since.toString());
        return HearthEvent.of(EventType.SQUAD_GOING_SILENT, program.programId(), squad.leaderId(),
                List.of(squad.squadId(), since.toString()),
                program.startOf(since.plusDays(days)), detail);
    }
}
