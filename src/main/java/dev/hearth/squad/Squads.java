package dev.hearth.squad;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.Program;
import dev.hearth.program.SquadRules;

/**
 * manage-squad's use cases (create, describe, archive, read with health), and the check every
 * join of a squad makes: that it exists and is open.
 */
@ApplicationScoped
public class Squads {

    private final SquadTable squads;
    private final MemberTable members;

    public Squads(SquadTable squads, MemberTable members) {
        this.squads = squads;
        this.members = members;
    }

    /** A squad as a change left it, with its health; duplicate: a repeated CREATE. */
    public record Shown(Squad squad, SquadHealth health, boolean duplicate) {
    }

    public Shown create(Program program, String squadId, String name, String theme, String leaderId, Instant now) {
        String programId = program.programId();
        requireLeader(programId, leaderId);
        Squad squad = new Squad(programId, squadId, name, theme, leaderId, Squad.Status.OPEN, now,
                program.localDay(now), null, 0);
        if (squads.create(squad)) {
            return show(program, squad, now, false);
        }
        Squad existing = require(programId, squadId, "squadId");
        if (!existing.sameAs(name, theme, leaderId)) {
            throw new HearthException(ErrorCode.SQUAD_ID_IN_USE, "squadId", "squad " + squadId + " already exists as \""
                    + existing.name() + "\"; UPDATE it, or choose another id");
        }
        return show(program, existing, now, true);
    }

    public Shown describe(Program program, String squadId, String name, String theme, String leaderId, Instant now) {
        String programId = program.programId();
        requireOpen(require(programId, squadId, "squadId"), "squadId");
        requireLeader(programId, leaderId);
        if (!squads.describe(programId, squadId, name, theme, leaderId)) {
            requireOpen(require(programId, squadId, "squadId"), "squadId");
        }
        return show(program, require(programId, squadId, "squadId"), now, false);
    }

    /** Archives a squad; archiving an archived one changes nothing. */
    public Shown archive(Program program, String squadId, Instant now) {
        String programId = program.programId();
        Squad squad = require(programId, squadId, "squadId");
        if (squad.open()) {
            squads.archive(programId, squadId, now);
        }
        return show(program, require(programId, squadId, "squadId"), now, !squad.open());
    }

    public Shown one(Program program, String squadId, Instant now) {
        return show(program, require(program.programId(), squadId, "squadId"), now, false);
    }

    /** A page of squads with their health, and the squad id to continue after. */
    public record ShownPage(List<Shown> squads, String continueAfter) {
    }

    public ShownPage page(Program program, String after, int limit, Instant now) {
        SquadTable.Page page = squads.page(program.programId(), after, limit);
        List<Shown> shown = new ArrayList<>();
        for (Squad squad : page.squads()) {
            shown.add(show(program, squad, now, false));
        }
        return new ShownPage(shown, page.continueAfter());
    }

    /** A squad's health today, from its counters: the 7 latest day items and its last activity. */
    public SquadHealth health(Program program, Squad squad, Instant now) {
        LocalDate today = program.localDay(now);
        Map<LocalDate, Map<String, Long>> days = squads.days(program.programId(), squad.squadId(),
                today.minusDays(SquadHealth.WINDOW_DAYS - 1L), today);
        long activeToday = days.getOrDefault(today, Map.of()).getOrDefault(SquadPulse.LAST, 0L);
        long activeInWindow = days.values().stream().mapToLong(c -> c.getOrDefault(SquadPulse.LAST, 0L)).sum();
        LocalDate last = days.entrySet().stream().filter(e -> e.getValue().getOrDefault(SquadPulse.ACTIVE, 0L) > 0)
                .map(Map.Entry::getKey).max(LocalDate::compareTo)
                .orElseGet(() -> squads.lastActivityDay(program.programId(), squad.squadId(), today).orElse(null));
        return SquadHealth.of(squad, activeToday, activeInWindow, last, today, program.squadRules());
    }

    /**
     * The day a squad's silence began, if it reaches the program's silent days on {@code date}
     * (SquadGoingSilent): a bounded read of its day items since that many days back.
     */
    public java.util.Optional<LocalDate> silenceReachedOn(Program program, Squad squad, LocalDate date) {
        SquadRules rules = program.squadRules();
        Map<LocalDate, Long> active = new java.util.TreeMap<>();
        squads.days(program.programId(), squad.squadId(), date.minusDays(rules.silentDays()), date)
                .forEach((day, counters) -> active.put(day, counters.getOrDefault(SquadPulse.ACTIVE, 0L)));
        return SquadHealth.silenceReachedOn(squad, active, date, rules);
    }

    /** The open squads of a program whose health today has this status (an audience's squads). */
    public List<String> withStatus(Program program, SquadHealth.Status status, Instant now) {
        return squads.all(program.programId()).stream().filter(Squad::open)
                .filter(s -> health(program, s, now).status() == status).map(Squad::squadId).toList();
    }

    /**
     * The squads a member is to join, each checked: it exists ({@code [404] SQUAD_NOT_FOUND
     * field[i]}) and is open ({@code [409] SQUAD_ARCHIVED field[i]}). One read for all of them.
     */
    public void requireJoinable(String programId, List<String> squadIds, String field) {
        Map<String, Squad> found = squads.findAll(programId, squadIds);
        for (int i = 0; i < squadIds.size(); i++) {
            String squadId = squadIds.get(i);
            Squad squad = found.get(squadId);
            if (squad == null) {
                throw notFound(programId, squadId, field + "[" + i + "]");
            }
            requireOpen(squad, field + "[" + i + "]");
        }
    }

    private Shown show(Program program, Squad squad, Instant now, boolean duplicate) {
        return new Shown(squad, health(program, squad, now), duplicate);
    }

    /** The squad, or {@code [404] SQUAD_NOT_FOUND field}. */
    public Squad require(String programId, String squadId, String field) {
        return squads.find(programId, squadId).orElseThrow(() -> notFound(programId, squadId, field));
    }

    private static HearthException notFound(String programId, String squadId, String field) {
        return new HearthException(ErrorCode.SQUAD_NOT_FOUND, field, "no squad " + squadId + " in program " + programId
                + " (manage-squad CREATE makes one)");
    }

    private static void requireOpen(Squad squad, String field) {
        if (!squad.open()) {
            throw new HearthException(ErrorCode.SQUAD_ARCHIVED, field, "squad " + squad.squadId() + " was archived at "
                    + squad.archivedAt() + " and takes no change or new member");
        }
    }

    private void requireLeader(String programId, String leaderId) {
        if (leaderId != null) {
            members.require(programId, leaderId, "leaderId");
        }
    }
}
