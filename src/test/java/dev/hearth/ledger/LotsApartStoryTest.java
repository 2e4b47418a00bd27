package dev.hearth.ledger;

import static dev.hearth.testing.Invoke.award;
import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.config.TableNames;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.ItemSize;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A member who earns on many days: the member's item keeps at most ten days of lots and every earlier
 * lot is kept apart (ledger/LotsApart), yet spending, giving back, refunding, earning late and
 * expiring all act on every lot exactly as if they were in one place.
 */
@QuarkusTest
class LotsApartStoryTest {

    private static final String P = "default";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    MemberTable members;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    TableNames tables;

    /** A purchase of {@code cny} CNY on the local day {@code daysAgo} days before today; its order id. */
    private static String earn(String m, long cny, int daysAgo) {
        String order = unique("order");
        award(P, m, order, "PURCHASE", "amountFen", cny * 100, "occurredAt",
                Instant.now().minus(Duration.ofDays(daysAgo)).toString());
        return order;
    }

    private static LocalDate daysAgo(int days) {
        return Instant.now().minus(Duration.ofDays(days)).atZone(SHANGHAI).toLocalDate();
    }

    /** The member as stored, every lot read. */
    private Member whole(String m) {
        Member member = members.find(P, m).orElseThrow();
        members.readAllLots(member);
        return member;
    }

    private Map<String, AttributeValue> item(String table, Map<String, AttributeValue> key) {
        return dynamo.getItem(g -> g.tableName(table).key(key).consistentRead(true)).item();
    }

    private static long sum(Map<LocalDate, Long> lots) {
        return lots.values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void everyLotCountsWhereverItIsKept() {
        String m = Invoke.newMember(P);
        String firstOrder = earn(m, 10, 60);
        for (int day = 59; day >= 36; day--) {
            earn(m, 10, day);
        }
        Member stored = members.find(P, m).orElseThrow();
        assertTrue(stored.pointLots.size() <= LotsApart.KEPT_WITH_MEMBER, "the member's item holds " + stored.pointLots);
        assertEquals(daysAgo(60), stored.lotsApart.oldest());
        Map<String, AttributeValue> memberItem = item(tables.members(), Map.of("pk", AttributeValue.fromS(P + "#" + m)));
        assertTrue(ItemSize.of(memberItem) < 1024, "the member's item stays under 1 KB: " + ItemSize.of(memberItem));
        Map<String, AttributeValue> apartItem = item(tables.activities(), Map.of("pk", AttributeValue.fromS(P + "#" + m),
                "sk", AttributeValue.fromS("L#apart")));
        assertTrue(apartItem.containsKey(daysAgo(60).toString()), "the oldest lot is kept apart: " + apartItem.keySet());
        Member before = whole(m);
        assertTrue(before.pointLots.size() >= 25);
        assertEquals(before.pointsBalance, sum(before.pointLots), "the lots add up to the balance");

        // Spent from the oldest lots, which are apart; given back to the same lots.
        JsonPath redeemed = ok("redeem-reward", event("programId", P, "memberId", m, "redemptionId", "r-1",
                "rewardId", "notebook-sample"));
        assertEquals(daysAgo(60).toString(), redeemed.getString("lots[0].earnedOn"));
        Member spent = whole(m);
        assertEquals(before.pointsBalance - 200, spent.pointsBalance);
        assertEquals(spent.pointsBalance, sum(spent.pointLots));
        assertFalse(spent.pointLots.containsKey(daysAgo(60)), "the oldest lot was spent first");
        ok("redeem-reward", event("programId", P, "memberId", m, "redemptionId", "r-1", "action", "CANCEL"));
        assertEquals(before.pointLots, whole(m).pointLots, "the same points back in the same lots");

        // A refund takes the points back from the purchase's own lot, apart.
        long oldestLot = before.pointLots.get(daysAgo(60));
        award(P, m, "refund-1", "REFUND", "refundOf", firstOrder);
        Member refunded = whole(m);
        assertFalse(refunded.pointLots.containsKey(daysAgo(60)));
        assertEquals(before.pointsBalance - oldestLot, refunded.pointsBalance);
        assertEquals(refunded.pointsBalance, sum(refunded.pointLots));

        // A purchase dated before every lot held with the member is added apart without reading it.
        earn(m, 10, 100);
        Member late = whole(m);
        assertTrue(late.pointLots.containsKey(daysAgo(100)));
        assertEquals(daysAgo(100), late.lotsApart.oldest());
        assertEquals(late.pointsBalance, sum(late.pointLots));

        // A lot earned 13 months ago expires at the next review, with nothing else.
        earn(m, 10, 400);
        Member withOld = whole(m);
        long oldLot = withOld.pointLots.get(daysAgo(400));
        JsonPath reviewed = ok("evaluate-tier", event("programId", P, "memberId", m));
        assertEquals(oldLot, reviewed.getLong("member.pointsExpired"));
        Member expired = whole(m);
        assertFalse(expired.pointLots.containsKey(daysAgo(400)));
        assertEquals(withOld.pointsBalance - oldLot, expired.pointsBalance);
        assertEquals(expired.pointsBalance, sum(expired.pointLots));
        assertEquals(new TreeMap<>(late.pointLots), expired.pointLots, "the other lots as they were");
    }
}
