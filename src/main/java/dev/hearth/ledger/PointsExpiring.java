package dev.hearth.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hearth.events.EventType;
import dev.hearth.events.HearthEvent;
import dev.hearth.program.Program;

/**
 * PointsExpiring: a member is told of each lot of points 30 days and again 7 days before it
 * expires, once per lot and threshold. Each member carries the day from which the daily run looks
 * at their lots ({@link Member#pointsNoticeOn}, indexed): a lot earned or given back brings it no
 * later than that lot's first notice; the run, having told what is due, moves it to the next
 * notice's day. So the run reads only the members with a notice due, never the rest.
 */
public final class PointsExpiring {

    /** Days before a lot's expiry at which the member is told, the earliest first. */
    public static final List<Integer> THRESHOLDS = List.of(30, 7);

    private PointsExpiring() {
    }

    /** One lot's notice: its points, when they expire, and how many days before that it is told. */
    public record Notice(LocalDate earnedOn, long points, LocalDate expiresOn, int withinDays) {
    }

    /** The day a lot earned on {@code earnedOn} expires (the review takes it that day); null if points never expire. */
    public static LocalDate expiresOn(Program program, LocalDate earnedOn) {
        return program.pointsExpiryMonths() <= 0 ? null : earnedOn.plusMonths(program.pointsExpiryMonths());
    }

    /** Makes sure the daily run looks at the member's lots by the first notice of the lot earned on {@code earnedOn}. */
    public static void lookFrom(Program program, Member member, LocalDate earnedOn) {
        if (program.pointsExpiryMonths() <= 0) {
            return;
        }
        // Not looked at yet (all told before, or an item from before notices): from the oldest lot.
        LocalDate oldest = member.oldestLot();
        LocalDate from = member.pointsNoticeOn == null && oldest != null && oldest.isBefore(earnedOn) ? oldest : earnedOn;
        LocalDate first = expiresOn(program, from).minusDays(THRESHOLDS.get(0));
        if (member.pointsNoticeOn == null || first.isBefore(member.pointsNoticeOn)) {
            member.pointsNoticeOn = first;
        }
    }

    /**
     * The notices due by {@code date}: for each lot not yet expired, the nearest threshold whose day
     * has come (a run that missed the 30-day notice until the 7-day one is due tells only the 7-day
     * one). Told before? Their events' keys say so: each is written once.
     */
    public static List<Notice> due(Program program, Member member, LocalDate date) {
        List<Notice> due = new ArrayList<>();
        if (program.pointsExpiryMonths() <= 0) {
            return due;
        }
        member.requireAllLots();
        member.pointLots.forEach((earnedOn, points) -> {
            LocalDate expires = expiresOn(program, earnedOn);
            if (!expires.isAfter(date)) {
                return;
            }
            for (int i = THRESHOLDS.size() - 1; i >= 0; i--) {
                int days = THRESHOLDS.get(i);
                if (!expires.minusDays(days).isAfter(date)) {
                    due.add(new Notice(earnedOn, points, expires, days));
                    return;
                }
            }
        });
        return due;
    }

    /** The day of the member's next notice after {@code date}, or null when none is ahead. */
    public static LocalDate next(Program program, Member member, LocalDate date) {
        if (program.pointsExpiryMonths() <= 0) {
            return null;
        }
        member.requireAllLots();
        LocalDate next = null;
        for (LocalDate earnedOn : member.pointLots.keySet()) {
            for (int days : THRESHOLDS) {
                LocalDate day = expiresOn(program, earnedOn).minusDays(days);
                if (day.isAfter(date) && (next == null || day.isBefore(next))) {
                    next = day;
                }
            }
        }
        return next;
    }

    /**
     * The event of a notice. Its key follows from the lot and the threshold, and it happens at the
     * start of the local day the threshold is reached: however often or late the day is run, it is
     * written once.
     */
    public static HearthEvent event(Program program, Member member, Notice notice) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("points", notice.points());
        detail.put("earnedOn", notice.earnedOn().toString());
        detail.put("expiresOn", notice.expiresOn().toString());
        detail.put("withinDays", notice.withinDays());
        detail.put("pointsBalance", member.pointsBalance);
        Instant reached = program.startOf(notice.expiresOn().minusDays(notice.withinDays()));
        return HearthEvent.of(EventType.POINTS_EXPIRING, program.programId(), member.memberId,
                List.of(notice.earnedOn().toString(), Integer.toString(notice.withinDays())), reached, detail);
    }
}
