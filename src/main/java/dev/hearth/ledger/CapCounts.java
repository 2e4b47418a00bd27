package dev.hearth.ledger;

import java.time.LocalDate;

/**
 * Where a member's counts of capped activities per local day are kept: the counts of the latest
 * day they counted on in the member item (read with the member, written with it: no request of
 * their own), an earlier day's in its own item (D#day in the activities table), stored when the
 * member moves on to a later day and read only for an activity dated before it. So a cap holds for
 * every day, whatever order activities arrive in, and the everyday case (today, again) costs nothing.
 *
 * <p>Members stored before the member item held counts (none held, D# items for their active days)
 * hold a day's counts only from a day after their latest active day: no D# item can exist for it.
 */
public final class CapCounts {

    private CapCounts() {
    }

    /** Whether the member holds (or will hold) the counts of {@code day}: no D# item is read for it. */
    public static boolean held(Member member, LocalDate day) {
        if (member.dayCounts != null) {
            return !day.isBefore(member.dayCounts.day());
        }
        return member.activeDays.isEmpty() || day.isAfter(member.activeDays.last());
    }

    /** The counts of a day the member holds ({@link #held}): theirs for that day, or none yet. */
    public static DailyCounts of(Member member, LocalDate day) {
        return member.dayCounts != null && member.dayCounts.day().equals(day) ? member.dayCounts.copy()
                : DailyCounts.none(day);
    }

    /**
     * Keeps {@code counted} (the counts of the activity's day after it) where they belong: in
     * {@code after} when the member holds that day, else in their own item. Returns the counts to
     * store in a D# item, or null: the activity's own day's when the member does not hold it; the
     * day left behind when the member moves on to a later one.
     */
    public static DailyCounts keep(Member before, Member after, DailyCounts counted) {
        if (!held(before, counted.day())) {
            return counted;
        }
        after.dayCounts = counted.copy();
        DailyCounts left = before.dayCounts;
        return left != null && left.day().isBefore(counted.day()) ? left.copy() : null;
    }
}
