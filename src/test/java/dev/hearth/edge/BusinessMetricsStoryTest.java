package dev.hearth.edge;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.rejected;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.program.ProgramTable;
import dev.hearth.squad.SquadTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the functions publish as business metrics, by program: a join, an award and a refund, a
 * rejection by its code, the perks a join delivers, and the day's snapshot figures. Each line is
 * valid EMF; the figures are the ones the functions answered.
 */
@QuarkusTest
class BusinessMetricsStoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ProgramTable programs;
    @Inject
    SquadTable squads;

    @Test
    void joinsAwardsRejectionsAndTheSnapshotArePublishedByProgram() throws Exception {
        String p = unique("metrics");
        TestPrograms.copyOfDefault(programs, squads, p);
        List<JsonNode> lines = new CopyOnWriteArrayList<>();
        try (AutoCloseable listening = BusinessMetrics.listen(line -> {
            try {
                lines.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })) {
            String m = unique("m");
            JsonNode joined = JSON.valueToTree(ok("onboard-member", event("programId", p, "memberId", m, "displayName",
                    "Metric", "channel", "QR", "tags", List.of("sleepless"))).getMap("$"));
            Invoke.award(p, m, "o-1", "PURCHASE", "amountFen", 12_300);
            Invoke.award(p, m, "o-1", "PURCHASE", "amountFen", 12_300); // a repeat publishes nothing
            Invoke.award(p, m, "r-1", "REFUND", "refundOf", "o-1");
            rejected("award-points", event("programId", p, "memberId", unique("nobody"), "activityId", "x", "type",
                    "CHECK_IN"), 404, "[404] MEMBER_NOT_FOUND");
            String today = java.time.LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
            JsonNode snapshot = JSON.valueToTree(ok("daily-retention-snapshot", event("programId", p, "date", today))
                    .getMap("snapshot"));

            for (JsonNode line : lines) {
                BusinessMetricsTest.assertEmf(line.toString());
            }
            JsonNode join = only(lines, "MembersJoined", p);
            assertEquals(1, join.get("MembersJoined").asInt());
            assertEquals(joined.get("perks").size(), join.get("PerksDelivered").asInt());
            List<JsonNode> awards = lines.stream().filter(l -> l.has("Awards") && p.equals(l.path("programId").asText()))
                    .toList();
            assertEquals(2, awards.size(), "the purchase and the refund, not the repeat");
            assertEquals("PURCHASE", awards.get(0).get("activityType").asText());
            assertEquals(123, awards.get(0).get("PointsIssued").asInt());
            assertEquals("REFUND", awards.get(1).get("activityType").asText());
            assertEquals(123, awards.get(1).get("PointsReversed").asInt());
            assertEquals(1, lines.stream().filter(l -> l.has("Rejections") && "award-points".equals(
                    l.path("function").asText()) && "MEMBER_NOT_FOUND".equals(l.path("code").asText())).count());
            JsonNode figures = only(lines, "TotalMembers", p);
            assertEquals(snapshot.get("totalMembers").asLong(), figures.get("TotalMembers").asLong());
            assertEquals(snapshot.get("activeDay").asLong(), figures.get("ActiveDay").asLong());
            assertEquals(snapshot.get("silentSquads").asLong(), figures.get("SilentSquads").asLong());
            java.util.Map<String, Long> tiers = new java.util.TreeMap<>();
            lines.stream().filter(l -> l.has("TierMembers") && p.equals(l.path("programId").asText()))
                    .forEach(l -> tiers.put(l.get("tier").asText(), l.get("TierMembers").asLong()));
            java.util.Map<String, Long> expected = new java.util.TreeMap<>();
            snapshot.get("tierDistribution").fields().forEachRemaining(t -> expected.put(t.getKey(), t.getValue().asLong()));
            assertEquals(expected, tiers);
        }
    }

    private static JsonNode only(List<JsonNode> lines, String metric, String programId) {
        List<JsonNode> found = lines.stream().filter(l -> l.has(metric) && programId.equals(l.path("programId").asText()))
                .toList();
        assertEquals(1, found.size(), metric + ": " + found);
        return found.get(0);
    }
}
