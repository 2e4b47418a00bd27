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
}
