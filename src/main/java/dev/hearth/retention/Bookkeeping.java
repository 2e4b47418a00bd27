package dev.hearth.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.NavigableSet;
import java.util.TreeSet;

import dev.hearth.ledger.LedgerEntry;
import dev.hearth.ledger.Member;
import dev.hearth.program.ActivityType;
import dev.hearth.program.Counter;
import dev.hearth.program.Program;

/**
 * What the retention snapshot needs, kept as the data arrives: each join, activity and review
 * turns into counter increments (a {@link StatsDelta}) written in the same transaction as the
 * change itself, so the counters are exactly as right as the ledger.
 *
 * <p>Day counters: {@code newMembers}, {@code referralJoins}, {@code active}, {@code issued},
 * {@code reversed}, {@code expired}, {@code feedbackSum}, {@code feedbackCount} (what happened on
 * the day) and {@code buyers}, {@code repeatBuyers},
 * {@code tier.ID} (deltas, summed up to a day for the figure as of that day). Cohort counters
 * (by join day): {@code size}, {@code o0}..{@code o30} (members active N days after joining), and
 * the same with {@code .referral} (joined by invitation) and {@code .connected} (5 or more
 * connections in the first week: a member moves into it, with their days so far, when they reach
 * 5). Squads: {@code squadMembers.ID} (deltas at join and at each joining or leaving) and
 * {@code squadActive.ID} (members of the squad active that day, or who joined it that day). Window
 * counters, on the day's window item: {@code w7>K}, {@code w14>K}, {@code w30>K}, deltas of the
 * distinct actives over 7 / 14 / 30 days that take effect K days after the day of the activity that
 * wrote them ({@link ActivityWindows}' interval ends; earlier data holds them as {@code w7} etc. on the
 * end's own day item).
 */
public final class Bookkeeping {

    public static final int MAX_OFFSET = 30;
    /** First-week connections that put a member in the "connected" split, after the LinkedIn finding. */
    public static final int CONNECTED = 5;

    private Bookkeeping() {
    }

    /** A member joined (already marked active on the join day). */
    public static StatsDelta forJoin(Program program, Member member) {
        StatsDelta delta = new StatsDelta();
        LocalDate day = program.localDay(member.joinedAt);
        delta.day(day, "newMembers", 1);
        if (member.invitedBy != null) {
            delta.day(day, "referralJoins", 1);
        }
        delta.cohort(day, "size", 1);
        if (member.invitedBy != null) {
            delta.cohort(day, "size.referral", 1);
        }
        delta.day(day, "tier." + member.tier, 1);
        for (String squad : member.squads) {
            delta.day(day, "squadMembers." + squad, 1);
        }
        newActiveDay(delta, new TreeSet<>(), member, day, day);
        return delta;
    }

    /**
     * A member imported with their history (import-members): counted as a join on their original
     * join day (so they are in that day's cohort), as buyers and repeat buyers on it by their
     * purchases, on their tier from it, and their point lots as issued on the days they were earned.
     */
    public static StatsDelta forImport(Program program, Member member) {
        StatsDelta delta = forJoin(program, member);
        LocalDate day = program.localDay(member.joinedAt);
        long purchases = member.counter(Counter.PURCHASES);
        delta.day(day, "buyers", purchases >= 1 ? 1 : 0);
        delta.day(day, "repeatBuyers", purchases >= 2 ? 1 : 0);
        member.pointLots.forEach((earned, points) -> delta.day(earned, "issued", points));
        return delta;
    }

    /** A member's recorded activity: before and after are the member either side of it. */
    public static StatsDelta forActivity(Program program, Member before, Member after, LedgerEntry entry) {
        StatsDelta delta = new StatsDelta();
        LocalDate day = program.localDay(entry.occurredAt());
        if (entry.type() == ActivityType.REFUND) {
            delta.day(day, "reversed", -entry.points());
        } else if (entry.points() > 0) {
            delta.day(day, "issued", entry.points());
        }
        if (entry.type() == ActivityType.FEEDBACK && entry.score() != null) {
            delta.day(day, "feedbackSum", entry.score());
            delta.day(day, "feedbackCount", 1);
        }
        buyers(delta, day, before, after);
        tiers(delta, day, before, after);
        LocalDate joinDay = program.localDay(after.joinedAt);
        if (before.firstWeekConnections < CONNECTED && after.firstWeekConnections >= CONNECTED) {
            // Now in the connected split: so are the days already counted.
            delta.cohort(joinDay, "size.connected", 1);
            for (LocalDate earlier : before.activeDays) {
                long offset = ChronoUnit.DAYS.between(joinDay, earlier);
                if (offset >= 0 && offset <= MAX_OFFSET) {
                    delta.cohort(joinDay, "o" + offset + ".connected", 1);
                }
            }
        }
        if (!before.activeDays.contains(day) && after.activeDays.contains(day)) {
            newActiveDay(delta, before.activeDays, after, day, joinDay);
        }
        return delta;
    }

    /** A member joined and left squads (update-member), on the change's local day. */
    public static StatsDelta forSquadChange(Program program, java.util.Collection<String> joined,
            java.util.Collection<String> left, Instant at) {
        StatsDelta delta = new StatsDelta();
        LocalDate day = program.localDay(at);
        joined.forEach(squad -> delta.day(day, "squadMembers." + squad, 1));
        // Joining is a sign of life of the squad that day, as the squads' own health counts it.
        joined.forEach(squad -> delta.day(day, "squadActive." + squad, 1));
        left.forEach(squad -> delta.day(day, "squadMembers." + squad, -1));
        return delta;
    }

    /** The nightly review: expired points and a tier change, on the review's local day. */
    public static StatsDelta forReview(Program program, Member before, Member after, long pointsExpired, Instant now) {
        StatsDelta delta = new StatsDelta();
        LocalDate day = program.localDay(now);
        delta.day(day, "expired", pointsExpired);
        tiers(delta, day, before, after);
        return delta;
    }

    /** {@code day} is a new active day of {@code after}; {@code earlierDays}: their active days before it. */
    private static void newActiveDay(StatsDelta delta, NavigableSet<LocalDate> earlierDays, Member after, LocalDate day,
            LocalDate joinDay) {
        delta.day(day, "active", 1);
        for (String squad : after.squads) {
            delta.day(day, "squadActive." + squad, 1);
        }
        long offset = ChronoUnit.DAYS.between(joinDay, day);
        if (offset >= 0 && offset <= MAX_OFFSET) {
            delta.cohort(joinDay, "o" + offset, 1);
            if (after.invitedBy != null) {
                delta.cohort(joinDay, "o" + offset + ".referral", 1);
            }
            if (after.firstWeekConnections >= CONNECTED) {
                delta.cohort(joinDay, "o" + offset + ".connected", 1);
            }
        }
        for (int window : ActivityWindows.WINDOWS) {
            ActivityWindows.Interval covered = ActivityWindows.newlyCovered(earlierDays, day, window);
            if (covered != null) {
                // Both ends on the day's own window item, as shifts from it: no item of a later day is touched.
                delta.window(day, RollUps.shifted(window, ChronoUnit.DAYS.between(day, covered.from())), 1);
                delta.window(day, RollUps.shifted(window, ChronoUnit.DAYS.between(day, covered.to()) + 1), -1);
            }
        }
    }

    private static void buyers(StatsDelta delta, LocalDate day, Member before, Member after) {
        long b = before.counter(Counter.PURCHASES);
        long a = after.counter(Counter.PURCHASES);
        delta.day(day, "buyers", (a >= 1 ? 1 : 0) - (b >= 1 ? 1 : 0));
        delta.day(day, "repeatBuyers", (a >= 2 ? 1 : 0) - (b >= 2 ? 1 : 0));
    }

    private static void tiers(StatsDelta delta, LocalDate day, Member before, Member after) {
        if (!before.tier.equals(after.tier)) {
            delta.day(day, "tier." + before.tier, -1);
            delta.day(day, "tier." + after.tier, 1);
        }
    }
}
