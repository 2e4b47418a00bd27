package dev.hearth.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.program.ActivityType;
import dev.hearth.program.Counter;
import dev.hearth.program.EarningRules;
import dev.hearth.program.Program;
import dev.hearth.program.ReferralCredit;

/** Turns one activity into points, counters and a tier decision. Pure: no storage. */
public final class Earning {

    /**
     * The member after the activity, its ledger line and the points it moved; {@code dayCounts}: the
     * day's counts after it (null for an uncapped type), to be stored with the member.
     */
    public record Recorded(Member member, LedgerEntry entry, TierLadder.Change tierChange, DailyCounts dayCounts) {
        public long pointsAwarded() {
            return entry.points();
        }
    }

    private Earning() {
    }

    /**
     * @param purchase for a refund, the ledger line of the purchase it reverses (already checked to
     *        be an unrefunded purchase of this member); otherwise null
     * @param newConnection for an interaction, whether this is the first with that member
     * @param dayCounts what already counted on the activity's local day (capped types), or null if
     *        the type has no cap; it is counted on a copy, returned in {@link Recorded#dayCounts()}
     */
    public static Recorded record(Program program, Member before, Activity activity, LedgerEntry purchase,
            boolean newConnection, DailyCounts dayCounts, Instant now) {
        Member member = before.copy();
        EarningRules rules = program.earning();
        LocalDate day = program.localDay(activity.occurredAt());
        DailyCounts counts = dayCounts == null ? null : dayCounts.copy();
        if (counts != null && !counts.day().equals(day)) {
            throw new IllegalArgumentException("counts of " + counts.day() + " for an activity on " + day);
        }
        LocalDate lotDay = null;
        long points = 0;
        TierLadder.Change change = null;
        switch (activity.type()) {
            case PURCHASE -> {
                points = rules.pointsForPurchase(activity.amountFen());
                member.add(Counter.SPEND_FEN, activity.amountFen());
                member.add(Counter.PURCHASES, 1);
                lotDay = day;
            }
            case REFUND -> {
                long amount = activity.amountFen() == null ? purchase.amountFen() : activity.amountFen();
                if (amount > purchase.amountFen()) {
                    throw new HearthException(ErrorCode.REFUND_EXCEEDS_PURCHASE, "amountFen",
                            "refund of " + amount + " is more than the purchase's " + purchase.amountFen());
                }
                // Points back in proportion to the amount; whatever already expired is not taken twice.
                long pointsBack = Math.multiplyExact(purchase.points(), amount) / purchase.amountFen();
                points = -PointLots.takeBack(member, purchase.lotDay(), pointsBack);
                member.add(Counter.SPEND_FEN, -amount);
                if (amount == purchase.amountFen()) {
                    member.add(Counter.PURCHASES, -1);
                }
                change = TierLadder.afterRefund(program, member, purchase, activity.occurredAt(), now);
            }
            case QUALITY_POST -> points = counted(rules, member, activity, counts, Counter.QUALITY_POSTS);
            case REFERRAL -> points = counted(rules, member, activity, counts, Counter.REFERRALS);
            case EVENT_ATTENDANCE -> points = counted(rules, member, activity, counts, Counter.EVENTS);
            case FEEDBACK -> points = counted(rules, member, activity, counts, Counter.FEEDBACKS);
            case CHECK_IN -> points = counted(rules, member, activity, counts, Counter.CHECK_INS);
            case INTERACTION -> {
                points = counted(rules, member, activity, counts, Counter.INTERACTIONS);
                // A distinct connection counts whatever the cap: repeating it cannot farm it.
                if (newConnection) {
                    member.add(Counter.CONNECTIONS, 1);
                    long offset = day.toEpochDay() - program.localDay(member.joinedAt).toEpochDay();
                    if (offset >= 0 && offset < 7) {
                        member.firstWeekConnections++;
                    }
                }
            }
            case EXPIRY, REDEMPTION, REDEMPTION_CANCELLED -> throw new IllegalArgumentException(
                    activity.type() + " is not a client activity");
        }
        if (points > 0) {
            PointLots.earn(member, day, points);
            PointsExpiring.lookFrom(program, member, day);
        }
        member.markActive(day);
        if (member.lastActiveAt == null || activity.occurredAt().isAfter(member.lastActiveAt)) {
            member.lastActiveAt = activity.occurredAt();
        }
        if (change == null || change == TierLadder.Change.NONE) {
            change = TierLadder.afterActivity(program, member, now);
        }
        boolean tierChanged = change == TierLadder.Change.UPGRADED || change == TierLadder.Change.REVERSED;
        LedgerEntry entry = new LedgerEntry(activity.activityId(), activity.type(), points, activity.amountFen(),
                activity.refundOf(), activity.withMemberId(), activity.score(), activity.occurredAt(), now, lotDay,
                member.pointsBalance, member.tier, tierChanged, null, before.tier, false);
        return new Recorded(member, entry, change, counts);
    }

    /**
     * The inviter's successful referral of {@code inviteeId}, credited by Hearth (never by a client)
     * at {@code at}: the invitee's join or first purchase, as the program's rule says.
     */
    public static Recorded referral(Program program, Member inviter, String inviteeId, Instant at,
            DailyCounts dayCounts, Instant now) {
        Activity referral = new Activity(referralId(inviteeId), ActivityType.REFERRAL, null, null, inviteeId, null, at);
        Recorded recorded = record(program, inviter, referral, null, false, dayCounts, now);
        return new Recorded(recorded.member(), recorded.entry().writtenByHearth(), recorded.tierChange(),
                recorded.dayCounts());
    }

    /**
     * Whether the invitee's inviter is credited now: at the join ({@code activity} null) or at a
     * purchase, as the program's rule says, and only once per invitee.
     */
    public static boolean referralDue(Program program, Member invitee, ActivityType activity) {
        if (invitee.invitedBy == null || invitee.referralCredited) {
            return false;
        }
        return activity == null ? program.referralCredit() == ReferralCredit.JOIN
                : activity == ActivityType.PURCHASE && program.referralCredit() == ReferralCredit.FIRST_PURCHASE;
    }

    /**
     * The purchase a refund names, if it can be refunded: it exists, it is a purchase, and no other
     * refund took it back before.
     */
    public static LedgerEntry refundable(Optional<LedgerEntry> found, String memberId, String purchaseId) {
        LedgerEntry purchase = found.orElseThrow(() -> new HearthException(ErrorCode.PURCHASE_NOT_FOUND, "refundOf",
                "member " + memberId + " has no activity " + purchaseId));
        if (purchase.type() != ActivityType.PURCHASE) {
            throw new HearthException(ErrorCode.NOT_A_PURCHASE, "refundOf",
                    "activity " + purchaseId + " is a " + purchase.type() + ", not a PURCHASE");
        }
        if (purchase.refundedBy() != null) {
            throw new HearthException(ErrorCode.ALREADY_REFUNDED, "refundOf",
                    "purchase " + purchaseId + " was already refunded by " + purchase.refundedBy());
        }
        return purchase;
    }

    /** The ledger id of the referral credited for an invitee (in Hearth's own namespace). */
    public static String referralId(String inviteeId) {
        return "referral:" + inviteeId;
    }

    /**
     * Counts the activity in its lifetime counter and earns its points while the day's cap allows;
     * past the cap the activity is still recorded (and makes the member active) but earns nothing
     * and counts nowhere, so a cap also bounds how fast a tier can be reached.
     */
    private static long counted(EarningRules rules, Member member, Activity activity, DailyCounts counts,
            Counter counter) {
        Integer cap = rules.dailyCap(activity.type());
        if (cap != null) {
            if (counts == null) {
                throw new IllegalArgumentException(activity.type() + " is capped: its day's counts are needed");
            }
            if (!counts.countUnder(activity.type(), cap)) {
                return 0;
            }
        }
        member.add(counter, 1);
        return rules.pointsFor(activity.type());
    }
}
