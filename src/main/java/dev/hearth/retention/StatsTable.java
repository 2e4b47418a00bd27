package dev.hearth.retention;

import static dev.hearth.dynamodb.ItemFields.n;
import static dev.hearth.dynamodb.ItemFields.s;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.Conditions;
import dev.hearth.dynamodb.Shards;
import dev.hearth.dynamodb.TableSpec;
import dev.hearth.dynamodb.TableSpec.Key;
import dev.hearth.dynamodb.Transactions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The stats table: the counters the retention snapshot reads instead of scanning members, and the
 * stored snapshots.
 *
 * <pre>
 * key          pk (S), sk (S)
 *   pk = programId#NN (NN = 00..15, the member's shard), sk = D#yyyy-mm-dd   day counters
 *   pk = programId#NN,                                   sk = D#yyyy-mm-dd~w   the day's window counters
 *                                                        (w7>K ...: in effect K days after the day)
 *   pk = programId#NN,                                   sk = D#yyyy-mm~rolled   the shard's month roll-up:
 *                                                        running counters of every day to that month's end
 *   pk = programId#NN,                                   sk = D#~late#yyyy-mm   late writes into an ended month
 *   pk = programId#NN,                                   sk = C#yyyy-mm-dd   join-cohort counters
 *   pk = programId#snapshots,                            sk = yyyy-mm-dd      a stored snapshot (figures: JSON)
 *   pk = programId#runs,                                 sk = tier-review#yyyy-mm-dd   a night's review: counts,
 *                                                        cursor (read and written by tier/ReviewRuns)
 *   pk = ~folds,                                         sk = eventID   a chunk of the activities stream's records
 *                                                        folded, from this record on (records: how many;
 *                                                        expiresAt: TTL, 2 days, past the stream's 24 hours)
 * writes       UpdateItem ADD inside each join / review / squad-change transaction, and inside the
 *              fold of the activities stream for recorded activities (CounterFold: a chunk's counters
 *              and its marker, conditioned on the marker being new, in one transaction). Every activity
 *              touches its day item, so the counters are write-sharded 16 ways by member: a program
 *              then spreads over 16 partition keys (16 x 1,000 WCU/s) instead of one, and two
 *              activities only contend on an item when their members share a shard. A write dated
 *              in an ended month also ADDs its running counters to that month's late item
 *              (RollUps.late: rare, a back-dated activity or an import's history).
 *              The snapshot keeps the roll-ups: once a month, per shard, a transaction that puts the
 *              new roll-up, deletes the old and the month's late item (conditions: the roll-up's
 *              version, the late item's lateWrites as read; see RollUps).
 * erasure      Query of the program's stored snapshots filtered on the member's id (reads them
 *              all: a rare operator request), Put of those that name the member, without the name.
 * reads        a snapshot for day D: per shard, one Query from the top down (late items, days
 *              after D, the days since the roll-up, the roll-up, and down to 30 days before D, whose
 *              window counters may not be in effect yet), in pages — O(31 to 62 days x shards), never
 *              O(members) nor the program's age; and one Query of the C# items of the cohorts before D. A day in or
 *              before the roll-up's month is read from all the days up to it.
 * </pre>
 */
@ApplicationScoped
public class StatsTable {

    /** Items per page after the first when reading a shard from the top. */
    private static final int PAGE = 64;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Transactions transactions;

    public StatsTable(DynamoDbClient dynamo, TableNames tables, Clock clock, Transactions transactions) {
        this.dynamo = dynamo;
        this.table = tables.stats();
        this.clock = clock;
        this.transactions = transactions;
    }

    /** The delta's increments as transaction items, in the member's shard. */
    public List<TransactWriteItem> updates(String programId, String memberId, StatsDelta delta) {
        return updates(programId, Map.of(memberId, delta));
    }

    /**
     * Several members' deltas as transaction items, merged per item: a transaction may touch an
     * item only once, and an inviter and invitee can share a shard. Days of ended months also go to
     * their month's late item, counted once per transaction.
     */
    public List<TransactWriteItem> updates(String programId, Map<String, StatsDelta> deltas) {
        Map<String, Map<String, Map<String, Long>>> byKey = new TreeMap<>();
        byShard(deltas).forEach((shard, items) -> byKey.put(programId + "#" + shard, items));
        return writes(byKey);
    }

    /**
     * Several members' deltas merged per shard of the stats table ({@code NN} -> item key -> counter
     * -> increment): what a recorded entry carries to the fold, two characters a member's shard.
     */
    public static Map<String, Map<String, Map<String, Long>>> byShard(Map<String, StatsDelta> deltas) {
        Map<String, Map<String, Map<String, Long>>> byShard = new TreeMap<>();
        new TreeMap<>(deltas).forEach((memberId, delta) -> {
            String shard = String.format("%02d", Shards.of(memberId));
            delta.items().forEach((sk, counters) -> counters.forEach((name, value) -> byShard
                    .computeIfAbsent(shard, k -> new TreeMap<>()).computeIfAbsent(sk, k -> new TreeMap<>())
                    .merge(name, value, Long::sum)));
        });
        return byShard;
    }

    /**
     * Increments already merged per shard ({@link #byShard}), of one program or of several records
     * of it, as transaction items.
     */
    public List<TransactWriteItem> updatesOfShards(String programId, Map<String, Map<String, Map<String, Long>>> byShard) {
        Map<String, Map<String, Map<String, Long>>> byKey = new TreeMap<>();
        byShard.forEach((shard, items) -> {
            if (!isShard(shard)) {
                throw new IllegalArgumentException("counters' shard must be 00 to " + (Shards.COUNT - 1) + ", was " + shard);
            }
            byKey.put(programId + "#" + shard, items);
        });
        return writes(byKey);
    }

    /** Whether a key of {@link #byShard} names one of the stats table's shards: two digits, 00 to 15. */
    public static boolean isShard(String shard) {
        return shard.matches("\\d\\d") && Integer.parseInt(shard) < Shards.COUNT;
    }

    /**
     * pk -> item key -> counter -> increment, as transaction items (ADDs; late months' items too).
     * What it is given is left as it is: the fold sizes a chunk by calling it as the chunk grows.
     */
    private List<TransactWriteItem> writes(Map<String, Map<String, Map<String, Long>>> byKey) {
        java.time.Instant now = clock.instant();
        List<TransactWriteItem> writes = new ArrayList<>();
        byKey.forEach((pk, items) -> {
            Map<String, Map<String, Long>> late = new TreeMap<>();
            items.forEach((sk, counters) -> {
                LocalDate day = RollUps.dayOf(sk);
                Map<String, Long> running = day == null || !RollUps.late(day, now) ? Map.of() : RollUps.runningOf(counters);
                if (!running.isEmpty()) {
                    Map<String, Long> lateItem = late.computeIfAbsent(RollUps.lateKey(YearMonth.from(day)), k -> new TreeMap<>());
                    running.forEach((name, value) -> lateItem.merge(name, value, Long::sum));
                    lateItem.put(RollUps.LATE_WRITES, 1L);
                }
            });
            items.forEach((sk, counters) -> add(writes, pk, sk, counters));
            late.forEach((sk, counters) -> add(writes, pk, sk, counters));
        });
        return writes;
    }

    /** One item's ADD of its non-zero counters (none: no write). */
    private void add(List<TransactWriteItem> writes, String pk, String sk, Map<String, Long> counters) {
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
    }

    /** Counters summed over all shards, per item key (D#... or C#...), for keys in [fromSk, toSk]. */
    public Map<String, Map<String, Long>> sum(String programId, String fromSk, String toSk) {
        Map<String, Map<String, Long>> totals = new TreeMap<>();
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            items(Shards.key(programId, shard), fromSk, toSk).forEach((sk, counters) -> {
                Map<String, Long> total = totals.computeIfAbsent(sk, k -> new TreeMap<>());
                counters.forEach((name, value) -> total.merge(name, value, Long::sum));
            });
        }
        return totals;
    }

    /** One shard's items with keys in [fromSk, toSk], in key order: sk -> numbers. */
    public Map<String, Map<String, Long>> items(String pk, String fromSk, String toSk) {
        QueryRequest query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":from", s(fromSk), ":to", s(toSk)))
                .build();
        Map<String, Map<String, Long>> items = new TreeMap<>();
        dynamo.queryPaginator(query).items().forEach(item -> items.put(item.get("sk").s(), numbers(item)));
        return items;
    }

    /**
     * A shard's day items, roll-up and late items read from the top down, a page at a time
     * ({@code firstPage} items, then {@value #PAGE}), until {@code enough} holds for what was read.
     *
     * @return the items in the order read, and whether the read reached the shard's first day item
     */
    public Map.Entry<List<Map.Entry<String, Map<String, Long>>>, Boolean> fromTheTop(String pk, int firstPage,
            Predicate<List<Map.Entry<String, Map<String, Long>>>> enough) {
        List<Map.Entry<String, Map<String, Long>>> read = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int limit = firstPage;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to").scanIndexForward(false)
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":from", s("D#"), ":to", s(RollUps.TOP)))
                    .exclusiveStartKey(start).limit(limit).build());
            page.items().forEach(item -> read.add(new AbstractMap.SimpleEntry<>(item.get("sk").s(), numbers(item))));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            limit = PAGE;
        } while (start != null && !enough.test(read));
        return new AbstractMap.SimpleEntry<>(read, start == null);
    }

    /**
     * Writes a roll-up (see {@link RollUps.Roll}): the new one put, the old one deleted, the late
     * items rolled up or folded deleted, each as read. False if any of them changed since: the
     * next run rolls up again.
     */
    public boolean roll(String pk, RollUps.Roll roll, Map<String, Long> counters) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(pk));
        item.put("sk", s(RollUps.rolledKey(roll.newThrough())));
        counters.forEach((name, value) -> item.put(name, n(value)));
        item.put(RollUps.VERSION, n(roll.version() + 1));
        boolean moved = roll.through() == null || !roll.newThrough().equals(roll.through());
        Map<String, String> version = Map.of("#v", RollUps.VERSION);
        Map<String, AttributeValue> was = Map.of(":v", n(roll.version()));
        if (moved) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                    .conditionExpression(Conditions.NEW_ITEM)).build());
            if (roll.through() != null) {
                writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table)
                        .key(key(pk, RollUps.rolledKey(roll.through()))).conditionExpression(Conditions.VERSION_UNCHANGED)
                        .expressionAttributeNames(version).expressionAttributeValues(was)).build());
            }
        } else {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                    .conditionExpression(Conditions.VERSION_UNCHANGED).expressionAttributeNames(version)
                    .expressionAttributeValues(was)).build());
        }
        List<RollUps.Late> asRead = new ArrayList<>(roll.folds());
        asRead.addAll(roll.rolledLate().values());
        for (RollUps.Late late : asRead) {
            writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(pk, RollUps.lateKey(late.month())))
                    .conditionExpression("#w = :w").expressionAttributeNames(Map.of("#w", RollUps.LATE_WRITES))
                    .expressionAttributeValues(Map.of(":w", n(late.writes())))).build());
        }
        for (YearMonth month : roll.months()) {
            if (!roll.rolledLate().containsKey(month)) {
                writes.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                        .key(key(pk, RollUps.lateKey(month))).conditionExpression(Conditions.NEW_ITEM)).build());
            }
        }
        return transactions.write(writes, "stats roll-up " + pk + " " + roll.newThrough());
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private static Map<String, Long> numbers(Map<String, AttributeValue> item) {
        Map<String, Long> counters = new TreeMap<>();
        item.forEach((name, value) -> {
            if (value.n() != null) {
                counters.put(name, Long.parseLong(value.n()));
            }
        });
        return counters;
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

    /** The partition of the fold's markers (see {@link CounterFold}): no program's key, which all hold '#'. */
    static final String FOLDS = "~folds";
    /** A fold marker outlives the stream's 24-hour retention, after which no record is delivered again. */
    static final java.time.Duration FOLD_MARKER_KEPT = java.time.Duration.ofDays(2);

    /**
     * How many stream records the fold folded in the chunk that began with this record (consistent
     * read), or empty if none began with it.
     */
    public java.util.Optional<Integer> foldedFrom(String eventId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", s(FOLDS), "sk", s(eventId)))).item();
        return item == null || item.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(Integer.parseInt(item.get("records").n()));
    }

    /** Marks a chunk of stream records as folded; fails the transaction if its first record's was. */
    public TransactWriteItem foldMarker(String firstEventId, int records) {
        long expiresAt = clock.instant().plus(FOLD_MARKER_KEPT).getEpochSecond();
        return TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(Map.of("pk", s(FOLDS), "sk", s(firstEventId), "records", n(records), "expiresAt", n(expiresAt)))
                .conditionExpression(Conditions.NEW_ITEM)).build();
    }

    /** Keys and indexes: the one source of this table's shape, locally and in the stack (infra/tables.json).
     * Only the fold's markers expire. */
    public static final TableSpec SPEC = TableSpec.of("stats", Key.s("pk"), Key.s("sk")).withTimeToLive("expiresAt");

    public CreateTableRequest definition() {
        return SPEC.createRequest(table);
    }
}
