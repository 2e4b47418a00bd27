package dev.hearth.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.dynamodb.Transactions;
import dev.hearth.ledger.ActivityTable.EntryCounters;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * fold-counters' use case: adds the retention counters that recorded activities carry on their
 * ledger entries (award-points stores them there instead of writing counter items) to the stats
 * table, exactly once, from the activities table's stream.
 *
 * <p>Why exactly once: the stream hands a batch of one shard's records, in order, and hands it
 * again from its first record, with at least the records it held, until an invocation succeeds
 * (the mapping neither bisects a batch nor skips a record); the next batch begins after its last
 * record. The batch is folded in chunks (a
 * transaction holds at most 100 items); each chunk's transaction adds its counters and puts a
 * marker keyed by its first record's eventID, holding how many records it folded, on the
 * condition that the marker is new. So a chunk commits whole or not at all, and commits once: a
 * batch handed again finds the marker of its first chunk, skips what it holds, and goes on from
 * there. Markers expire after 2 days, when the stream (24 hours) can no longer hand their records.
 */
@ApplicationScoped
public class CounterFold {

    /** A transaction holds at most 100 items; one is the chunk's marker. */
    static final int MAX_COUNTER_ITEMS = 99;

    /** One stream record that moves counters: its eventID and what its entry carries. */
    public record Recorded(String eventId, EntryCounters entry) {
    }

    /** What one call did: records that moved counters, those folded now, those folded before, transactions. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Folded(int records, int folded, int foldedBefore, int transactions) {
    }

    private final StatsTable stats;
    private final Transactions transactions;

    public CounterFold(StatsTable stats, Transactions transactions) {
        this.stats = stats;
        this.transactions = transactions;
    }

    public Folded fold(List<Recorded> records) {
        int at = 0;
        int folded = 0;
        int before = 0;
        int committed = 0;
        while (at < records.size()) {
            Optional<Integer> done = stats.foldedFrom(records.get(at).eventId());
            if (done.isPresent()) {
                int skipped = Math.min(done.get(), records.size() - at);
                before += skipped;
                at += skipped;
                continue;
            }
            int end = at;
            List<TransactWriteItem> writes = List.of();
            Map<String, Map<String, Map<String, Map<String, Long>>>> merged = new TreeMap<>();
            while (end < records.size()) {
                // The chunk's counters so far with one record more: built on what is merged, so a
                // chunk costs in proportion to its records, not their square.
                Map<String, Map<String, Map<String, Map<String, Long>>>> candidate = copy(merged);
                add(candidate, records.get(end));
                List<TransactWriteItem> more = writes(candidate);
                if (more.size() > MAX_COUNTER_ITEMS) {
                    if (end == at) {
                        throw new IllegalStateException("record " + records.get(at).eventId() + " moves "
                                + more.size() + " counter items, more than one transaction holds");
                    }
                    break;
                }
                merged = candidate;
                writes = more;
                end++;
            }
            List<TransactWriteItem> chunk = new ArrayList<>(writes);
            chunk.add(stats.foldMarker(records.get(at).eventId(), end - at));
            if (transactions.attempt(chunk, "fold of " + (end - at) + " records from " + records.get(at).eventId())
                    == Transactions.COMMITTED) {
                committed++;
                folded += end - at;
                at = end;
            }
            // else: the marker is there now (another fold of the same records won): read it again.
        }
        return new Folded(records.size(), folded, before, committed);
    }

    /** programId -> shard -> counter item -> counter -> increment. */
    private static void add(Map<String, Map<String, Map<String, Map<String, Long>>>> merged, Recorded record) {
        Map<String, Map<String, Map<String, Long>>> shards = merged.computeIfAbsent(record.entry().programId(),
                k -> new TreeMap<>());
        record.entry().counters().forEach((shard, items) -> items.forEach((sk, counters) -> counters.forEach(
                (name, value) -> shards.computeIfAbsent(shard, k -> new TreeMap<>())
                        .computeIfAbsent(sk, k -> new TreeMap<>()).merge(name, value, Long::sum))));
    }

    private static Map<String, Map<String, Map<String, Map<String, Long>>>> copy(
            Map<String, Map<String, Map<String, Map<String, Long>>>> merged) {
        Map<String, Map<String, Map<String, Map<String, Long>>>> copy = new TreeMap<>();
        merged.forEach((programId, shards) -> shards.forEach((shard, items) -> items.forEach((sk, counters) -> copy
                .computeIfAbsent(programId, k -> new TreeMap<>()).computeIfAbsent(shard, k -> new TreeMap<>())
                .put(sk, new TreeMap<>(counters)))));
        return copy;
    }

    /** The counter writes of merged records: one UpdateItem per counter item they touch. */
    private List<TransactWriteItem> writes(Map<String, Map<String, Map<String, Map<String, Long>>>> merged) {
        List<TransactWriteItem> writes = new ArrayList<>();
        merged.forEach((programId, shards) -> writes.addAll(stats.updatesOfShards(programId, shards)));
        return writes;
    }
}
