package dev.hearth.retention;

import static dev.hearth.dynamodb.ItemFields.n;
import static dev.hearth.dynamodb.ItemFields.s;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.Shards;
import dev.hearth.dynamodb.TableSpec;
import dev.hearth.dynamodb.TableSpec.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The stats table: the counters the retention snapshot reads instead of scanning members, and the
 * stored snapshots.
 *
 * <pre>
 * key          pk (S), sk (S)
 *   pk = programId#NN (NN = 00..15, the member's shard), sk = D#yyyy-mm-dd   day counters
 *   pk = programId#NN,                                   sk = C#yyyy-mm-dd   join-cohort counters
 *   pk = programId#snapshots,                            sk = yyyy-mm-dd      a stored snapshot (figures: JSON)
 *   pk = programId#runs,                                 sk = tier-review#yyyy-mm-dd   a night's review: counts,
 *                                                        cursor (read and written by tier/ReviewRuns)
 * writes       UpdateItem ADD inside each join / award / review transaction. Every activity
 *              touches its day item, so the counters are write-sharded 16 ways by member: a program
 *              then spreads over 16 partition keys (16 x 1,000 WCU/s) instead of one, and two
 *              activities only contend on an item when their members share a shard.
 * erasure      Query of the program's stored snapshots filtered on the member's id (reads them
 *              all: a rare operator request), Put of those that name the member, without the name.
 * reads        a snapshot for day D: per shard, one Query of the D# items up to D (running sums)
 *              and one of the C# items of the 31 cohorts before D — O(days x shards), never
 *              O(members).
 * </pre>
 */
@ApplicationScoped
public class StatsTable {

    private final DynamoDbClient dynamo;
    private final String table;

    public StatsTable(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.stats();
    }

    /** The delta's increments as transaction items, in the member's shard. */
    public List<TransactWriteItem> updates(String programId, String memberId, StatsDelta delta) {
        return updates(programId, Map.of(memberId, delta));
    }

    /**
     * Several members' deltas as transaction items, merged per item: a transaction may touch an
     * item only once, and an inviter and invitee can share a shard.
     */
    public List<TransactWriteItem> updates(String programId, Map<String, StatsDelta> deltas) {
        Map<String, Map<String, Map<String, Long>>> byKey = new TreeMap<>();
        new TreeMap<>(deltas).forEach((memberId, delta) -> {
            String pk = Shards.key(programId, memberId);
            delta.items().forEach((sk, counters) -> counters.forEach((name, value) -> byKey
                    .computeIfAbsent(pk, k -> new TreeMap<>()).computeIfAbsent(sk, k -> new TreeMap<>())
                    .merge(name, value, Long::sum)));
        });
        List<TransactWriteItem> writes = new ArrayList<>();
        byKey.forEach((pk, items) -> items.forEach((sk, counters) -> {
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            List<String> adds = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, Long> counter : counters.entrySet()) {
                if (counter.getValue() == 0) {
                    continue;
                }
                names.put("#c" + i, counter.getKey());
                values.put(":v" + i, n(counter.getValue()));
                adds.add("#c" + i + " :v" + i);
                i++;
            }
            if (adds.isEmpty()) {
                return;
            }
            writes.add(TransactWriteItem.builder().update(u -> u.tableName(table)
                    .key(Map.of("pk", s(pk), "sk", s(sk)))
                    .updateExpression("ADD " + String.join(", ", adds))
                    .expressionAttributeNames(names).expressionAttributeValues(values)).build());
        }));
        return writes;
    }

    /** Counters summed over all shards, per item key (D#... or C#...), for keys in [fromSk, toSk]. */
    public Map<String, Map<String, Long>> sum(String programId, String fromSk, String toSk) {
        Map<String, Map<String, Long>> totals = new TreeMap<>();
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            QueryRequest query = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", s(Shards.key(programId, shard)), ":from", s(fromSk),
                            ":to", s(toSk)))
                    .build();
            dynamo.queryPaginator(query).items().forEach(item -> {
                Map<String, Long> counters = totals.computeIfAbsent(item.get("sk").s(), k -> new TreeMap<>());
                item.forEach((name, value) -> {
                    if (value.n() != null) {
                        counters.merge(name, Long.parseLong(value.n()), Long::sum);
                    }
                });
            });
        }
        return totals;
    }

    public void putSnapshot(String programId, LocalDate date, String figures) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of("pk", s(programId + "#snapshots"),
                "sk", s(date.toString()), "figures", s(figures))));
    }

    /** The stored snapshots whose figures hold {@code text} (date -> figures): the few that name one member. */
    public Map<LocalDate, String> snapshotsHolding(String programId, String text) {
        QueryRequest query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk").filterExpression("contains(figures, :t)")
                .expressionAttributeValues(Map.of(":pk", s(programId + "#snapshots"), ":t", s(text))).build();
        Map<LocalDate, String> found = new TreeMap<>();
        dynamo.queryPaginator(query).items().forEach(item -> found.put(LocalDate.parse(item.get("sk").s()),
                item.get("figures").s()));
        return found;
    }

    /** Stored snapshots' figures (JSON) for days in [from, to], in date order. */
    public List<String> snapshots(String programId, LocalDate from, LocalDate to) {
        QueryRequest query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", s(programId + "#snapshots"), ":from", s(from.toString()),
                        ":to", s(to.toString())))
                .build();
        List<String> figures = new ArrayList<>();
        dynamo.queryPaginator(query).items().forEach(item -> figures.add(item.get("figures").s()));
        return figures;
    }

    /** Keys and indexes: the one source of this table's shape, locally and in the stack (infra/tables.json). */
    public static final TableSpec SPEC = TableSpec.of("stats", Key.s("pk"), Key.s("sk"));

    public CreateTableRequest definition() {
        return SPEC.createRequest(table);
    }
}
