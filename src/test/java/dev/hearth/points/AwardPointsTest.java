package dev.hearth.points;

import static dev.hearth.testing.Invoke.award;
import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.rejected;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hearth.testing.Invoke;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class AwardPointsTest {

    private static final String P = "default";

    @Test
    void aPurchaseEarnsPointsAndCrossingFiveHundredYuanMakesAFanAtOnce() {
        String m = Invoke.newMember(P);
        JsonPath first = award(P, m, "o-1", "PURCHASE", "amountFen", 30_050);
        assertEquals(300, first.getLong("pointsAwarded"));
        assertEquals("MEMBER", first.getString("tier"));
        assertFalse(first.getBoolean("tierChanged"));
        JsonPath second = award(P, m, "o-2", "PURCHASE", "amountFen", 20_000);
        assertEquals(500, second.getLong("pointsBalance"));
        assertEquals("FAN", second.getString("tier"));
        assertTrue(second.getBoolean("tierChanged"));
        assertEquals("FAN", Invoke.member(P, m).getString("tier"));
    }

    @Test
    void theSameActivityIdAgainChangesNothingAndReturnsTheFirstAnswer() {
        String m = Invoke.newMember(P);
        JsonPath first = award(P, m, "o-1", "PURCHASE", "amountFen", 60_000);
        award(P, m, "p-1", "QUALITY_POST");
        // Same id, different payload: still the first answer, as it was then.
        JsonPath again = award(P, m, "o-1", "PURCHASE", "amountFen", 99_000);
        assertTrue(again.getBoolean("duplicate"));
        assertFalse(first.getBoolean("duplicate"));
        assertEquals(600, again.getLong("pointsAwarded"));
        assertEquals(600, again.getLong("pointsBalance"));
        assertEquals("FAN", again.getString("tier"));
        assertTrue(again.getBoolean("tierChanged"));
        JsonPath member = Invoke.member(P, m);
        assertEquals(650, member.getLong("pointsBalance"));
        assertEquals(60_000, member.getLong("counters.spendFen"));
        assertEquals(2, member.getList("ledger").size());
    }

    @Test
    void aRefundTakesBackPointsAndSpendOnceAndNeverMoreThanWasBought() {
        String m = Invoke.newMember(P);
        award(P, m, "o-1", "PURCHASE", "amountFen", 30_000);
        rejected("award-points", awardEvent(m, "r-0", "REFUND", "refundOf", "o-1", "amountFen", 30_001), 422,
                "[422] REFUND_EXCEEDS_PURCHASE amountFen: ");
        JsonPath refund = award(P, m, "r-1", "REFUND", "refundOf", "o-1");
        assertEquals(-300, refund.getLong("pointsAwarded"));
        assertEquals(0, refund.getLong("pointsBalance"));
        rejected("award-points", awardEvent(m, "r-2", "REFUND", "refundOf", "o-1"), 409,
                "[409] ALREADY_REFUNDED refundOf: purchase o-1 was already refunded by r-1");
        // The same refund id again is a duplicate, not a second refund.
        assertTrue(award(P, m, "r-1", "REFUND", "refundOf", "o-1").getBoolean("duplicate"));
        JsonPath member = Invoke.member(P, m);
        assertEquals(0, member.getLong("pointsBalance"));
        assertEquals(0, member.getLong("counters.spendFen"));
        assertEquals(0, member.getLong("counters.purchases"));
        assertEquals("r-1", member.getString("ledger.find { it.activityId == 'o-1' }.refundedBy"));
    }

    @Test
    void refundsOfWhatIsNotAnUnrefundedPurchaseAreRejected() {
        String m = Invoke.newMember(P);
        String other = Invoke.newMember(P);
        award(P, m, "post-1", "QUALITY_POST");
        award(P, other, "o-other", "PURCHASE", "amountFen", 10_000);
        rejected("award-points", awardEvent(m, "r-1", "REFUND", "refundOf", "never-bought"), 404,
                "[404] PURCHASE_NOT_FOUND refundOf: ");
        rejected("award-points", awardEvent(m, "r-2", "REFUND", "refundOf", "o-other"), 404,
                "[404] PURCHASE_NOT_FOUND refundOf: ");
        rejected("award-points", awardEvent(m, "r-3", "REFUND", "refundOf", "post-1"), 422,
                "[422] NOT_A_PURCHASE refundOf: ");
        assertEquals(50, Invoke.member(P, m).getLong("pointsBalance"));
        assertEquals(1, Invoke.member(P, m).getList("ledger").size());
    }

    @Test
    void interactionsCountDistinctConnections() {
        String m = Invoke.newMember(P);
        String a = Invoke.newMember(P);
        String b = Invoke.newMember(P);
        award(P, m, "i-1", "INTERACTION", "withMemberId", a);
        award(P, m, "i-2", "INTERACTION", "withMemberId", a);
        award(P, m, "i-3", "INTERACTION", "withMemberId", b);
        JsonPath member = Invoke.member(P, m);
        assertEquals(3, member.getLong("counters.interactions"));
        assertEquals(2, member.getLong("counters.connections"));
        assertEquals(3, member.getLong("pointsBalance"));
        rejected("award-points", awardEvent(m, "i-4", "INTERACTION", "withMemberId", "ghost-" + m), 404,
                "[404] MEMBER_NOT_FOUND withMemberId: ");
        rejected("award-points", awardEvent(m, "i-5", "INTERACTION", "withMemberId", m), 400,
                "[400] SELF_INTERACTION withMemberId: ");
        rejected("award-points", awardEvent(m, "i-6", "REFERRAL", "withMemberId", m), 400,
                "[400] INVALID_FIELD type: REFERRAL is not sent by clients");
    }

    @Test
    void badEventsAreRejectedAndWriteNothing() {
        String m = Invoke.newMember(P);
        award(P, m, "o-1", "PURCHASE", "amountFen", 10_000);
        List<Object[]> cases = List.of(
                new Object[] { awardEvent(m, "x-1", "PURCHASE", "amountFen", -5), 400,
                        "[400] INVALID_FIELD amountFen: must be greater than 0" },
                new Object[] { awardEvent(m, "x-2", "PURCHASE", "amountFen", 0), 400,
                        "[400] INVALID_FIELD amountFen: must be greater than 0" },
                new Object[] { awardEvent(m, "x-3", "PURCHASE", "amountFen", 100_000_001L), 400,
                        "[400] INVALID_FIELD amountFen: must be at most 100000000" },
                new Object[] { awardEvent(m, "x-4", "PURCHASE", "amountFen", "5200"), 400,
                        "[400] INVALID_FIELD amountFen: must be a whole number, got a string" },
                new Object[] { awardEvent(m, "x-5", "PURCHASE", "amountFen", 52.5), 400,
                        "[400] INVALID_FIELD amountFen: must be a whole number, got a decimal number" },
                new Object[] { awardEvent(m, "x-6", "PURCHASE"), 400, "[400] MISSING_FIELD amountFen: is required" },
                new Object[] { awardEvent(m, "x-7", "REFUND"), 400, "[400] MISSING_FIELD refundOf: is required" },
                new Object[] { awardEvent(m, "x-8", "INTERACTION"), 400,
                        "[400] MISSING_FIELD withMemberId: is required" },
                new Object[] { awardEvent(m, "x-9", "LOTTERY"), 400, "[400] INVALID_FIELD type: must be one of" },
                new Object[] { awardEvent(m, "x-10", "EXPIRY"), 400, "[400] INVALID_FIELD type: must be one of" },
                new Object[] { awardEvent(m, "x-11", "QUALITY_POST", "amountFen", 100), 400,
                        "[400] INVALID_FIELD amountFen: is not used by QUALITY_POST" },
                new Object[] { awardEvent(m, "x-12", "FEEDBACK", "score", 6), 400,
                        "[400] INVALID_FIELD score: must be from 1 to 5" },
                new Object[] { awardEvent(m, "x-13", "PURCHASE", "amountFen", 100, "score", 3), 400,
                        "[400] INVALID_FIELD score: is not used by PURCHASE" },
                new Object[] { awardEvent(m, "x-14", "CHECK_IN", "occurredAt", "2099-01-01T00:00:00Z"), 400,
                        "[400] INVALID_FIELD occurredAt: is in the future" },
                new Object[] { awardEvent(m, "x".repeat(200), "CHECK_IN"), 400,
                        "[400] INVALID_FIELD activityId: must be at most 128 characters" },
                new Object[] { event("programId", P, "memberId", m, "type", "CHECK_IN"), 400,
                        "[400] MISSING_FIELD activityId: is required" },
                new Object[] { event("programId", P, "memberId", "ghost-" + m, "activityId", "x-15", "type",
                        "CHECK_IN"), 404, "[404] MEMBER_NOT_FOUND memberId: " },
                new Object[] { event("programId", "nope", "memberId", m, "activityId", "x-16", "type", "CHECK_IN"),
                        404, "[404] PROGRAM_NOT_FOUND programId: " });
        for (Object[] c : cases) {
            rejected("award-points", c[0], (Integer) c[1], (String) c[2]);
        }
        JsonPath member = Invoke.member(P, m);
        assertEquals(100, member.getLong("pointsBalance"));
        assertEquals(1, member.getList("ledger").size());
    }

    @Test
    void getMemberShowsTheLatestTwentyLedgerEntriesNewestFirst() {
        String m = Invoke.newMember(P);
        for (int i = 1; i <= 23; i++) {
            award(P, m, String.format("post-%02d", i), "PURCHASE", "amountFen", 5_000);
        }
        JsonPath member = Invoke.member(P, m);
        List<Map<String, Object>> ledger = member.getList("ledger");
        assertEquals(20, ledger.size());
        assertEquals("post-23", ledger.get(0).get("activityId"));
        assertEquals("post-04", ledger.get(19).get("activityId"));
        assertEquals(23 * 50, member.getLong("pointsBalance"));
        assertEquals(23 * 50, ((Number) ledger.get(0).get("balanceAfter")).longValue());
    }

    private static Map<String, Object> awardEvent(String memberId, String activityId, String type, Object... more) {
        Map<String, Object> event = event("programId", P, "memberId", memberId, "activityId", activityId, "type", type);
        event.putAll(event(more));
        return event;
    }

    @Test
    void unknownFieldsAreNamed() {
        rejected("award-points", awardEvent(unique("m"), "a", "CHECK_IN", "points", 100), 400,
                "[400] UNKNOWN_FIELD points: is not a field of award-points");
    }
}
