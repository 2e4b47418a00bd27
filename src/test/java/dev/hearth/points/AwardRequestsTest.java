package dev.hearth.points;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hearth.dynamodb.CallRecorder;
import dev.hearth.testing.Invoke;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * An award's requests, counted: no read of the ledger entry before the transaction (the
 * transaction's condition already records an activityId once), so a new award is the member and
 * one transaction (the program's rules come from the instance's cache in a warm Lambda; the tests
 * read them every time). A repeat pays instead: its failed transaction, then the stored answer.
 */
@QuarkusTest
class AwardRequestsTest {

    private static final String P = "default";

    @Test
    void aNewAwardIsTheMemberAndOneTransactionAndARepeatIsAnsweredFromTheStoredEntry() {
        String m = Invoke.newMember(P);
        JsonPath[] answer = new JsonPath[1];
        List<String> first = CallRecorder.operationsOf(
                () -> answer[0] = Invoke.award(P, m, "order-1", "PURCHASE", "amountFen", 10_000));
        assertEquals(List.of("GetItem", "GetItem", "TransactWriteItems"), first, "program, member, transaction");
        assertEquals(100, answer[0].getLong("pointsAwarded"));

        List<String> repeat = CallRecorder.operationsOf(
                () -> answer[0] = Invoke.award(P, m, "order-1", "PURCHASE", "amountFen", 10_000));
        assertTrue(answer[0].getBoolean("duplicate"));
        assertEquals(100, answer[0].getLong("pointsBalance"));
        assertEquals(List.of("GetItem", "GetItem", "TransactWriteItems", "GetItem", "GetItem"), repeat,
                "program, member, the failed transaction, the stored entry, the member");
        assertEquals(1, Invoke.member(P, m).getList("ledger").size());
    }

    @Test
    void aCappedActivityTodayReadsNoCountsAndOneDatedBeforeTheMembersLatestDayReadsThatDays() {
        String m = Invoke.newMember(P);
        List<String> today = CallRecorder.operationsOf(() -> Invoke.award(P, m, "post-1", "QUALITY_POST"));
        assertEquals(List.of("GetItem", "GetItem", "TransactWriteItems"), today,
                "program, member (holding the day's counts), transaction");
        assertEquals(List.of("GetItem", "GetItem", "TransactWriteItems"),
                CallRecorder.operationsOf(() -> Invoke.award(P, m, "post-2", "QUALITY_POST")));
        List<String> late = CallRecorder.operationsOf(() -> Invoke.award(P, m, "post-old", "QUALITY_POST", "occurredAt",
                java.time.Instant.now().minus(java.time.Duration.ofDays(3)).toString()));
        assertEquals(List.of("GetItem", "GetItem", "GetItem", "TransactWriteItems"), late,
                "program, member, that day's counts, transaction");
    }

    @Test
    void aRepeatedRefundIsStillAnsweredAsTheFirstNotRefusedAsASecondRefund() {
        String m = Invoke.newMember(P);
        Invoke.award(P, m, "order-1", "PURCHASE", "amountFen", 10_000);
        Invoke.award(P, m, "refund-1", "REFUND", "refundOf", "order-1");
        JsonPath again = Invoke.award(P, m, "refund-1", "REFUND", "refundOf", "order-1");
        assertTrue(again.getBoolean("duplicate"));
        assertEquals(0, again.getLong("pointsBalance"));
    }
}
