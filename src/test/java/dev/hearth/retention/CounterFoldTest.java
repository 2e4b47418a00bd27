package dev.hearth.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.local.LocalStreams;
import dev.hearth.testing.Invoke;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * fold-counters folds each stream record's counters once: a batch handed again (whole, or after
 * a first part of it was folded) adds nothing twice, a batch larger than one transaction is folded
 * in chunks, and a stream handed again from its very start changes no counter.
 */
@QuarkusTest
class CounterFoldTest {

    @Inject
    StatsTable stats;
    @Inject
    LocalStreams stream;
    @Inject
    dev.hearth.program.ProgramTable programs;

    /** A stream record of an entry of {@code programId} that adds {@code issued} on {@code day}. */
    private static Map<String, Object> record(String eventId, String programId, String memberId, LocalDate day,
            long issued) {
        String shard = String.format("%02d", dev.hearth.dynamodb.Shards.of(memberId));
        Map<String, Object> counters = Map.of("M", Map.of(shard, Map.of("M", Map.of("D#" + day,
                Map.of("M", Map.of("issued", Map.of("N", Long.toString(issued))))))));
        Map<String, Object> image = Map.of("pk", Map.of("S", programId + "#" + memberId),
                "sk", Map.of("S", "A#" + eventId), "counters", counters);
        return Map.of("eventID", eventId, "eventName", "INSERT", "eventSource", "aws:dynamodb",
                "dynamodb", Map.of("NewImage", image, "SequenceNumber", "1", "StreamViewType", "NEW_IMAGE"));
    }

    private static Map<String, Object> batch(List<Map<String, Object>> records) {
        return Map.of("Records", records);
    }

    private long issued(String programId, LocalDate from, LocalDate to) {
        return stats.sum(programId, "D#" + from, "D#" + to).values().stream()
                .mapToLong(c -> c.getOrDefault("issued", 0L)).sum();
    }

    @Test
    void aBatchHandedAgainAddsOnlyWhatItHadNotFolded() {
        String p = Invoke.unique("fold");
        LocalDate day = LocalDate.now().minusDays(1);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record(p + "-e" + i, p, "m-" + i, day, 10 + i));
        }
        // A first invocation folded the first two records, then failed (its answer lost).
        JsonPath first = Invoke.ok("fold-counters", batch(records.subList(0, 2)));
        assertEquals(2, first.getInt("folded"));
        assertEquals(21, issued(p, day, day));
        // The stream hands the batch again, from the same first record, with what followed.
        JsonPath again = Invoke.ok("fold-counters", batch(records));
        assertEquals(2, again.getInt("foldedBefore"));
        assertEquals(3, again.getInt("folded"));
        assertEquals(10 + 11 + 12 + 13 + 14, issued(p, day, day));
        JsonPath thrice = Invoke.ok("fold-counters", batch(records));
        assertEquals(5, thrice.getInt("foldedBefore"));
        assertEquals(0, thrice.getInt("folded"));
        assertEquals(10 + 11 + 12 + 13 + 14, issued(p, day, day));
    }

    @Test
    void aBatchTouchingMoreItemsThanOneTransactionHoldsIsFoldedInChunksOnce() {
        String p = Invoke.unique("fold");
        LocalDate first = LocalDate.now().minusDays(200);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            // each record its own day item (and, 16 ways, its own shard): 150 items and more
            records.add(record(p + "-e" + i, p, "m-" + i, first.plusDays(i), 1));
        }
        JsonPath folded = Invoke.ok("fold-counters", batch(records));
        assertEquals(150, folded.getInt("folded"));
        assertTrue(folded.getInt("transactions") >= 2, folded.prettify());
        assertEquals(150, issued(p, first, first.plusDays(149)));
        JsonPath again = Invoke.ok("fold-counters", batch(records));
        assertEquals(150, again.getInt("foldedBefore"));
        assertEquals(0, again.getInt("transactions"));
        assertEquals(150, issued(p, first, first.plusDays(149)));
    }

    @Test
    void theWholeStreamHandedAgainFromItsStartChangesNoCounter() {
        String p = Invoke.unique("fold");
        dev.hearth.testing.TestPrograms.copyOfDefault(programs, p);
        String member = Invoke.newMember(p);
        for (int i = 0; i < 3; i++) {
            Invoke.award(p, member, "post-" + i, "QUALITY_POST");
        }
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        Map<String, Map<String, Long>> before = stats.sum(p, "D#" + today.minusDays(1), "D#" + today.plusDays(1) + "~");
        assertTrue(before.values().stream().anyMatch(c -> c.getOrDefault("issued", 0L) > 0), before.toString());
        CounterFold.Folded replayed = stream.foldFromTheStart();
        assertEquals(0, replayed.folded(), replayed.toString());
        assertTrue(replayed.foldedBefore() >= 3, replayed.toString());
        assertEquals(before, stats.sum(p, "D#" + today.minusDays(1), "D#" + today.plusDays(1) + "~"));
    }

    @Test
    void anEventThatIsNotAStreamBatchIsRefusedNamingTheField() {
        Invoke.rejected("fold-counters", Map.of("Records", "all of them"), 400, "[400] INVALID_FIELD Records:");
        Invoke.rejected("fold-counters", Map.of("Records", List.of(Map.of("eventName", "INSERT"))), 400,
                "[400] INVALID_FIELD Records[0].eventID:");
        Invoke.rejected("fold-counters", Map.of("Records", List.of(Map.of("eventID", "x", "eventName", "INSERT",
                "dynamodb", Map.of("NewImage", Map.of("pk", Map.of("S", "nohash"), "counters", Map.of("M", Map.of())))))),
                400, "[400] INVALID_FIELD Records[0].dynamodb.NewImage:");
        Invoke.rejected("fold-counters", Map.of("Records", List.of(record("x", "p", "m", LocalDate.now(), 1),
                Map.of("eventID", "y", "eventName", "INSERT", "dynamodb", Map.of("NewImage", Map.of("pk",
                        Map.of("S", "p#m"), "counters", Map.of("M", Map.of("c-1001", Map.of("M", Map.of("D#2026-11-23", Map.of("M",
                        Map.of("issued", Map.of("N", "5")))))))))))),
                400, "[400] INVALID_FIELD Records[1].dynamodb.NewImage: counters must be keyed by the stats shard");
        assertEquals(java.util.Optional.empty(), stats.foldedFrom("x"), "a refused batch writes nothing");
    }
}
