package dev.hearth.ledger;

import static dev.hearth.dynamodb.ItemFields.instant;
import static dev.hearth.dynamodb.ItemFields.n;
import static dev.hearth.dynamodb.ItemFields.number;
import static dev.hearth.dynamodb.ItemFields.optionalNumber;
import static dev.hearth.dynamodb.ItemFields.putIfPresent;
import static dev.hearth.dynamodb.ItemFields.s;
import static dev.hearth.dynamodb.ItemFields.string;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.Conditions;
import dev.hearth.dynamodb.ItemFields;
import dev.hearth.dynamodb.QueryPage;
import dev.hearth.dynamodb.TableSpec;
import dev.hearth.dynamodb.TableSpec.Index;
import dev.hearth.dynamodb.TableSpec.Key;
import dev.hearth.program.ActivityType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The activities table: each member's ledger, and the markers that make "once per" rules hold.
 *
 * <pre>
 * key          pk = programId#memberId (S), sk (S):
 *                A#activityId   a ledger entry of a client's activity: the recorded activity and the
 *                               first answer given
 *                H#entryId      a ledger entry Hearth wrote itself (referral:invitee, the referral
 *                               credited from a recorded invitation, once per invitee; expiry:day:vN;
 *                               redeem:redemptionId and redeem-cancel:redemptionId):
 *                               apart from A#, so no client activityId can squat one
 *                C#otherMember  this member has interacted with otherMember (distinct connections)
 *                R#redemptionId a reward redeemed (redeem-reward), once per redemptionId: rewardId,
 *                               perkId, pointsCost, lots {yyyy-mm-dd: n} (where the points came
 *                               from), stockTaken, redeemedAt, balanceAfter; cancelledAt, balanceAfterCancel
 *                               once cancelled (its points back in those lots)
 *                U#changeId     a profile change (update-member), once per changeId: what changed,
 *                               when, the note, the perks it gave (its first answer)
 *                M#at#changeId  the same change as a line of the member's history, newest last
 *                L#apart        the member's point lots earned before the member item's lotsApartBefore
 *                               day ({yyyy-mm-dd: n}, a number attribute per day; ledger/LotsApart), so
 *                               that the member item, rewritten by every award, stays small; written only
 *                               beside the member's own version-locked write (whole once read, else ADD of
 *                               each day's points), read after the member, so the member's lock guards it
 *                D#yyyy-mm-dd   how many activities of each capped type counted on that local day
 *                               ({TYPE: n}), for days before the member's latest counted day (whose
 *                               counts the member item holds: ledger/CapCounts); written only beside
 *                               the member's own version-locked write and read after the member, so
 *                               the member's lock guards it
 * LSI byRecorded  recordedSeq = recordedAt#activityId (S), only on ledger entries (sparse):
 *              the member's latest entries, newest first.
 * access       GetItem (consistent) of A#id to answer a repeated activityId (after the award's
 *              transaction failed on it; before a refund) and to find the purchase a refund names; Put with attribute_not_exists inside the award
 *              transaction (so one id is recorded once); Update of the purchase with
 *              attribute_not_exists(refundedBy) (so it is refunded once); GetItem (consistent) of
 *              D#day before a capped activity dated before the member's latest counted day and Put
 *              of it in the same transaction; Put of the day left behind when the member moves on;
 *              Query byRecorded, limit 21 (20 shown, and whether more follow); GetItem (consistent) of U#changeId after a profile
 *              change's transaction failed on it, or before a refusal is answered (a repeat is answered,
 *              not refused); Put of U# and M# with attribute_not_exists in its transaction; Query M#
 *              newest first, limit 20 (the history get-member shows); Query byRecorded and M# in pages
 *              of 100 from a cursor (get-member's ledgerCursor: everything held about a member);
 *              Query U# and M# keys and Update REMOVE of their texts (erase-member).
 *              GetItem (consistent) of L#apart after the member, before a step that spends, takes
 *              back, expires or tells of lots (redemption and its cancellation, a refund, the review
 *              that expires lots, the daily run's notices), only for a member who has lots apart;
 *              Put of it (read before) or Update ADD (not read: lots that went apart) in the
 *              member's transaction.
 *              GetItem (consistent) of R#redemptionId after a redemption's transaction failed on
 *              it, and before a cancellation; Put of it with attribute_not_exists (a redemption) or
 *              attribute_not_exists(cancelledAt) (its cancellation) in the member's transaction.
 * </pre>
 * An activityId is unique per member within a program.
 */
@ApplicationScoped
public class ActivityTable {

    static final String BY_RECORDED = "byRecorded";

    private final DynamoDbClient dynamo;
    private final String table;

    public ActivityTable(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.activities();
    }

    private static Map<String, AttributeValue> key(String programId, String memberId, String sk) {
        return Map.of("pk", s(MemberTable.key(programId, memberId)), "sk", s(sk));
    }

    public Optional<LedgerEntry> find(String programId, String memberId, String activityId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(programId, memberId, "A#" + activityId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public boolean hasConnection(String programId, String memberId, String otherMemberId) {
        return exists(key(programId, memberId, "C#" + otherMemberId));
    }

    /** What counted for a member on a local day, for the daily caps (none yet: empty counts). */
    public DailyCounts dayCounts(String programId, String memberId, LocalDate day) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(programId, memberId, "D#" + day))).item();
        Map<ActivityType, Integer> counts = new EnumMap<>(ActivityType.class);
        if (item != null) {
            ItemFields.map(item, "counts").forEach((type, n) -> counts.put(ActivityType.valueOf(type),
                    Integer.parseInt(n.n())));
        }
        return new DailyCounts(day, counts);
    }

    /** Stores a day's counts; only ever beside a version-locked write of the same member (see above). */
    public TransactWriteItem putDayCounts(String programId, String memberId, DailyCounts counts) {
        Map<String, AttributeValue> item = new HashMap<>(key(programId, memberId, "D#" + counts.day()));
        Map<String, AttributeValue> values = new HashMap<>();
        counts.counts().forEach((type, n) -> values.put(type.name(), n(n)));
        item.put("counts", AttributeValue.fromM(values));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    /** The sort key of a member's lots kept apart (see {@link LotsApart}). */
    static final String LOTS_APART = "L#apart";

    /** A member's lots kept apart, by the day they were earned (none: empty). */
    static java.util.TreeMap<LocalDate, Long> lotsApart(DynamoDbClient dynamo, String table, String programId,
            String memberId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(programId, memberId, LOTS_APART))).item();
        java.util.TreeMap<LocalDate, Long> lots = new java.util.TreeMap<>();
        if (item != null) {
            item.forEach((name, value) -> {
                if (!name.equals("pk") && !name.equals("sk")) {
                    lots.put(LocalDate.parse(name), Long.parseLong(value.n()));
                }
            });
        }
        return lots;
    }

    /**
     * Writes a member's lots kept apart as a step left them: the whole set (it was read), or amounts
     * added to each day's (it was not). Only ever beside a version-locked write of the same member,
     * whose lock guards it.
     */
    static TransactWriteItem lotsApartWrite(String table, String programId, String memberId, LotsApart.Split split) {
        Map<String, AttributeValue> key = key(programId, memberId, LOTS_APART);
        if (split.replace()) {
            Map<String, AttributeValue> item = new HashMap<>(key);
            split.apart().forEach((day, points) -> item.put(day.toString(), n(points)));
            return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> adds = new java.util.ArrayList<>();
        split.apart().forEach((day, points) -> {
            int i = adds.size();
            names.put("#d" + i, day.toString());
            values.put(":d" + i, n(points));
            adds.add("#d" + i + " :d" + i);
        });
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key)
                .updateExpression("ADD " + String.join(", ", adds)).expressionAttributeNames(names)
                .expressionAttributeValues(values)).build();
    }

    private boolean exists(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(key)
                .projectionExpression("pk")).item();
        return item != null && !item.isEmpty();
    }

    /**
     * A page of the member's ledger, newest first, after the entry {@code after} (null: from the
     * newest), of the entries recorded at or after {@code since} (null: all): how get-member hands
     * over the whole ledger of a membership.
     */
    public QueryPage<LedgerEntry> ledgerPage(String programId, String memberId, Instant since, EntryKey after,
            int limit) {
        String pk = MemberTable.key(programId, memberId);
        return QueryPage.of(dynamo.query(q -> {
            q.tableName(table).indexName(BY_RECORDED).scanIndexForward(false).limit(limit + 1);
            if (since == null) {
                q.keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(pk)));
            } else {
                q.keyConditionExpression("pk = :pk AND recordedSeq >= :since")
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":since", s(seqFrom(since))));
            }
            if (after != null) {
                q.exclusiveStartKey(Map.of("pk", s(pk), "sk", s(after.sk()), "recordedSeq", s(after.recordedSeq())));
            }
        }).items(), limit, ActivityTable::fromItem, e -> Member.recordedSince(since, e.recordedAt()));
    }

    /**
     * A page of the member's profile changes, newest first, after the change {@code after} (null: the
     * newest), of those made at or after {@code since} (null: all).
     */
    public QueryPage<MemberChange> changesPage(String programId, String memberId, Instant since, ChangeKey after,
            int limit) {
        String pk = MemberTable.key(programId, memberId);
        return QueryPage.of(dynamo.query(q -> {
            q.tableName(table).scanIndexForward(false).limit(limit + 1)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":from", s("M#" + seqFrom(since)),
                            ":to", s("M#~")));
            if (after != null) {
                q.exclusiveStartKey(Map.of("pk", s(pk), "sk", s(after.sk())));
            }
        }).items(), limit, ActivityTable::changeFromItem, c -> Member.recordedSince(since, c.at()));
    }

    /**
     * Where keys that begin with an instant start, for what was recorded at or after {@code since}:
     * its second without the zone letter, which sorts before every instant of that second however
     * many fraction digits it has ("…:05Z" and "…:05.2Z" both follow "…:05"); the rest of that
     * second, before {@code since}, is cut from the page. Null: from the start.
     */
    private static String seqFrom(Instant since) {
        return since == null ? "" : since.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "");
    }

    /** Where a ledger entry sits: enough to continue a page after it. */
    public record EntryKey(String activityId, java.time.Instant recordedAt, boolean byHearth) {

        public static EntryKey of(LedgerEntry entry) {
            return new EntryKey(entry.activityId(), entry.recordedAt(), entry.byHearth());
        }

        String sk() {
            return (byHearth ? "H#" : "A#") + activityId;
        }

        String recordedSeq() {
            return recordedAt + "#" + activityId;
        }
    }

    /** Where a profile change's history line sits. */
    public record ChangeKey(java.time.Instant at, String changeId) {

        public static ChangeKey of(MemberChange change) {
            return new ChangeKey(change.at(), change.changeId());
        }

        String sk() {
            return "M#" + at + "#" + changeId;
        }
    }

    /** Records an entry; fails the transaction if this activityId was already recorded. */
    public TransactWriteItem record(String programId, String memberId, LedgerEntry entry) {
        return record(programId, memberId, entry, Map.of());
    }

    /**
     * Records an entry with the retention counters it moves (stats shard NN -> counter item -> counter
     * -> increment), which the activities stream folds into the stats table once (retention/CounterFold);
     * fails the transaction if this activityId was already recorded.
     */
    public TransactWriteItem record(String programId, String memberId, LedgerEntry entry,
            Map<String, Map<String, Map<String, Long>>> counters) {
        Map<String, AttributeValue> item = toItem(entry);
        EntryKey at = EntryKey.of(entry);
        item.putAll(key(programId, memberId, at.sk()));
        item.put("recordedSeq", s(at.recordedSeq()));
        if (!counters.isEmpty()) {
            item.put(COUNTERS, countersValue(counters));
        }
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression(Conditions.NEW_ITEM)).build();
    }

    /** Marks a purchase as refunded; fails the transaction if it already was. */
    public TransactWriteItem markRefunded(String programId, String memberId, String purchaseId, String refundId) {
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(key(programId, memberId, "A#" + purchaseId))
                .updateExpression("SET refundedBy = :r")
                .conditionExpression(Conditions.NOT_YET_REFUNDED)
                .expressionAttributeValues(Map.of(":r", s(refundId)))).build();
    }

    /** Records a once-per-pair marker (C# connection); fails the transaction if present. */
    public TransactWriteItem mark(String programId, String memberId, String markerSk, LedgerEntry cause) {
        Map<String, AttributeValue> item = new HashMap<>(key(programId, memberId, markerSk));
        item.put("activityId", s(cause.activityId()));
        item.put("recordedAt", s(cause.recordedAt().toString()));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression(Conditions.NEW_ITEM)).build();
    }

    /** A redemption of the member's, if this redemptionId was used. */
    public Optional<Redemption> findRedemption(String programId, String memberId, String redemptionId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(programId, memberId, "R#" + redemptionId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(redemptionFromItem(item));
    }

    /** Records a redemption; fails the transaction if its redemptionId was used before. */
    public TransactWriteItem putRedemption(String programId, String memberId, Redemption redemption) {
        Map<String, AttributeValue> item = redemptionItem(programId, memberId, redemption);
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression(Conditions.NEW_ITEM)).build();
    }

    /** Records a redemption's cancellation; fails the transaction if it was cancelled already. */
    public TransactWriteItem putCancelled(String programId, String memberId, Redemption cancelled) {
        Map<String, AttributeValue> item = redemptionItem(programId, memberId, cancelled);
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(cancelledAt)")).build();
    }

    private static Map<String, AttributeValue> redemptionItem(String programId, String memberId, Redemption r) {
        Map<String, AttributeValue> item = new HashMap<>(key(programId, memberId, "R#" + r.redemptionId()));
        item.put("redemptionId", s(r.redemptionId()));
        item.put("rewardId", s(r.rewardId()));
        item.put("perkId", s(r.perkId()));
        item.put("pointsCost", n(r.pointsCost()));
        Map<String, AttributeValue> lots = new java.util.LinkedHashMap<>();
        r.lots().forEach((day, points) -> lots.put(day.toString(), n(points)));
        item.put("lots", AttributeValue.fromM(lots));
        item.put("stockTaken", AttributeValue.fromBool(r.stockTaken()));
        item.put("redeemedAt", s(r.redeemedAt().toString()));
        item.put("balanceAfter", n(r.balanceAfter()));
        ItemFields.putIfPresent(item, "cancelledAt", r.cancelledAt());
        ItemFields.putIfPresent(item, "balanceAfterCancel", r.balanceAfterCancel());
        return item;
    }

    private static Redemption redemptionFromItem(Map<String, AttributeValue> item) {
        Map<LocalDate, Long> lots = new java.util.TreeMap<>();
        ItemFields.map(item, "lots").forEach((day, n) -> lots.put(LocalDate.parse(day), Long.parseLong(n.n())));
        return new Redemption(string(item, "redemptionId"), string(item, "rewardId"), string(item, "perkId"),
                number(item, "pointsCost"), lots, Boolean.TRUE.equals(item.get("stockTaken").bool()),
                ItemFields.instant(item, "redeemedAt"), number(item, "balanceAfter"),
                ItemFields.instant(item, "cancelledAt"), ItemFields.optionalNumber(item, "balanceAfterCancel"));
    }

    /** A profile change, if this changeId was applied to the member. */
    public Optional<MemberChange> findChange(String programId, String memberId, String changeId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(programId, memberId, "U#" + changeId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(changeFromItem(item));
    }

    /** The texts a profile change holds about the member: what an erasure removes from its items. */
    static final List<String> CHANGE_TEXTS = List.of("displayName", "addedTags", "removedTags", "joinedSquads",
            "leftSquads", "note", "perksGiven");

    /**
     * Removes the texts of every profile change of an erased member (their U# and M# items keep
     * only the changeId and when); returns how many history lines the member has. Safe to repeat.
     */
    public long forgetChanges(String programId, String memberId) {
        String pk = MemberTable.key(programId, memberId);
        long lines = 0;
        for (String prefix : List.of("U#", "M#")) {
            var items = dynamo.queryPaginator(q -> q.tableName(table).projectionExpression("pk, sk")
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(prefix)))).items();
            for (Map<String, AttributeValue> key : items) {
                dynamo.updateItem(u -> u.tableName(table).key(key)
                        .updateExpression("REMOVE " + String.join(", ", CHANGE_TEXTS)));
                lines += prefix.equals("M#") ? 1 : 0;
            }
        }
        return lines;
    }

    /** A change's two items (once per changeId, and its history line); each fails the transaction if present. */
    public List<TransactWriteItem> recordChange(String programId, String memberId, MemberChange change) {
        Map<String, AttributeValue> once = changeToItem(change);
        once.putAll(key(programId, memberId, "U#" + change.changeId()));
        Map<String, AttributeValue> line = changeToItem(change);
        line.putAll(key(programId, memberId, ChangeKey.of(change).sk()));
        return List.of(once, line).stream().map(item -> TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(item).conditionExpression(Conditions.NEW_ITEM)).build()).toList();
    }

    private static Map<String, AttributeValue> changeToItem(MemberChange c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("changeId", s(c.changeId()));
        item.put("at", s(c.at().toString()));
        putIfPresent(item, "displayName", c.displayName());
        item.put("addedTags", ItemFields.strings(c.addedTags()));
        item.put("removedTags", ItemFields.strings(c.removedTags()));
        item.put("joinedSquads", ItemFields.strings(c.joinedSquads()));
        item.put("leftSquads", ItemFields.strings(c.leftSquads()));
        putIfPresent(item, "note", c.note());
        item.put("perksGiven", ItemFields.strings(c.perksGiven()));
        return item;
    }

    private static MemberChange changeFromItem(Map<String, AttributeValue> i) {
        return new MemberChange(string(i, "changeId"), instant(i, "at"), string(i, "displayName"),
                ItemFields.strings(i, "addedTags"), ItemFields.strings(i, "removedTags"),
                ItemFields.strings(i, "joinedSquads"), ItemFields.strings(i, "leftSquads"), string(i, "note"),
                ItemFields.strings(i, "perksGiven"));
    }

    /** Keys and indexes: the one source of this table's shape, locally and in the stack (infra/tables.json).
     * Its stream carries each new entry's counters to the fold (retention/CounterFold). */
    public static final TableSpec SPEC = TableSpec.of("activities", Key.s("pk"), Key.s("sk"),
            Index.local(BY_RECORDED, Key.s("recordedSeq"), "ALL")).withStream();

    /** The attribute of a ledger entry holding the retention counters it moves. */
    static final String COUNTERS = "counters";

    private static AttributeValue countersValue(Map<String, Map<String, Map<String, Long>>> counters) {
        Map<String, AttributeValue> byShard = new HashMap<>();
        counters.forEach((shard, items) -> {
            Map<String, AttributeValue> byItem = new HashMap<>();
            items.forEach((sk, values) -> {
                Map<String, AttributeValue> numbers = new HashMap<>();
                values.forEach((name, value) -> numbers.put(name, n(value)));
                byItem.put(sk, AttributeValue.fromM(numbers));
            });
            byShard.put(shard, AttributeValue.fromM(byItem));
        });
        return AttributeValue.fromM(byShard);
    }

    /** The retention counters one recorded entry moves, as its stream record carries them. */
    public record EntryCounters(String programId, Map<String, Map<String, Map<String, Long>>> counters) {
    }

    /**
     * The counters of a new item's image as a DynamoDB stream carries it (DynamoDB JSON: {@code {"pk":
     * {"S": ...}, "counters": {"M": ...}}}), or empty for an item that moves none.
     *
     * @throws IllegalArgumentException for an image that is not one of this table's items
     */
    public static Optional<EntryCounters> countersOf(com.fasterxml.jackson.databind.JsonNode image) {
        com.fasterxml.jackson.databind.JsonNode counters = image.path(COUNTERS).path("M");
        if (counters.isMissingNode()) {
            return Optional.empty();
        }
        String pk = image.path("pk").path("S").asText("");
        int hash = pk.indexOf('#');
        if (hash <= 0) {
            throw new IllegalArgumentException("pk must be programId#memberId, was \"" + pk + "\"");
        }
        Map<String, Map<String, Map<String, Long>>> byShard = new java.util.TreeMap<>();
        counters.fields().forEachRemaining(shard -> shard.getValue().path("M").fields().forEachRemaining(item ->
                item.getValue().path("M").fields().forEachRemaining(counter -> {
                    String value = counter.getValue().path("N").asText(null);
                    if (value == null) {
                        throw new IllegalArgumentException("counter " + counter.getKey() + " must be a number");
                    }
                    byShard.computeIfAbsent(shard.getKey(), k -> new java.util.TreeMap<>())
                            .computeIfAbsent(item.getKey(), k -> new java.util.TreeMap<>())
                            .put(counter.getKey(), Long.parseLong(value));
                })));
        return Optional.of(new EntryCounters(pk.substring(0, hash), byShard));
    }

    public CreateTableRequest definition() {
        return SPEC.createRequest(table);
    }

    static Map<String, AttributeValue> toItem(LedgerEntry e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("activityId", s(e.activityId()));
        item.put("type", s(e.type().name()));
        item.put("points", n(e.points()));
        putIfPresent(item, "amountFen", e.amountFen());
        putIfPresent(item, "refundOf", e.refundOf());
        putIfPresent(item, "withMemberId", e.withMemberId());
        putIfPresent(item, "score", e.score() == null ? null : e.score().longValue());
        item.put("occurredAt", s(e.occurredAt().toString()));
        item.put("recordedAt", s(e.recordedAt().toString()));
        putIfPresent(item, "lotDay", e.lotDay() == null ? null : e.lotDay().toString());
        item.put("balanceAfter", n(e.balanceAfter()));
        item.put("tierAfter", s(e.tierAfter()));
        item.put("tierChanged", AttributeValue.fromBool(e.tierChanged()));
        putIfPresent(item, "refundedBy", e.refundedBy());
        putIfPresent(item, "tierBefore", e.tierBefore());
        if (e.byHearth()) {
            item.put("byHearth", AttributeValue.fromBool(true));
        }
        return item;
    }

    static LedgerEntry fromItem(Map<String, AttributeValue> item) {
        Long score = optionalNumber(item, "score");
        String lotDay = string(item, "lotDay");
        AttributeValue tierChanged = item.get("tierChanged");
        return new LedgerEntry(string(item, "activityId"), ActivityType.valueOf(string(item, "type")),
                number(item, "points"), optionalNumber(item, "amountFen"), string(item, "refundOf"),
                string(item, "withMemberId"), score == null ? null : score.intValue(), instant(item, "occurredAt"),
                instant(item, "recordedAt"), lotDay == null ? null : LocalDate.parse(lotDay),
                number(item, "balanceAfter"), string(item, "tierAfter"),
                tierChanged != null && Boolean.TRUE.equals(tierChanged.bool()), string(item, "refundedBy"),
                string(item, "tierBefore"), item.containsKey("byHearth"));
    }
}
