package dev.hearth.member;

import java.time.Instant;
import java.time.LocalDate;

import dev.hearth.error.HearthException;
import dev.hearth.program.EarningRules;
import dev.hearth.program.Program;

/** Turns one activity into points, counters and a tier decision. Pure: no storage. */
public final class Earning {

    /** The member after the activity, its ledger line and the points it moved. */
    public record Recorded(Member member, LedgerEntry entry, TierLadder.Change tierChange) {
        public long pointsAwarded() {
            return entry.points();
        }

        public boolean tierChanged() {
            return entry.tierChanged();
        }
    }

    private Earning() {
    }

    /**
     * @param purchase for a refund, the ledger line of the purchase it reverses (already checked to
     *        be an unrefunded purchase of this member); otherwise null
     * @param newConnection for an interaction, whether this is the first with that member
     */
    public static Recorded record(Program program, Member before, Activity activity, LedgerEntry purchase,
            boolean newConnection, Instant now) {
        Member member = before.copy();
        EarningRules rules = program.earning();
        LocalDate day = activity.occurredAt().atZone(program.timeZone()).toLocalDate();
        LocalDate lotDay = null;
        long points = 0;
        switch (activity.type()) {
            case PURCHASE -> {
                points = capped(rules, member, activity.type(), day, rules.pointsForPurchase(activity.amountFen()));
                member.add(Counter.SPEND_FEN, activity.amountFen());
                member.add(Counter.PURCHASES, 1);
                lotDay = day;
            }
            case REFUND -> {
                long amount = activity.amountFen() == null ? purchase.amountFen() : activity.amountFen();
                if (amount > purchase.amountFen()) {
                    throw HearthException.unprocessable("REFUND_EXCEEDS_PURCHASE", "amountFen",
                            "refund of " + amount + " is more than the purchase's " + purchase.amountFen());
                }
                // Points back in proportion to the amount; whatever already expired is not taken twice.
                long pointsBack = Math.multiplyExact(purchase.points(), amount) / purchase.amountFen();
                points = -PointLots.takeBack(member, purchase.lotDay(), pointsBack);
                member.add(Counter.SPEND_FEN, -amount);
                if (amount == purchase.amountFen()) {
                    member.add(Counter.PURCHASES, -1);
                }
            }
            case QUALITY_POST -> points = counted(rules, member, activity, day, Counter.QUALITY_POSTS);
            case REFERRAL -> points = counted(rules, member, activity, day, Counter.REFERRALS);
            case EVENT_ATTENDANCE -> points = counted(rules, member, activity, day, Counter.EVENTS);
            case FEEDBACK -> points = counted(rules, member, activity, day, Counter.FEEDBACKS);
            case CHECK_IN -> points = counted(rules, member, activity, day, Counter.CHECK_INS);
            case INTERACTION -> {
                points = counted(rules, member, activity, day, Counter.INTERACTIONS);
                if (newConnection) {
                    member.add(Counter.CONNECTIONS, 1);
                    long offset = day.toEpochDay() - member.joinedAt.atZone(program.timeZone()).toLocalDate().toEpochDay();
                    if (offset >= 0 && offset < 7) {
                        member.firstWeekConnections++;
                    }
                }
            }
            case EXPIRY -> throw new IllegalArgumentException("expiry is not a client activity");
        }
        if (points > 0) {
            PointLots.earn(member, day, points);
        }
        member.markActive(day);
        if (member.lastActiveAt == null || activity.occurredAt().isAfter(member.lastActiveAt)) {
            member.lastActiveAt = activity.occurredAt();
        }
        TierLadder.Change change = TierLadder.afterActivity(program, member, now);
        LedgerEntry entry = new LedgerEntry(activity.activityId(), activity.type(), points, activity.amountFen(),
                activity.refundOf(), activity.withMemberId(), activity.score(), activity.occurredAt(), now, lotDay,
                member.pointsBalance, member.tier, change == TierLadder.Change.UPGRADED, null);
        return new Recorded(member, entry, change);
    }

    private static long counted(EarningRules rules, Member member, Activity activity, LocalDate day, Counter counter) {
        member.add(counter, 1);
        return capped(rules, member, activity.type(), day, rules.pointsFor(activity.type()));
    }

    /** Counts the activity against its daily cap; past the cap it earns nothing. */
    private static long capped(EarningRules rules, Member member, ActivityType type, LocalDate day, long points) {
        Integer cap = rules.dailyCap(type);
        if (cap == null) {
            return points;
        }
        if (member.countsDay == null || day.isAfter(member.countsDay)) {
            member.countsDay = day;
            member.dailyCounts.clear();
        } else if (day.isBefore(member.countsDay)) {
            // A late activity for an earlier day: only the latest day's counts are kept, so it is not capped.
            return points;
        }
        int count = member.dailyCounts.merge(type, 1, Integer::sum);
        return count > cap ? 0 : points;
    }
}
