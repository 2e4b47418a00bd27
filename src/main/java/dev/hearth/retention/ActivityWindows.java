package dev.hearth.retention;

import java.time.LocalDate;
import java.util.NavigableSet;

/**
 * Distinct active members over a trailing window (7, 14, 30 days) without scanning members: when
 * a member becomes active on a new day, the window-end days for which they now count for the first
 * time form one interval, recorded as +1 at its start and -1 after its end (a difference array);
 * both are written on the activity's own day, as shifts from it ({@link RollUps#shifted}), so a member's
 * first activity of a day touches no later day's item.
 * The number of members active in the window ending on D is then the sum of these deltas up to D.
 */
public final class ActivityWindows {

    public static final int[] WINDOWS = { 7, 14, 30 };

    private ActivityWindows() {
    }

    /** A newly covered interval of window-end days, inclusive. */
    public record Interval(LocalDate from, LocalDate to) {
    }

    /**
     * @param activeDays the member's active days before this one (must not contain {@code day})
     * @return the window-end days on which the member newly counts, or null if none
     */
    public static Interval newlyCovered(NavigableSet<LocalDate> activeDays, LocalDate day, int window) {
        LocalDate previous = activeDays.lower(day);
        LocalDate next = activeDays.higher(day);
        LocalDate from = previous == null ? day : max(day, previous.plusDays(window));
        LocalDate to = day.plusDays(window - 1);
        if (next != null && next.minusDays(1).isBefore(to)) {
            to = next.minusDays(1);
        }
        return from.isAfter(to) ? null : new Interval(from, to);
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
