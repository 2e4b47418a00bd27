package dev.hearth.squad;

import java.time.LocalDate;
import java.util.Collection;

import dev.hearth.ledger.Member;

/**
 * What a join, an activity or a change of squads does to the squads' counters, written in the same
 * transaction as the change itself (as the retention counters are), so a squad's health is read
 * from a few items and never from its members.
 *
 * <p>The invariant: each member of a squad counts once in {@code last} on the day item of their
 * latest active day. "Active in the last 7 days" is then the sum of {@code last} over 7 day items,
 * and a member's new latest day moves their count forward.
 */
public final class SquadPulse {
    // active: members active in the squad that day, and members who joined it that day (the
    // squad's last activity); last: see above (members active today and in the last 7 days).

    public static final String ACTIVE = "active";
    public static final String LAST = "last";

    private SquadPulse() {
    }

    /** A member joined the program with squads (active on the day they joined). */
    public static SquadDelta forJoin(Member joined) {
        SquadDelta delta = new SquadDelta();
        LocalDate day = joined.activeDays.last();
        for (String squad : joined.squads) {
            delta.members(squad, 1);
            delta.day(squad, day, ACTIVE, 1);
            delta.day(squad, day, LAST, 1);
        }
        return delta;
    }

    /** A recorded activity: before and after are the member either side of it. */
    public static SquadDelta forActivity(Member before, Member after) {
        SquadDelta delta = new SquadDelta();
        LocalDate lastBefore = before.activeDays.isEmpty() ? null : before.activeDays.last();
        LocalDate lastAfter = after.activeDays.isEmpty() ? null : after.activeDays.last();
        for (LocalDate day : after.activeDays) {
            if (!before.activeDays.contains(day)) {
                after.squads.forEach(squad -> delta.day(squad, day, ACTIVE, 1));
            }
        }
        if (lastAfter != null && !lastAfter.equals(lastBefore)) {
            for (String squad : after.squads) {
                if (lastBefore != null) {
                    delta.day(squad, lastBefore, LAST, -1);
                }
                delta.day(squad, lastAfter, LAST, 1);
            }
        }
        return delta;
    }

    /**
     * A member joined and left squads on local day {@code today} (a profile change): they count on
     * their latest active day, and joining is a sign of life of the squad that day (as joining the
     * program is of the member), so a squad that just gained a member is not silent.
     */
    public static SquadDelta forChange(Member member, Collection<String> joined, Collection<String> left,
            LocalDate today) {
        SquadDelta delta = new SquadDelta();
        LocalDate last = member.activeDays.isEmpty() ? null : member.activeDays.last();
        for (String squad : joined) {
            delta.members(squad, 1);
            delta.day(squad, today, ACTIVE, 1);
            if (last != null) {
                delta.day(squad, last, LAST, 1);
            }
        }
        for (String squad : left) {
            delta.members(squad, -1);
            if (last != null) {
                delta.day(squad, last, LAST, -1);
            }
        }
        return delta;
    }
}
