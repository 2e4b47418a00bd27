package dev.hearth.store;

import static dev.hearth.store.ItemFields.instant;
import static dev.hearth.store.ItemFields.n;
import static dev.hearth.store.ItemFields.number;
import static dev.hearth.store.ItemFields.putIfPresent;
import static dev.hearth.store.ItemFields.s;
import static dev.hearth.store.ItemFields.string;
import static dev.hearth.store.ItemFields.strings;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.member.ActivityType;
import dev.hearth.member.Counter;
import dev.hearth.member.Member;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The members table: one item per member of a program.
 *
 * <pre>
 * key          pk = programId#memberId (S). Each member is its own partition, so a busy program
 *              never concentrates writes on one key.
 * GSI byProgram  programShard = programId#NN (S, NN = 00..15 from the member id's hash), memberId (S),
 *              keys only: the whole-program review pages through the 16 shards without a scan
 *              and without one hot index partition.
 * attributes   programId, memberId, displayName, invitedBy, channel, joinedAt, tags [..], squads [..],
 *              tier, tierReachedAt, belowTierSince, pointsBalance, pointLots {yyyy-mm-dd: n},
 *              counters {spendFen: n, ...}, countsDay, dailyCounts {TYPE: n}, lastActiveAt,
 *              activeDays [epoch day, ...] (the latest 64), firstWeekConnections, version
 * access       GetItem (consistent) before each change; Put with condition on version (optimistic
 *              lock) or attribute_not_exists (join) inside a transaction with the ledger;
 *              Query byProgram per shard, pages of up to 100 keys.
 * </pre>
 */
@ApplicationScoped
public class MemberTable {

    public static final int SHARDS = 16;
    static final String BY_PROGRAM = "byProgram";

    private final DynamoDbClient dynamo;
    private final String table;

    public MemberTable(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.members();
    }

    static String key(String programId, String memberId) {
        return programId + "#" + memberId;
    }

    static int shardIndex(String memberId) {
        return Math.floorMod(memberId.hashCode(), SHARDS);
    }

    static String shard(String programId, String memberId) {
        return String.format("%s#%02d", programId, shardIndex(memberId));
    }

    public Optional<Member> find(String programId, String memberId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", s(key(programId, memberId))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Writes a new member (version 1), failing the transaction if the member already exists. */
    TransactWriteItem create(Member member) {
        Member stored = member.copy();
        stored.version = 1;
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(stored))
                .conditionExpression("attribute_not_exists(pk)")).build();
    }

    /** Writes a changed member, failing the transaction if anyone changed it since it was read. */
    TransactWriteItem update(Member member) {
        Member stored = member.copy();
        stored.version = member.version + 1;
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(stored))
                .conditionExpression("#v = :v")
                .expressionAttributeNames(Map.of("#v", "version"))
                .expressionAttributeValues(Map.of(":v", n(member.version)))).build();
    }

    /** One page of a shard's member ids; {@code start} is the previous page's last key, or null. */
    public Page page(String programId, int shard, String startAfterMemberId, int limit) {
        String shardKey = String.format("%s#%02d", programId, shard);
        QueryResponse response = dynamo.query(q -> {
            q.tableName(table).indexName(BY_PROGRAM).limit(limit)
                    .keyConditionExpression("programShard = :s")
                    .expressionAttributeValues(Map.of(":s", s(shardKey)));
            if (startAfterMemberId != null) {
                q.exclusiveStartKey(Map.of("programShard", s(shardKey), "memberId", s(startAfterMemberId),
                        "pk", s(key(programId, startAfterMemberId))));
            }
        });
        List<String> ids = response.items().stream().map(i -> string(i, "memberId")).toList();
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        return new Page(ids, more && !ids.isEmpty() ? ids.get(ids.size() - 1) : null);
    }

    /** Member ids of one page, and the id to continue after (null when the shard is done). */
    public record Page(List<String> memberIds, String continueAfter) {
    }

    public CreateTableRequest definition() {
        return CreateTableRequest.builder().tableName(table)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("programShard").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("memberId").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(BY_PROGRAM)
                        .keySchema(KeySchemaElement.builder().attributeName("programShard").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("memberId").keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build())
                .billingMode(BillingMode.PAY_PER_REQUEST).build();
    }

    static Map<String, AttributeValue> toItem(Member m) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(key(m.programId, m.memberId)));
        item.put("programShard", s(shard(m.programId, m.memberId)));
        item.put("programId", s(m.programId));
        item.put("memberId", s(m.memberId));
        item.put("displayName", s(m.displayName));
        putIfPresent(item, "invitedBy", m.invitedBy);
        item.put("channel", s(m.channel));
        item.put("joinedAt", s(m.joinedAt.toString()));
        item.put("tags", strings(m.tags));
        item.put("squads", strings(m.squads));
        item.put("tier", s(m.tier));
        putIfPresent(item, "tierReachedAt", m.tierReachedAt);
        putIfPresent(item, "belowTierSince", m.belowTierSince);
        item.put("pointsBalance", n(m.pointsBalance));
        Map<String, AttributeValue> lots = new LinkedHashMap<>();
        m.pointLots.forEach((day, points) -> lots.put(day.toString(), n(points)));
        item.put("pointLots", AttributeValue.fromM(lots));
        Map<String, AttributeValue> counters = new LinkedHashMap<>();
        for (Counter counter : Counter.values()) {
            counters.put(counter.key(), n(m.counter(counter)));
        }
        item.put("counters", AttributeValue.fromM(counters));
        if (m.countsDay != null) {
            item.put("countsDay", s(m.countsDay.toString()));
            Map<String, AttributeValue> daily = new LinkedHashMap<>();
            m.dailyCounts.forEach((type, count) -> daily.put(type.name(), n(count)));
            item.put("dailyCounts", AttributeValue.fromM(daily));
        }
        putIfPresent(item, "lastActiveAt", m.lastActiveAt);
        item.put("activeDays", AttributeValue.fromL(m.activeDays.stream().map(d -> n(d.toEpochDay())).toList()));
        item.put("firstWeekConnections", n(m.firstWeekConnections));
        item.put("version", n(m.version));
        return item;
    }

    static Member fromItem(Map<String, AttributeValue> item) {
        Member m = new Member();
        m.programId = string(item, "programId");
        m.memberId = string(item, "memberId");
        m.displayName = string(item, "displayName");
        m.invitedBy = string(item, "invitedBy");
        m.channel = string(item, "channel");
        m.joinedAt = instant(item, "joinedAt");
        m.tags = new java.util.ArrayList<>(strings(item, "tags"));
        m.squads = new java.util.ArrayList<>(strings(item, "squads"));
        m.tier = string(item, "tier");
        m.tierReachedAt = instant(item, "tierReachedAt");
        m.belowTierSince = instant(item, "belowTierSince");
        m.pointsBalance = number(item, "pointsBalance");
        ItemFields.map(item, "pointLots").forEach((day, points) -> m.pointLots.put(LocalDate.parse(day),
                Long.parseLong(points.n())));
        ItemFields.map(item, "counters").forEach((counter, value) -> m.counters.put(Counter.fromKey(counter),
                Long.parseLong(value.n())));
        String countsDay = string(item, "countsDay");
        m.countsDay = countsDay == null ? null : LocalDate.parse(countsDay);
        ItemFields.map(item, "dailyCounts").forEach((type, count) -> m.dailyCounts.put(ActivityType.valueOf(type),
                Integer.parseInt(count.n())));
        m.lastActiveAt = instant(item, "lastActiveAt");
        AttributeValue activeDays = item.get("activeDays");
        if (activeDays != null && activeDays.hasL()) {
            activeDays.l().forEach(d -> m.activeDays.add(LocalDate.ofEpochDay(Long.parseLong(d.n()))));
        }
        m.firstWeekConnections = number(item, "firstWeekConnections");
        m.version = number(item, "version");
        return m;
    }
}
