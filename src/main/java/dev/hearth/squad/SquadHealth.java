package dev.hearth.squad;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import dev.hearth.program.SquadRules;

/**
 * How alive a squad is on a local day, from its counters.
 *
 * @param members members now
 * @param activeToday members now in the squad who were active today
 * @param activeInSevenDays members now in the squad whose latest active day is one of the 7 local
 *        days ending today
 * @param lastActivityDay the latest local day a member was active while in the squad, or joined it;
 *        null if never
 * @param silentDays whole local days since the last activity (or since the squad was created, if later)
 */
public record SquadHealth(long members, long activeToday, long activeInSevenDays, LocalDate lastActivityDay,
        long silentDays, Status status) {

    /** ACTIVE; QUIET: no member active for the program's quiet days (3); SILENT: for its silent days (7). */
    public enum Status {
        ACTIVE, QUIET, SILENT
    }

    public static final int WINDOW_DAYS = 7;

    public static SquadHealth of(Squad squad, long activeToday, long activeInSevenDays, LocalDate lastActivityDay,
            LocalDate today, SquadRules rules) {
        long silentDays = silentDays(lastActivityDay, squad.createdDay(), today);
        return new SquadHealth(squad.members(), activeToday, activeInSevenDays, lastActivityDay, silentDays,
                status(silentDays, rules));
    }

    /** Days with no activity up to today: counted from the last activity, or from creation if that is later. */
    public static long silentDays(LocalDate lastActivityDay, LocalDate createdDay, LocalDate today) {
        LocalDate since = lastActivityDay == null || lastActivityDay.isBefore(createdDay) ? createdDay
                : lastActivityDay;
        return Math.max(0, ChronoUnit.DAYS.between(since, today));
    }

    public static Status status(long silentDays, SquadRules rules) {
        if (silentDays >= rules.silentDays()) {
            return Status.SILENT;
        }
        return silentDays >= rules.quietDays() ? Status.QUIET : Status.ACTIVE;
    }

    /**
     * The day a squad's silence began, if it reaches the program's silent days exactly on
     * {@code today} (SquadGoingSilent: told once per silence): its last activity was that many days
     * before, or it was created then and nobody has been active in it since.
     *
     * @param activeByDay members active in the squad by local day, for the silent days up to today
     */
    public static java.util.Optional<LocalDate> silenceReachedOn(Squad squad, java.util.Map<LocalDate, Long> activeByDay,
            LocalDate today, SquadRules rules) {
        LocalDate since = today.minusDays(rules.silentDays());
        boolean activeSince = activeByDay.entrySet().stream()
                .anyMatch(d -> d.getKey().isAfter(since) && !d.getKey().isAfter(today) && d.getValue() > 0);
        boolean activeThen = activeByDay.getOrDefault(since, 0L) > 0;
        if (activeSince || !(activeThen || squad.createdDay().equals(since))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(since);
    }
}
