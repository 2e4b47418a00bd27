package dev.hearth.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.program.ActivityType;
import dev.hearth.program.Counter;
import dev.hearth.program.DefaultProgram;
import dev.hearth.program.Program;

/** The brief's default earning rules, one activity type at a time. */
class EarningTest {

    private final Program program = DefaultProgram.create();
    /** 2026-03-10 09:00 in Shanghai. */
    private final Instant at = Instant.parse("2026-03-10T01:00:00Z");

    /** The day counts the store would keep, per local day. */
    private final Map<LocalDate, DailyCounts> days = new HashMap<>();

    private Earning.Recorded record(Member m, Activity a) {
        return record(m, a, null, false, at);
    }

    /** Records as the store does: with the counts of the activity's day, kept afterwards. */
    private Earning.Recorded record(Member m, Activity a, LedgerEntry purchase, boolean newConnection, Instant now) {
        LocalDate day = program.localDay(a.occurredAt());
        DailyCounts counts = program.earning().dailyCap(a.type()) == null ? null
                : days.getOrDefault(day, DailyCounts.none(day));
        Earning.Recorded r = Earning.record(program, m, a, purchase, newConnection, counts, now);
        if (r.dayCounts() != null) {
            days.put(day, r.dayCounts());
        }
        return r;
    }

    @Test
    void aPurchaseEarnsOnePointPerWholeYuanAndCountsSpend() {
        Earning.Recorded r = record(Members.joined(program, "m"), Members.purchase("o1", 12_399, at));
        assertEquals(123, r.pointsAwarded());
        assertEquals(123, r.member().pointsBalance);
        assertEquals(12_399, r.member().counter(Counter.SPEND_FEN));
        assertEquals(1, r.member().counter(Counter.PURCHASES));
    }

    @Test
    void fixedPointsPerActivityType() {
        Member m = Members.joined(program, "m");
        assertEquals(50, record(m, Members.simple("a", ActivityType.QUALITY_POST, at)).pointsAwarded());
        assertEquals(100, record(m, Members.simple("a", ActivityType.EVENT_ATTENDANCE, at)).pointsAwarded());
        assertEquals(30, record(m, Members.simple("a", ActivityType.FEEDBACK, at)).pointsAwarded());
        assertEquals(5, record(m, Members.simple("a", ActivityType.CHECK_IN, at)).pointsAwarded());
        assertEquals(200, record(m, Members.with("a", ActivityType.REFERRAL, "x", at)).pointsAwarded());
        assertEquals(1, record(m, Members.with("a", ActivityType.INTERACTION, "x", at)).pointsAwarded());
    }

    @Test
    void eachTypeCountsItsLifetimeCounter() {
        Member m = Members.joined(program, "m");
        m = record(m, Members.simple("a", ActivityType.QUALITY_POST, at)).member();
        m = record(m, Members.simple("b", ActivityType.EVENT_ATTENDANCE, at)).member();
        m = record(m, Members.simple("c", ActivityType.FEEDBACK, at)).member();
        m = record(m, Members.with("d", ActivityType.REFERRAL, "x", at)).member();
        assertEquals(1, m.counter(Counter.QUALITY_POSTS));
        assertEquals(1, m.counter(Counter.EVENTS));
        assertEquals(1, m.counter(Counter.FEEDBACKS));
        assertEquals(1, m.counter(Counter.REFERRALS));
        assertEquals(50 + 100 + 30 + 200, m.pointsBalance);
    }

    @Test
    void interactionsAreCappedPerLocalDayAndTheCapResetsNextDay() {
        Member m = Members.joined(program, "m");
        long points = 0;
        for (int i = 0; i < 25; i++) {
            Earning.Recorded r = record(m, Members.with("i" + i, ActivityType.INTERACTION, "x", at));
            points += r.pointsAwarded();
            m = r.member();
        }
        assertEquals(20, points);
        // Past the cap an interaction is recorded but counts nowhere.
        assertEquals(20, m.counter(Counter.INTERACTIONS));
        Instant nextLocalDay = Instant.parse("2026-03-10T16:00:00Z"); // 00:00 on the 11th in Shanghai
        assertEquals(1, record(m, Members.with("j", ActivityType.INTERACTION, "x", nextLocalDay)).pointsAwarded());
    }

    @Test
    void theDailyCapFollowsTheProgramsTimeZoneNotUtc() {
        Member m = Members.joined(program, "m");
        Instant lateEvening = Instant.parse("2026-03-10T15:59:00Z"); // 23:59 on the 10th in Shanghai
        Instant afterMidnight = Instant.parse("2026-03-10T16:01:00Z"); // 00:01 on the 11th
        m = record(m, Members.simple("c1", ActivityType.CHECK_IN, lateEvening)).member();
        // Both are on 2026-03-10 in UTC; in Shanghai they are two days, so both check-ins earn.
        assertEquals(5, record(m, Members.simple("c2", ActivityType.CHECK_IN, afterMidnight)).pointsAwarded());
    }

    @Test
    void aSecondCheckInOnTheSameDayEarnsNothing() {
        Member m = record(Members.joined(program, "m"), Members.simple("c1", ActivityType.CHECK_IN, at)).member();
        Earning.Recorded second = record(m, Members.simple("c2", ActivityType.CHECK_IN, at.plusSeconds(60)));
        assertEquals(0, second.pointsAwarded());
        assertEquals(1, second.member().counter(Counter.CHECK_INS));
    }

    @Test
    void onlyANewConnectionCountsAsOne() {
        Member m = Members.joined(program, "m");
        m = record(m, Members.with("i1", ActivityType.INTERACTION, "x", at), null, true, at).member();
        m = record(m, Members.with("i2", ActivityType.INTERACTION, "x", at), null, false, at).member();
        assertEquals(1, m.counter(Counter.CONNECTIONS));
        assertEquals(2, m.counter(Counter.INTERACTIONS));
    }

    @Test
    void aFullRefundTakesBackThePointsTheSpendAndThePurchase() {
        Earning.Recorded bought = record(Members.joined(program, "m"), Members.purchase("o1", 80_000, at));
        Earning.Recorded refunded = record(bought.member(), Members.refund("r1", "o1", null, at),
                bought.entry(), false, at);
        assertEquals(-800, refunded.pointsAwarded());
        assertEquals(0, refunded.member().pointsBalance);
        assertEquals(0, refunded.member().counter(Counter.SPEND_FEN));
        assertEquals(0, refunded.member().counter(Counter.PURCHASES));
    }

    @Test
    void aPartialRefundTakesBackItsShareAndKeepsThePurchase() {
        Earning.Recorded bought = record(Members.joined(program, "m"), Members.purchase("o1", 80_000, at));
        Earning.Recorded refunded = record(bought.member(), Members.refund("r1", "o1", 20_000L, at),
                bought.entry(), false, at);
        assertEquals(-200, refunded.pointsAwarded());
        assertEquals(600, refunded.member().pointsBalance);
        assertEquals(60_000, refunded.member().counter(Counter.SPEND_FEN));
        assertEquals(1, refunded.member().counter(Counter.PURCHASES));
    }

    @Test
    void aRefundOfMoreThanWasBoughtIsRejected() {
        Earning.Recorded bought = record(Members.joined(program, "m"), Members.purchase("o1", 80_000, at));
        HearthException e = assertThrows(HearthException.class, () -> record(bought.member(),
                Members.refund("r1", "o1", 80_001L, at), bought.entry(), false, at));
        assertEquals(ErrorCode.REFUND_EXCEEDS_PURCHASE, e.code());
        assertTrue(e.getMessage().startsWith("[422] REFUND_EXCEEDS_PURCHASE amountFen: "));
    }

    @Test
    void aRefundAfterThePointsExpiredDoesNotTakeThemTwice() {
        Earning.Recorded bought = record(Members.joined(program, "m"), Members.purchase("o1", 50_000, at));
        Member m = bought.member();
        m = record(m, Members.simple("p", ActivityType.QUALITY_POST, at.plus(Duration.ofDays(400)))).member();
        PointLots.expire(m, LocalDate.of(2027, 3, 10), 12);
        assertEquals(50, m.pointsBalance);
        Earning.Recorded refunded = record(m, Members.refund("r1", "o1", null, at), bought.entry(),
                false, at);
        assertEquals(0, refunded.pointsAwarded());
        assertEquals(50, refunded.member().pointsBalance);
    }

    @Test
    void crossingAThresholdUpgradesAtOnce() {
        Earning.Recorded r = record(Members.joined(program, "m"), Members.purchase("o1", 50_000, at));
        assertTrue(r.entry().tierChanged());
        assertEquals("FAN", r.member().tier);
        assertFalse(record(r.member(), Members.purchase("o2", 100, at)).entry().tierChanged());
    }

    @Test
    void aRefundInsideTheReturnWindowTakesBackAtOnceTheTierItsPurchaseBought() {
        Earning.Recorded bought = record(Members.joined(program, "m"), Members.purchase("o1", 200_000, at));
        assertEquals("FAN", bought.member().tier);
        assertEquals("MEMBER", bought.entry().tierBefore());
        Instant refundAt = at.plus(Duration.ofDays(program.returnWindowDays()));
        Earning.Recorded refunded = record(bought.member(), Members.refund("r1", "o1", null, refundAt),
                bought.entry(), false, refundAt);
        assertEquals(TierLadder.Change.REVERSED, refunded.tierChange());
        assertEquals("MEMBER", refunded.member().tier);
        assertEquals(null, refunded.member().belowTierSince);
        assertTrue(refunded.entry().tierChanged());
    }

    @Test
    void aRefundAfterTheReturnWindowStartsTheGraceInsteadOfDowngrading() {
        Earning.Recorded bought = record(Members.joined(program, "m"), Members.purchase("o1", 50_000, at));
        Instant late = at.plus(Duration.ofDays(program.returnWindowDays() + 1));
        Earning.Recorded refunded = record(bought.member(), Members.refund("r1", "o1", null, late),
                bought.entry(), false, late);
        assertEquals("FAN", refunded.member().tier);
        assertEquals(late, refunded.member().belowTierSince);
    }

    @Test
    void aReversalStopsAtTheTierHeldBeforeThePurchaseOrStillQualifiedFor() {
        Earning.Recorded fan = record(Members.joined(program, "m"), Members.purchase("o1", 60_000, at));
        Member m = record(fan.member(), Members.simple("p1", ActivityType.QUALITY_POST, at)).member();
        m = record(m, Members.simple("p2", ActivityType.QUALITY_POST, at)).member();
        m = record(m, Members.simple("p3", ActivityType.QUALITY_POST, at)).member();
        Earning.Recorded friend = record(m, Members.purchase("o2", 50_000, at.plusSeconds(60)), null, false,
                at.plusSeconds(60));
        assertEquals("CLOSE_FRIEND", friend.member().tier);
        Earning.Recorded refunded = record(friend.member(), Members.refund("r2", "o2", null, at.plusSeconds(120)),
                friend.entry(), false, at.plusSeconds(120));
        assertEquals("FAN", refunded.member().tier);
    }

    @Test
    void capsHoldForEveryLocalDayWhateverOrderActivitiesArriveIn() {
        Member m = Members.joined(program, "m");
        Instant today = at;
        Instant yesterday = at.minus(Duration.ofDays(1));
        m = record(m, Members.simple("c-today", ActivityType.CHECK_IN, today)).member();
        long backDated = 0;
        for (int i = 0; i < 50; i++) {
            Earning.Recorded r = record(m, Members.simple("c-y" + i, ActivityType.CHECK_IN, yesterday));
            backDated += r.pointsAwarded();
            m = r.member();
        }
        assertEquals(5, backDated, "one check-in a day, yesterday too");
        assertEquals(2, m.counter(Counter.CHECK_INS));
        assertEquals(0, record(m, Members.simple("c-today-2", ActivityType.CHECK_IN, today)).pointsAwarded());
    }

    @Test
    void anInvitersReferralsAreCappedPerDayAndAreHearthsOwnEntries() {
        Member inviter = Members.joined(program, "inviter");
        long points = 0;
        for (int i = 0; i < 8; i++) {
            LocalDate day = program.localDay(at);
            Earning.Recorded r = Earning.referral(program, inviter, "friend-" + i, at,
                    days.getOrDefault(day, DailyCounts.none(day)), at);
            days.put(day, r.dayCounts());
            assertTrue(r.entry().byHearth());
            assertEquals("referral:friend-" + i, r.entry().activityId());
            points += r.pointsAwarded();
            inviter = r.member();
        }
        assertEquals(5 * 200, points);
        assertEquals(5, inviter.counter(Counter.REFERRALS));
    }

    @Test
    void activityMovesLastActiveForwardOnly() {
        Member m = record(Members.joined(program, "m"), Members.simple("a", ActivityType.CHECK_IN, at)).member();
        m = record(m, Members.simple("b", ActivityType.QUALITY_POST, at.minus(Duration.ofDays(3)))).member();
        assertEquals(at, m.lastActiveAt);
    }
}
