package dev.hearth.squad;

import static dev.hearth.dynamodb.ItemFields.instant;
import static dev.hearth.dynamodb.ItemFields.n;
import static dev.hearth.dynamodb.ItemFields.number;
import static dev.hearth.dynamodb.ItemFields.putIfPresent;
import static dev.hearth.dynamodb.ItemFields.s;
import static dev.hearth.dynamodb.ItemFields.string;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.BatchReads;
import dev.hearth.dynamodb.Conditions;
import dev.hearth.dynamodb.TableSpec;
import dev.hearth.dynamodb.TableSpec.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The squads table: each program's squads and the counters their health is read from.
 *
 * <pre>
 * key          pk (S), sk (S)
 *   pk = programId,          sk = S#squadId      a squad: squadId, name, theme, leaderId, status
 *                                                (OPEN | ARCHIVED), createdAt, createdDay, archivedAt,
 *                                                members (ADD +1 / -1 with each join and leave)
 *   pk = programId#squadId,  sk = D#yyyy-mm-dd   a squad's local day: active (members active that day
 *                                                while in it), last (members whose latest active day
 *                                                it is; see SquadPulse)
 * writes       Put (attribute_not_exists) to create; Update SET with status = OPEN to change or
 *              archive; Update ADD inside each join / award / update-member transaction (a join of a
 *              squad on condition that it exists and is OPEN). A program's squads share one
 *              partition key: joins and leaves are rare next to activities, whose counters go to
 *              each squad's own partition.
 * reads        GetItem / BatchGetItem (consistent) of the squads a change names; Query S# of a
 *              program, pages of up to 100 (manage-squad's list, the snapshot, the squadStatus
 *              audience); a squad's health: Query of its 7 latest D# items, and Query D# newest
 *              first (filter active > 0) for its last activity — usually the first item.
 * </pre>
 */
@ApplicationScoped
public class SquadTable {

    /** Day items read per page while looking for a squad's last activity. */
    static final int LAST_ACTIVITY_PAGE = 32;

    private final DynamoDbClient dynamo;
    private final String table;

    public SquadTable(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.squads();
    }

    public String tableName() {
        return table;
    }

    private static Map<String, AttributeValue> key(String programId, String squadId) {
        return Map.of("pk", s(programId), "sk", s("S#" + squadId));
    }

    private static String dayPk(String programId, String squadId) {
        return programId + "#" + squadId;
    }

    public Optional<Squad> find(String programId, String squadId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(programId, squadId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The squads of these ids that exist, by id (one request for up to 100). */
    public Map<String, Squad> findAll(String programId, Collection<String> squadIds) {
        Map<String, Squad> found = new HashMap<>();
        BatchReads.get(dynamo, table, squadIds.stream().distinct().map(id -> key(programId, id)).toList(), true)
                .forEach(i -> {
                    Squad squad = fromItem(i);
                    found.put(squad.squadId(), squad);
                });
        return found;
    }

    /** Stores a new squad; false if the id is taken. */
    public boolean create(Squad squad) {
        try {
            dynamo.putItem(p -> p.tableName(table).item(toItem(squad)).conditionExpression(Conditions.NEW_ITEM));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Changes an open squad's name, theme and leader (null: unchanged); false if it is not open. */
    public boolean describe(String programId, String squadId, String name, String theme, String leaderId) {
        Map<String, String> names = new HashMap<>(Map.of("#st", "status"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":open", s(Squad.Status.OPEN.name())));
        List<String> sets = new ArrayList<>();
        Map<String, String> given = new LinkedHashMap<>();
        given.put("name", name);
        given.put("theme", theme);
        given.put("leaderId", leaderId);
        given.forEach((attribute, value) -> {
            if (value != null) {
                names.put("#" + attribute, attribute);
                values.put(":" + attribute, s(value));
                sets.add("#" + attribute + " = :" + attribute);
            }
        });
        return conditionalUpdate(programId, squadId, "SET " + String.join(", ", sets), names, values);
    }

    /** Archives an open squad; false if it is not open. */
    public boolean archive(String programId, String squadId, Instant at) {
        return conditionalUpdate(programId, squadId, "SET #st = :archived, archivedAt = :at", Map.of("#st", "status"),
                Map.of(":open", s(Squad.Status.OPEN.name()), ":archived", s(Squad.Status.ARCHIVED.name()),
                        ":at", s(at.toString())));
    }

    private boolean conditionalUpdate(String programId, String squadId, String expression, Map<String, String> names,
            Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(programId, squadId)).updateExpression(expression)
                    .conditionExpression(Conditions.SQUAD_OPEN).expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** One page of a program's squads by id, after {@code afterSquadId} (null: from the first). */
    public Page page(String programId, String afterSquadId, int limit) {
        QueryResponse response = dynamo.query(q -> {
            q.tableName(table).limit(limit).keyConditionExpression("pk = :pk AND begins_with(sk, :s)")
                    .expressionAttributeValues(Map.of(":pk", s(programId), ":s", s("S#")));
            if (afterSquadId != null) {
                q.exclusiveStartKey(key(programId, afterSquadId));
            }
        });
        List<Squad> squads = response.items().stream().map(SquadTable::fromItem).toList();
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !squads.isEmpty();
        return new Page(squads, more ? squads.get(squads.size() - 1).squadId() : null);
    }

    /** A page of squads, and the id to continue after (null at the end). */
    public record Page(List<Squad> squads, String continueAfter) {
    }

    /** Every squad of a program, page by page. */
    public List<Squad> all(String programId) {
        List<Squad> all = new ArrayList<>();
        String after = null;
        do {
            Page page = page(programId, after, 100);
            all.addAll(page.squads());
            after = page.continueAfter();
        } while (after != null);
        return all;
    }

    /** A squad's day counters for the local days in [from, to]. */
    public Map<LocalDate, Map<String, Long>> days(String programId, String squadId, LocalDate from, LocalDate to) {
        Map<LocalDate, Map<String, Long>> days = new TreeMap<>();
        dynamo.query(q -> q.tableName(table).keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", s(dayPk(programId, squadId)), ":from", s("D#" + from),
                        ":to", s("D#" + to))))
                .items().forEach(i -> {
                    Map<String, Long> counters = new TreeMap<>();
                    i.forEach((name, value) -> {
                        if (value.n() != null) {
                            counters.put(name, Long.parseLong(value.n()));
                        }
                    });
                    days.put(LocalDate.parse(string(i, "sk").substring(2)), counters);
                });
        return days;
    }

    /** The latest local day on or before {@code onOrBefore} with a member active in the squad. */
    public Optional<LocalDate> lastActivityDay(String programId, String squadId, LocalDate onOrBefore) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = dynamo.query(q -> {
                q.tableName(table).scanIndexForward(false).limit(LAST_ACTIVITY_PAGE)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :first AND :to")
                        .filterExpression("#a > :zero").expressionAttributeNames(Map.of("#a", SquadPulse.ACTIVE))
                        .expressionAttributeValues(Map.of(":pk", s(dayPk(programId, squadId)), ":first", s("D#"),
                                ":to", s("D#" + onOrBefore), ":zero", n(0)));
                if (from != null) {
                    q.exclusiveStartKey(from);
                }
            });
            if (!response.items().isEmpty()) {
                return Optional.of(LocalDate.parse(string(response.items().get(0), "sk").substring(2)));
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return Optional.empty();
    }

    /**
     * The delta's increments as transaction items: each squad's members, and its day items. A squad
     * in {@code joining} must exist and be open, or the transaction fails.
     */
    public List<TransactWriteItem> updates(String programId, SquadDelta delta, Set<String> joining) {
        List<TransactWriteItem> writes = new ArrayList<>();
        delta.members().forEach((squadId, change) -> {
            boolean join = joining.contains(squadId);
            writes.add(TransactWriteItem.builder().update(u -> {
                u.tableName(table).key(key(programId, squadId)).updateExpression("ADD #m :d");
                if (join) {
                    u.conditionExpression(Conditions.SQUAD_OPEN)
                            .expressionAttributeNames(Map.of("#st", "status", "#m", "members"))
                            .expressionAttributeValues(Map.of(":d", n(change), ":open", s(Squad.Status.OPEN.name())));
                } else {
                    u.expressionAttributeNames(Map.of("#m", "members")).expressionAttributeValues(Map.of(":d", n(change)));
                }
            }).build());
        });
        delta.days().forEach((squadId, byDay) -> byDay.forEach((day, counters) -> {
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            List<String> adds = new ArrayList<>();
            counters.forEach((counter, change) -> {
                names.put("#" + counter, counter);
                values.put(":" + counter, n(change));
                adds.add("#" + counter + " :" + counter);
            });
            writes.add(TransactWriteItem.builder().update(u -> u.tableName(table)
                    .key(Map.of("pk", s(dayPk(programId, squadId)), "sk", s("D#" + day)))
                    .updateExpression("ADD " + String.join(", ", adds)).expressionAttributeNames(names)
                    .expressionAttributeValues(values)).build());
        }));
        return writes;
    }

    /** Keys and indexes: the one source of this table's shape, locally and in the stack (infra/tables.json). */
    public static final TableSpec SPEC = TableSpec.of("squads", Key.s("pk"), Key.s("sk"));

    static Map<String, AttributeValue> toItem(Squad squad) {
        Map<String, AttributeValue> item = new HashMap<>(key(squad.programId(), squad.squadId()));
        item.put("programId", s(squad.programId()));
        item.put("squadId", s(squad.squadId()));
        item.put("name", s(squad.name()));
        putIfPresent(item, "theme", squad.theme());
        putIfPresent(item, "leaderId", squad.leaderId());
        item.put("status", s(squad.status().name()));
        item.put("createdAt", s(squad.createdAt().toString()));
        item.put("createdDay", s(squad.createdDay().toString()));
        putIfPresent(item, "archivedAt", squad.archivedAt());
        item.put("members", n(squad.members()));
        return item;
    }

    static Squad fromItem(Map<String, AttributeValue> item) {
        return new Squad(string(item, "programId"), string(item, "squadId"), string(item, "name"),
                string(item, "theme"), string(item, "leaderId"), Squad.Status.valueOf(string(item, "status")),
                instant(item, "createdAt"), LocalDate.parse(string(item, "createdDay")), instant(item, "archivedAt"),
                number(item, "members"));
    }

    /** Stores the squads that do not exist yet (seeding the default program's examples); how many were new. */
    public int seed(Collection<Squad> squads) {
        return (int) squads.stream().filter(this::create).count();
    }

    /** A squad's item as stored: the seed file infra writes at deployment (infra/seed/default-squads.json). */
    public static Map<String, AttributeValue> item(Squad squad) {
        return toItem(squad);
    }
}
