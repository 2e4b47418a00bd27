package dev.hearth.points;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hearth.testing.Concurrently;
import dev.hearth.testing.Invoke;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Exactly-once under concurrency, against DynamoDB Local's real transactions. */
@QuarkusTest
class ConcurrencyTest {

    private static final String P = "default";
    private static final int CALLERS = 50;

    @Test
    void fiftyConcurrentAwardsWithDistinctIdsGiveAnExactBalance() throws Exception {
        String m = Invoke.newMember(P);
        List<JsonPath> answers = concurrently(i -> Invoke.award(P, m, "order-" + i, "PURCHASE", "amountFen", 5_000));
        JsonPath member = Invoke.member(P, m);
        assertEquals(CALLERS * 50, member.getLong("pointsBalance"));
        assertEquals(CALLERS, member.getLong("counters.purchases"));
        assertEquals(CALLERS, answers.stream().filter(a -> !a.getBoolean("duplicate")).count());
        // Every balance from 50 to 2500 was answered exactly once: no two awards saw the same state.
        assertEquals(CALLERS, answers.stream().map(a -> a.getLong("pointsBalance")).distinct().count());
    }

    @Test
    void fiftyConcurrentCheckInsOfOneDayEarnOnce() throws Exception {
        String m = Invoke.newMember(P);
        List<JsonPath> answers = concurrently(i -> Invoke.award(P, m, "check-in-" + i, "CHECK_IN"));
        assertEquals(1, answers.stream().filter(a -> a.getLong("pointsAwarded") > 0).count());
        JsonPath member = Invoke.member(P, m);
        assertEquals(5, member.getLong("pointsBalance"));
        assertEquals(1, member.getLong("counters.checkIns"));
    }

    @Test
    void fiftyConcurrentDeliveriesOfOneIdAwardOnce() throws Exception {
        String m = Invoke.newMember(P);
        List<JsonPath> answers = concurrently(i -> Invoke.award(P, m, "order-1", "PURCHASE", "amountFen", 10_000));
        assertEquals(1, answers.stream().filter(a -> !a.getBoolean("duplicate")).count());
        answers.forEach(a -> assertEquals(100, a.getLong("pointsBalance")));
        JsonPath member = Invoke.member(P, m);
        assertEquals(100, member.getLong("pointsBalance"));
        assertEquals(1, member.getLong("counters.purchases"));
        assertEquals(1, member.getList("ledger").size());
    }

    private static List<JsonPath> concurrently(java.util.function.IntFunction<JsonPath> call) throws Exception {
        return Concurrently.call(CALLERS, call);
    }
}
