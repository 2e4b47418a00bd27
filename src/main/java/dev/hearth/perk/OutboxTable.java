package dev.hearth.perk;

import static dev.hearth.dynamodb.ItemFields.n;
import static dev.hearth.dynamodb.ItemFields.s;
import static dev.hearth.dynamodb.ItemFields.string;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.Conditions;
import dev.hearth.dynamodb.Shards;
import dev.hearth.dynamodb.TableSpec;
import dev.hearth.dynamodb.TableSpec.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The outbox: one {@code PerkDelivered} event per delivered perk, written in the same transaction
 * that marks the perk delivered, so there is never a delivery without its event nor an event
 * without a delivery; and one {@code MemberErased} event per erased member, written with the erasure. In the cloud the table's stream feeds an EventBridge pipe that puts each new
 * event on the Hearth event bus (at least once; {@code eventId} lets consumers drop repeats);
 * locally the table is the place to read them (GET /outbox/{programId} in a local run).
 *
 * <pre>
 * key          pk = programId#NN (the member's shard: a busy daily run spreads over 16 keys),
 *              sk = deliveredAt (UTC, fixed width)#memberId#perkId (ids escaped: see part())
 * attributes   eventId (PerkDelivered/programId/memberId/perkId, ids escaped), detailType = PerkDelivered, programId, memberId, perkId, source, kind, title,
 *              note, deliverAt, deliveredAt, expiresAt (absent values as ""), ttl (epoch seconds,
 *              30 days on: the stream has long since carried the event on)
 *              MemberErased: sk = erasedAt#memberId#%erased; eventId (MemberErased/programId/memberId),
 *              detailType, programId, memberId, requestId, erasedAt, ttl
 * stream       NEW_IMAGE; only INSERTs are events (TTL deletes are filtered out by the pipe)
 * access       Put with attribute_not_exists inside the delivering (or erasing) transaction; Query
 *              per shard, newest first, to read locally; Delete of an erased member's PerkDelivered
 *              items (their keys come from the perks' delivery times).
 * </pre>
 */
@ApplicationScoped
public class OutboxTable {

    public static final String DETAIL_TYPE = "PerkDelivered";
    static final Duration KEPT = Duration.ofDays(30);
    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;

    public OutboxTable(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.outbox();
    }

    /** An event as read back from the outbox: a delivered perk's, or an erasure's (requestId, erasedAt). */
    public record OutboxEvent(String eventId, String detailType, String programId, String memberId, String perkId,
            String source, String kind, String title, String note, String deliverAt, String deliveredAt,
            String expiresAt, String requestId, String erasedAt) {
    }

    /** The event of a perk that has just been delivered; fails the transaction if it was recorded before. */
    TransactWriteItem delivered(Perk perk) {
        Instant deliveredAt = perk.changedAt();
        Map<String, AttributeValue> item = new HashMap<>(deliveredKey(perk, deliveredAt));
        item.put("eventId", s(eventId(perk)));
        item.put("detailType", s(DETAIL_TYPE));
        item.put("programId", s(perk.programId()));
        item.put("memberId", s(perk.memberId()));
        item.put("perkId", s(perk.perkId()));
        item.put("source", s(perk.source().name()));
        item.put("kind", s(perk.kind().name()));
        item.put("title", s(perk.title()));
        item.put("note", s(perk.note() == null ? "" : perk.note()));
        item.put("deliverAt", s(perk.deliverAt().toString()));
        item.put("deliveredAt", s(deliveredAt.toString()));
        item.put("expiresAt", s(perk.expiresAt() == null ? "" : perk.expiresAt().toString()));
        item.put("ttl", n(deliveredAt.plus(KEPT).getEpochSecond()));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression(Conditions.NEW_ITEM)).build();
    }

    public static final String ERASED_TYPE = "MemberErased";

    /**
     * A member's erasure, for fulfilment systems to erase what they hold too; written in the
     * transaction that erases the member, so once per member. Its sort key ends in {@code %erased},
     * which no escaped perk id can (see part()).
     */
    public TransactWriteItem erased(String programId, String memberId, String requestId, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(Shards.key(programId, memberId)));
        item.put("sk", s(FIXED.format(at) + "#" + part(memberId) + "#%erased"));
        item.put("eventId", s(ERASED_TYPE + "/" + part(programId) + "/" + part(memberId)));
        item.put("detailType", s(ERASED_TYPE));
        item.put("programId", s(programId));
        item.put("memberId", s(memberId));
        item.put("requestId", s(requestId));
        item.put("erasedAt", s(at.toString()));
        item.put("ttl", n(at.plus(KEPT).getEpochSecond()));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression(Conditions.NEW_ITEM)).build();
    }

    /** Deletes a delivered perk's event, if still there (an erasure: its title and note go). */
    void forget(Perk perk, Instant deliveredAt) {
        dynamo.deleteItem(d -> d.tableName(table).key(deliveredKey(perk, deliveredAt)));
    }

    /** Where a delivered perk's event is kept: written on delivery, deleted on erasure (one key, so they cannot drift). */
    private static Map<String, AttributeValue> deliveredKey(Perk perk, Instant deliveredAt) {
        return Map.of("pk", s(Shards.key(perk.programId(), perk.memberId())),
                "sk", s(FIXED.format(deliveredAt) + "#" + part(perk.memberId()) + "#" + part(perk.perkId())));
    }

    /**
     * The event's id: unique by construction, since a perk is delivered once and each id part is
     * escaped ({@code %}, {@code /} and {@code #} may all appear in ids), so no two different
     * (program, member, perk) triples give the same id.
     */
    static String eventId(Perk perk) {
        return DETAIL_TYPE + "/" + part(perk.programId()) + "/" + part(perk.memberId()) + "/" + part(perk.perkId());
    }

    /** An id as one part of a composite key: '%', '/' and '#' percent-encoded, so that joining parts is injective. */
    static String part(String id) {
        return id.replace("%", "%25").replace("/", "%2F").replace("#", "%23");
    }

    /** A program's latest events, newest first (the top of each shard, merged). */
    public List<OutboxEvent> latest(String programId, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            String key = Shards.key(programId, shard);
            // Pages are fetched as the stream is read: at most `limit` items per shard.
            dynamo.queryPaginator(q -> q.tableName(table).keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(key))).scanIndexForward(false)
                    .limit(Math.min(limit, 1000))).items().stream().limit(limit).forEach(items::add);
        }
        items.sort(Comparator.comparing((Map<String, AttributeValue> i) -> string(i, "sk")).reversed());
        return items.stream().limit(limit).map(OutboxTable::fromItem).toList();
    }

    private static OutboxEvent fromItem(Map<String, AttributeValue> i) {
        return new OutboxEvent(string(i, "eventId"), string(i, "detailType"), string(i, "programId"),
                string(i, "memberId"), string(i, "perkId"), string(i, "source"), string(i, "kind"),
                string(i, "title"), blankAsNull(string(i, "note")), string(i, "deliverAt"), string(i, "deliveredAt"),
                blankAsNull(string(i, "expiresAt")), string(i, "requestId"), string(i, "erasedAt"));
    }

    private static String blankAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** Keys and indexes: the one source of this table's shape, locally and in the stack (infra/tables.json). */
    public static final TableSpec SPEC = TableSpec.of("outbox", Key.s("pk"), Key.s("sk")).withTimeToLive("ttl").withStream();

    public CreateTableRequest definition() {
        return SPEC.createRequest(table);
    }
}
