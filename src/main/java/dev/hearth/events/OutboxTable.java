package dev.hearth.events;

import static dev.hearth.dynamodb.ItemFields.n;
import static dev.hearth.dynamodb.ItemFields.s;
import static dev.hearth.dynamodb.ItemFields.string;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.Conditions;
import dev.hearth.dynamodb.Shards;
import dev.hearth.dynamodb.TableSpec;
import dev.hearth.dynamodb.TableSpec.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The outbox: the events Hearth announces ({@link HearthEvent}), each written in the same
 * transaction as the change that causes it (the new member, the tier change, the redemption, the
 * erasure), so there is never a change without its event nor an event without its change. In the
 * cloud the table's stream feeds an EventBridge pipe that puts each new event on the Hearth event
 * bus (at least once; {@code eventId} lets consumers drop repeats). One event is not written here:
 * a perk's delivery (PerkDelivered) is announced by the perk's own write ({@link #announce}), and
 * the perks table's stream has a pipe of its own, so a delivery is one write, not a transaction of
 * two. Locally the table is the place to read every event (GET /outbox/{programId} in a local
 * run): the local run copies each delivered perk's event here from the perks stream, as its pipe
 * would put it on the bus (local/LocalStreams).
 *
 * <pre>
 * key          pk = programId#NN (the member's shard: a busy daily run spreads over 16 keys),
 *              sk = occurredAt (UTC, fixed width)#eventId
 * attributes   envelope (the whole event as JSON text: the pipe puts exactly this text on the bus
 *              as the event's detail; its presence is the pipe's filter), type (the detail-type);
 *              eventId, programId, memberId, occurredAt (to read and delete by); ttl (epoch seconds,
 *              30 days on: the stream has long since carried the event on)
 * stream       NEW_IMAGE; only new images holding an envelope are events (TTL deletes have none)
 * access       Put with attribute_not_exists inside the causing transaction (a notice, whose key is
 *              fixed by what it notices, on its own); Query per shard, newest
 *              first, to read locally; Delete of an erased member's PerkDelivered (locally copied
 *              here, or written here before deliveries announced themselves), PerkExpiring and
 *              MemberGoingSilent items (their keys follow from the perks' delivery times and expiries
 *              and from the member's active days).
 * </pre>
 */
@ApplicationScoped
public class OutboxTable {

    static final Duration KEPT = Duration.ofDays(30);
    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamo;
    private final String table;

    public OutboxTable(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.outbox();
    }

    /** The write of an event, for the transaction that causes it; fails the transaction if it was written before. */
    public TransactWriteItem put(HearthEvent event) {
        Map<String, AttributeValue> item = item(event);
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression(Conditions.NEW_ITEM)).build();
    }

    /**
     * Writes an event on its own, unless it was written before (a notice, whose key is the same
     * whenever it is decided: the same day's run sent again writes nothing); true if written now.
     */
    public boolean putOnce(HearthEvent event) {
        Map<String, AttributeValue> item = item(event);
        try {
            dynamo.putItem(p -> p.tableName(table).item(item).conditionExpression(Conditions.NEW_ITEM));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> item(HearthEvent event) {
        Map<String, AttributeValue> item = new HashMap<>(key(event));
        item.put("eventId", s(event.eventId()));
        item.put("programId", s(event.programId()));
        item.put("memberId", s(event.memberId()));
        item.put("occurredAt", s(event.occurredAt().toString()));
        announce(item, event);
        item.put("ttl", n(event.occurredAt().plus(KEPT).getEpochSecond()));
        return item;
    }

    /**
     * The two attributes by which an item announces an event, in whichever table it is written
     * (here, and a perk's delivery in the perks table): {@code envelope}, the whole event as JSON
     * text, and {@code type}. Each table's pipe (infra HearthEvents) puts on the bus the new image of
     * every item that holds an envelope: the envelope as the event's detail, the type as its
     * detail-type. An item announces once: the write that causes the event adds them, and no later
     * write of that item keeps them.
     */
    public static void announce(Map<String, AttributeValue> item, HearthEvent event) {
        item.put(TYPE, s(event.type()));
        item.put(ENVELOPE, s(json(event.envelope())));
    }

    /** See {@link #announce}. */
    public static final String ENVELOPE = "envelope";
    public static final String TYPE = "type";

    /** Whether an item (a stream record's new image) announces an event (see {@link #announce}). */
    public static boolean announces(Map<String, AttributeValue> item) {
        return item != null && item.containsKey(ENVELOPE);
    }

    /** Deletes an event, if still there (an erasure: a delivered perk's title and note go). */
    public void forget(HearthEvent event) {
        dynamo.deleteItem(d -> d.tableName(table).key(key(event)));
    }

    /** Where an event is kept: one key for writing and deleting, so they cannot drift. */
    private static Map<String, AttributeValue> key(HearthEvent event) {
        return Map.of("pk", s(Shards.key(event.programId(), event.memberId())),
                "sk", s(FIXED.format(event.occurredAt()) + "#" + event.eventId()));
    }

    /** A program's latest events, newest first (the top of each shard, merged). */
    public List<HearthEvent> latest(String programId, int limit) {
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

    /** The event an item announces (an outbox item, a delivered perk's; also how a test reads what a write carries). */
    @SuppressWarnings("unchecked")
    public static HearthEvent fromItem(Map<String, AttributeValue> i) {
        Map<String, Object> e = parse(string(i, ENVELOPE));
        return new HearthEvent((String) e.get("eventId"), (String) e.get("type"), ((Number) e.get("version")).intValue(),
                Instant.parse((String) e.get("occurredAt")), (String) e.get("programId"), (String) e.get("memberId"),
                (Map<String, Object>) e.get("detail"));
    }

    private static String json(Map<String, Object> envelope) {
        try {
            return JSON.writeValueAsString(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            // Untyped: Jackson reads an object as a LinkedHashMap (no reflection on Hearth's classes).
            @SuppressWarnings("unchecked")
            Map<String, Object> envelope = JSON.readValue(json, LinkedHashMap.class);
            return envelope;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keys and indexes: the one source of this table's shape, locally and in the stack (infra/tables.json). */
    public static final TableSpec SPEC = TableSpec.of("outbox", Key.s("pk"), Key.s("sk")).withTimeToLive("ttl").withStream();

    public CreateTableRequest definition() {
        return SPEC.createRequest(table);
    }
}
