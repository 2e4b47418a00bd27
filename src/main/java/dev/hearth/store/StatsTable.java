package dev.hearth.store;

import static dev.hearth.store.ItemFields.n;
import static dev.hearth.store.ItemFields.s;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.retention.StatsDelta;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
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
 *   pk = programId#runs,                                 sk = tier-review#yyyy-mm-dd   a night's review: counts, cursor
 * writes       UpdateItem ADD inside each join / award / review transaction. Every activity
 *              touches its day item, so the counters are write-sharded 16 ways by member: a program
 *              then spreads over 16 partition keys (16 x 1,000 WCU/s) instead of one, and two
 *              activities only contend on an item when their members share a shard.
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
    List<TransactWriteItem> updates(String programId, String memberId, StatsDelta delta) {
        return updates(programId, Map.of(memberId, delta));
    }

    /**
     * Several members' deltas as transaction items, merged per item: a transaction may touch an
     * item only once, and an inviter and invitee can share a shard.
     */
    List<TransactWriteItem> updates(String programId, Map<String, StatsDelta> deltas) {
        Map<String, Map<String, Map<String, Long>>> byKey = new TreeMap<>();
        new TreeMap<>(deltas).forEach((memberId, delta) -> {
            String pk = MemberTable.shard(programId, memberId);
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
        for (int shard = 0; shard < MemberTable.SHARDS; shard++) {
            QueryRequest query = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", s(MemberTable.shardKey(programId, shard)), ":from", s(fromSk),
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

    /** The night's review of a program (totals so far and its cursor), if it has started. */
    public java.util.Optional<ProgramReview.Run> reviewRun(String programId, LocalDate night) {
        Map<String, AttributeValue> i = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", s(programId + "#runs"), "sk", s("tier-review#" + night)))).item();
        if (i == null || i.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ProgramReview.Run((int) ItemFields.number(i, "membersReviewed"),
                (int) ItemFields.number(i, "upgraded"), (int) ItemFields.number(i, "downgraded"),
                (int) ItemFields.number(i, "graceStarted"), (int) ItemFields.number(i, "graceCleared"),
                ItemFields.number(i, "pointsExpired"), (int) ItemFields.number(i, "membersWithPointsExpired"),
                Boolean.TRUE.equals(i.get("complete").bool()), ItemFields.string(i, "cursor"),
                (int) ItemFields.number(i, "failed"), ItemFields.strings(i, "failedMembers")));
    }

    public void putReviewRun(String programId, LocalDate night, ProgramReview.Run run) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(programId + "#runs"));
        item.put("sk", s("tier-review#" + night));
        item.put("membersReviewed", n(run.membersReviewed()));
        item.put("upgraded", n(run.upgraded()));
        item.put("downgraded", n(run.downgraded()));
        item.put("graceStarted", n(run.graceStarted()));
        item.put("graceCleared", n(run.graceCleared()));
        item.put("pointsExpired", n(run.pointsExpired()));
        item.put("membersWithPointsExpired", n(run.membersWithPointsExpired()));
        item.put("complete", AttributeValue.fromBool(run.complete()));
        ItemFields.putIfPresent(item, "cursor", run.cursor());
        item.put("failed", n(run.failed()));
        item.put("failedMembers", ItemFields.strings(run.failedMembers()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    public void putSnapshot(String programId, LocalDate date, String figures) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of("pk", s(programId + "#snapshots"),
                "sk", s(date.toString()), "figures", s(figures))));
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

    public CreateTableRequest definition() {
        return CreateTableRequest.builder().tableName(table)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .billingMode(BillingMode.PAY_PER_REQUEST).build();
    }
}
