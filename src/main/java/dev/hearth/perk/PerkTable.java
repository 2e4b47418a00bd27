package dev.hearth.perk;

import static dev.hearth.dynamodb.ItemFields.instant;
import static dev.hearth.dynamodb.ItemFields.n;
import static dev.hearth.dynamodb.ItemFields.putIfPresent;
import static dev.hearth.dynamodb.ItemFields.s;
import static dev.hearth.dynamodb.ItemFields.string;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.Conditions;
import dev.hearth.dynamodb.ItemFields;
import dev.hearth.dynamodb.QueryPage;
import dev.hearth.dynamodb.ShardWalk;
import dev.hearth.dynamodb.Shards;
import dev.hearth.dynamodb.TableSpec;
import dev.hearth.dynamodb.TableSpec.Index;
import dev.hearth.dynamodb.TableSpec.Key;
import dev.hearth.events.HearthEvent;
import dev.hearth.events.OutboxTable;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.PerkKind;
import dev.hearth.program.PerkOffer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The perks table: every member's perks, the grant jobs that fan a perk out to an audience, and
 * the daily runs.
 *
 * <pre>
 * key          pk (S), sk (S)
 *   programId#memberId  P#perkId   one perk of one member: programId, memberId, perkId, source, kind,
 *                                  title, note, deliverAt, expiresAt, status, history [{status, at}],
 *                                  changedAt; while something is due: dueShard, dueAt; written by its
 *                                  delivery, and until its next change: envelope and type, its
 *                                  PerkDelivered event (OutboxTable.announce)
 *   programId#grants    G#perkId   a grant job ({@link GrantJob}): the request, cursor, counts,
 *                                  leaseOwner/leaseUntil; openGrant = programId while it runs
 *                       L#perkId   delivered: how many of the grant's perks the daily run delivered
 *                                  later (ADD per page; apart from the job, which is rewritten whole)
 *   programId#rewards   R#rewardId   a reward's stock: taken (N, redeemed and not cancelled); ADD 1
 *                                  with condition taken < the reward's stock in the redeeming
 *                                  transaction (read only after that transaction failed, to answer
 *                                  OUT_OF_STOCK), ADD -1 in a cancelling one
 *   programId#runs      D#date     a daily run between invocations: for each kind of notice
 *                                  (silence, points, perk, squad) kindNoticeStep, kindNoticeCursor,
 *                                  kindNoticesSaid, kindNoticesDoneAt (where it stands);
 *                                  routineDay, routineCursor
 *                                  (where the routine continues), routinePerks, routineDoneAt once
 *                                  every member on day 2..7 has their step; dueCursor (where the
 *                                  current sweep of due perks continues)
 * GSI byDue    dueShard = programId#NN (the member's shard), dueAt (N, epoch ms): the next moment
 *              the perk changes by itself (SCHEDULED: deliverAt; DELIVERED: expiresAt), absent once
 *              nothing is due (sparse), all attributes: the daily run queries each shard for
 *              dueAt <= cutoff and changes what it finds without another read, and for the perks
 *              that expire on the local day three days on (PerkExpiring).
 * GSI openGrants  openGrant = programId, sk; keys only, sparse: the grant jobs still running.
 * stream       NEW_IMAGE: a pipe puts the event of every new image holding an envelope on the bus
 *              (a delivery is announced by its one write: no outbox item, no transaction of two)
 * access       GetItem (consistent) before a change; Put with attribute_not_exists (a grant: each
 *              member gets a perkId once) or with status = the status read (a change), whole, so a
 *              change after the delivery drops its event; on its own, or inside the transaction of
 *              the change that gives it (a join, a tier, a redemption); Query pk for a member's
 *              perks (whole, or in pages of 100 from get-member's ledgerCursor); erase-member: Put of each of the
 *              member's perks without its note, Update of a one-member grant job without its note;
 *              onboard-member of an erased id the program lets join again: Delete of each of the
 *              erased membership's perks (closed, without notes) with changedAt as read, so the new
 *              one gets its own.
 * </pre>
 */
@ApplicationScoped
public class PerkTable {

    static final String BY_DUE = "byDue";
    static final String OPEN_GRANTS = "openGrants";

    private final DynamoDbClient dynamo;
    private final String table;

    public PerkTable(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.perks();
    }

    public String tableName() {
        return table;
    }

    static Map<String, AttributeValue> key(String programId, String memberId, String perkId) {
        return Map.of("pk", s(MemberTable.key(programId, memberId)), "sk", s("P#" + perkId));
    }

    /** How many of a reward's stock are taken (redeemed and not cancelled): 0 before the first redemption. */
    public long stockTaken(String programId, String rewardId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(stockKey(programId, rewardId))).item();
        return item == null || item.isEmpty() ? 0 : ItemFields.number(item, "taken");
    }

    /** Takes one of a reward's stock; fails the transaction if all {@code stock} are taken. */
    public TransactWriteItem takeStock(String programId, String rewardId, long stock) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(stockKey(programId, rewardId))
                .updateExpression("ADD taken :one")
                .conditionExpression("attribute_not_exists(taken) OR taken < :stock")
                .expressionAttributeValues(Map.of(":one", n(1), ":stock", n(stock)))).build();
    }

    /** Gives one of a reward's stock back (a cancelled redemption). */
    public TransactWriteItem returnStock(String programId, String rewardId) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(stockKey(programId, rewardId))
                .updateExpression("ADD taken :minus")
                .conditionExpression("taken > :zero")
                .expressionAttributeValues(Map.of(":minus", n(-1), ":zero", n(0)))).build();
    }

    private static Map<String, AttributeValue> stockKey(String programId, String rewardId) {
        return Map.of("pk", s(programId + "#rewards"), "sk", s("R#" + rewardId));
    }

    public Optional<Perk> find(String programId, String memberId, String perkId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(programId, memberId, perkId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** All of a member's perks (a member has tens, not thousands: one page or a few). */
    public List<Perk> ofMember(String programId, String memberId) {
        return dynamo.queryPaginator(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":pk", s(MemberTable.key(programId, memberId)), ":p", s("P#"))))
                .items().stream().map(PerkTable::fromItem).toList();
    }

    /**
     * Deletes one perk (an erased membership's, when the id joins again) if it is still as it was
     * read: a join beside this one may have deleted it and given the new membership its own under
     * the same key, which must stay. Nothing if it changed or is gone.
     */
    void delete(Perk perk) {
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(key(perk.programId(), perk.memberId(), perk.perkId()))
                    .conditionExpression("changedAt = :c")
                    .expressionAttributeValues(Map.of(":c", s(perk.changedAt().toString()))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            // already deleted, or another membership's perk now: not ours to delete
        }
    }

    /** A page of a member's perks by perkId, after {@code afterPerkId} (null: from the first). */
    public QueryPage<Perk> page(String programId, String memberId, String afterPerkId, int limit) {
        String pk = MemberTable.key(programId, memberId);
        return QueryPage.of(dynamo.query(q -> {
            q.tableName(table).limit(limit + 1).keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s("P#")));
            if (afterPerkId != null) {
                q.exclusiveStartKey(key(programId, memberId, afterPerkId));
            }
        }).items(), limit, PerkTable::fromItem);
    }

    /**
     * A new perk, announcing {@code delivered} if it is given delivered (null: scheduled); fails the
     * write if the member already has this perkId (unless it may replace a cancelled one).
     */
    TransactWriteItem create(Perk perk, HearthEvent delivered) {
        Map<String, AttributeValue> item = toItem(perk, delivered);
        if (perk.mayReplaceCancelled()) {
            return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                    .conditionExpression(Conditions.NEW_OR_CANCELLED)
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":cancelled", s(PerkStatus.CANCELLED.name())))).build();
        }
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression(Conditions.NEW_ITEM)).build();
    }

    /**
     * A perk after a change, announcing {@code delivered} if the change is its delivery (null: any
     * other change, whose whole item leaves the delivery's event out); fails the write if its status
     * is no longer the one it was changed from.
     */
    TransactWriteItem change(PerkStatus from, Perk after, HearthEvent delivered) {
        Map<String, AttributeValue> item = toItem(after, delivered);
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression(Conditions.STATUS_UNCHANGED)
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":from", s(from.name())))).build();
    }

    /** The perk's item; with the event it announces when the write is its delivery. */
    private static Map<String, AttributeValue> toItem(Perk perk, HearthEvent delivered) {
        Map<String, AttributeValue> item = toItem(perk);
        if (delivered != null) {
            OutboxTable.announce(item, delivered);
        }
        return item;
    }

    /** One page of a shard's perks due at or before {@code cutoff}, soonest first. */
    public DuePage due(String programId, int shard, Instant cutoff, Map<String, AttributeValue> start, int limit) {
        return duePage(programId, "dueAt <= :c", Map.of(":c", n(cutoff.toEpochMilli())), shard, start, limit);
    }

    /**
     * One page of a shard's perks whose next change falls in [{@code from}, {@code until}), soonest
     * first: a DELIVERED perk's is its expiry (the daily run's PerkExpiring notices).
     */
    public DuePage dueBetween(String programId, int shard, Instant from, Instant until, Map<String, AttributeValue> start,
            int limit) {
        return duePage(programId, "dueAt BETWEEN :f AND :u", Map.of(":f", n(from.toEpochMilli()), ":u",
                n(until.toEpochMilli() - 1)), shard, start, limit);
    }

    private DuePage duePage(String programId, String range, Map<String, AttributeValue> bounds, int shard,
            Map<String, AttributeValue> start, int limit) {
        Map<String, AttributeValue> values = new HashMap<>(bounds);
        values.put(":s", s(Shards.key(programId, shard)));
        QueryResponse response = dynamo.query(q -> q.tableName(table).indexName(BY_DUE).limit(limit)
                .keyConditionExpression("dueShard = :s AND " + range).expressionAttributeValues(values)
                .exclusiveStartKey(start));
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        List<Perk> perks = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            try {
                perks.add(fromItem(item));
            } catch (RuntimeException e) {
                // An item broken by hand: named for the caller to skip, never a stop for the run.
                unreadable.add(string(item, "pk") + " " + string(item, "sk") + ": " + e);
            }
        }
        return new DuePage(perks, unreadable, more ? response.lastEvaluatedKey() : null);
    }

    /** Perks of one page, the items of it that could not be read, and where the shard continues (null when done). */
    public record DuePage(List<Perk> perks, List<String> unreadable, Map<String, AttributeValue> next) {
    }

    // --- grant jobs: pk = programId#grants, sk = G#perkId ------------------------------------

    private static Map<String, AttributeValue> jobKey(String programId, String perkId) {
        return Map.of("pk", s(programId + "#grants"), "sk", s("G#" + perkId));
    }

    public Optional<GrantJob> job(String programId, String perkId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(jobKey(programId, perkId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(jobFromItem(item));
    }

    /** How many of a grant's perks the daily run delivered after the grant (0 if none yet). */
    public long deliveredLater(String programId, String perkId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(laterKey(programId, perkId))).item();
        Long n = item == null ? null : ItemFields.optionalNumber(item, "delivered");
        return n == null ? 0 : n;
    }

    /** The perkIds of a program's grants still being fanned out. */
    public List<String> openGrants(String programId) {
        return dynamo.queryPaginator(q -> q.tableName(table).indexName(OPEN_GRANTS)
                .keyConditionExpression("openGrant = :p").expressionAttributeValues(Map.of(":p", s(programId))))
                .items().stream().map(i -> string(i, "sk").substring(2)).toList();
    }

    /**
     * Removes the note of a grant made to this one member (an erasure: the note may speak of them),
     * and its fingerprint, which holds the note; a grant to an audience is nobody's in particular
     * and is left as it is.
     */
    void forgetGrantTo(String programId, String perkId, String memberId) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(jobKey(programId, perkId))
                    .updateExpression("REMOVE note SET fingerprint = :erased")
                    .conditionExpression("audienceKind = :member AND audienceValue = :m")
                    .expressionAttributeValues(Map.of(":erased", s("erased"), ":member", s("MEMBER"),
                            ":m", s(memberId))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            // a grant to an audience (or none): nothing of this member's
        }
    }

    /** Stores a new job (false: one with its perkId exists). */
    boolean createJob(GrantJob job) {
        return putJob(job, Conditions.NEW_ITEM, Map.of());
    }

    /** Takes the lease of a running job whose lease is free or has run out (false: someone holds it). */
    boolean leaseJob(GrantJob job, Instant now) {
        return putJob(job, Conditions.UNFINISHED_AND_FREE,
                Map.of(":f", AttributeValue.fromBool(false), ":now", n(now.toEpochMilli())));
    }

    /** Saves a job's progress while holding its lease (false: the lease was lost to another invocation). */
    boolean saveJob(GrantJob job, String owner) {
        return putJob(job, Conditions.LEASE_HELD, Map.of(":me", s(owner)));
    }

    /** Gives back a job's lease held by {@code owner} (no-op if someone else holds it by now). */
    void releaseJob(String programId, String perkId, String owner) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(jobKey(programId, perkId))
                    .updateExpression("REMOVE leaseOwner, leaseUntil").conditionExpression(Conditions.LEASE_HELD)
                    .expressionAttributeValues(Map.of(":me", s(owner))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            // taken over already
        }
    }

    private boolean putJob(GrantJob job, String condition, Map<String, AttributeValue> values) {
        try {
            dynamo.putItem(p -> p.tableName(table).item(jobToItem(job)).conditionExpression(condition)
                    .expressionAttributeValues(values.isEmpty() ? null : values));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> jobToItem(GrantJob j) {
        Map<String, AttributeValue> item = new HashMap<>(jobKey(j.programId(), j.grant().perkId()));
        item.put("programId", s(j.programId()));
        item.put("perkId", s(j.grant().perkId()));
        item.put("fingerprint", s(j.fingerprint()));
        item.put("kind", s(j.grant().offer().kind().name()));
        item.put("title", s(j.grant().offer().title()));
        putIfPresent(item, "note", j.grant().offer().note());
        item.put("audienceKind", s(j.grant().audience().kind()));
        item.put("audienceValue", s(j.grant().audience().value()));
        if (!j.grant().audience().squads().isEmpty()) {
            item.put("audienceSquads", ItemFields.strings(j.grant().audience().squads()));
        }
        item.put("audienceDay", s(j.audienceDay().toString()));
        item.put("deliverAt", s(j.deliverAt().toString()));
        putIfPresent(item, "expiresAt", j.grant().expiresAt());
        item.put("complete", AttributeValue.fromBool(j.complete()));
        if (!j.complete()) {
            item.put("openGrant", s(j.programId()));
        }
        putIfPresent(item, "cursor", j.cursor());
        item.put("examined", n(j.examined()));
        item.put("granted", n(j.granted()));
        item.put("delivered", n(j.delivered()));
        item.put("alreadyHad", n(j.alreadyHad()));
        item.put("pages", n(j.pages()));
        item.put("startedAt", s(j.startedAt().toString()));
        item.put("updatedAt", s(j.updatedAt().toString()));
        putIfPresent(item, "leaseOwner", j.leaseOwner());
        if (j.leaseUntil() != null) {
            item.put("leaseUntil", n(j.leaseUntil().toEpochMilli()));
        }
        return item;
    }

    private static GrantJob jobFromItem(Map<String, AttributeValue> i) {
        Long leaseUntil = ItemFields.optionalNumber(i, "leaseUntil");
        Grant grant = new Grant(string(i, "perkId"), new PerkOffer(PerkKind.valueOf(string(i, "kind")),
                string(i, "title"), string(i, "note"), 0), Audience.of(string(i, "audienceKind"),
                string(i, "audienceValue"), ItemFields.strings(i, "audienceSquads")), instant(i, "deliverAt"), instant(i, "expiresAt"));
        return new GrantJob(string(i, "programId"), grant, string(i, "fingerprint"),
                LocalDate.parse(string(i, "audienceDay")), instant(i, "deliverAt"),
                Boolean.TRUE.equals(i.get("complete").bool()), string(i, "cursor"), ItemFields.number(i, "examined"),
                ItemFields.number(i, "granted"), ItemFields.number(i, "delivered"), ItemFields.number(i, "alreadyHad"),
                (int) ItemFields.number(i, "pages"), instant(i, "startedAt"), instant(i, "updatedAt"),
                string(i, "leaseOwner"), leaseUntil == null ? null : Instant.ofEpochMilli(leaseUntil));
    }

    // --- daily runs: pk = programId#runs, sk = D#date -----------------------------------------

    /**
     * Where a day's run stands between invocations: the routine's position (the membership day
     * being given, and the shard cursor in it) or its end, and where the current sweep of due perks
     * continues (null: a new sweep starts at shard 0).
     */
    public record DailyState(boolean routineDone, int routineDay, String routineCursor, long routinePerks,
            String dueCursor, Map<Notices.Kind, Notices> notices) {
        static final DailyState NEW = new DailyState(false, 2, null, 0, null, Map.of());

        public DailyState {
            notices = Map.copyOf(notices);
        }

        /** Where the day's notices of one kind stand (not started: at the start). */
        Notices notices(Notices.Kind kind) {
            return notices.getOrDefault(kind, Notices.NEW);
        }

        DailyState withNotices(Notices.Kind kind, Notices next) {
            Map<Notices.Kind, Notices> all = new java.util.EnumMap<>(Notices.Kind.class);
            all.putAll(notices);
            all.put(kind, next);
            return new DailyState(routineDone, routineDay, routineCursor, routinePerks, dueCursor, all);
        }

        DailyState withDueCursor(String next) {
            return new DailyState(routineDone, routineDay, routineCursor, routinePerks, next, notices);
        }
    }

    /**
     * Where a day's notices of one kind stand: which step is being walked (the silence notices: an
     * index into {@link SilenceNotices#THRESHOLDS}; the others have one) and the shard cursor in it,
     * or their end; how many were said.
     */
    public record Notices(boolean done, int step, String cursor, long said) {
        static final Notices NEW = new Notices(false, 0, null, 0);

        /** Where a walk of {@code step} left the notices: its end, or where it continues. */
        static Notices after(int step, ShardWalk.End end, long said) {
            return end.done() ? new Notices(true, step, null, said)
                    : new Notices(false, step, end.position().encode(), said);
        }

        /** The daily run's notices, each walked once a day; its name prefixes its attributes in the run's item. */
        public enum Kind {
            /** MemberGoingSilent. */
            SILENCE("silence"),
            /** PointsExpiring. */
            POINTS("points"),
            /** PerkExpiring. */
            PERKS("perk"),
            /** SquadGoingSilent; its cursor is the last squadId told of. */
            SQUADS("squad");

            final String prefix;

            Kind(String prefix) {
                this.prefix = prefix;
            }
        }
    }

    public DailyState dailyState(String programId, LocalDate date) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(runKey(programId, date))).item();
        if (item == null || item.isEmpty()) {
            return DailyState.NEW;
        }
        Long day = ItemFields.optionalNumber(item, "routineDay");
        Long given = ItemFields.optionalNumber(item, "routinePerks");
        Map<Notices.Kind, Notices> notices = new java.util.EnumMap<>(Notices.Kind.class);
        for (Notices.Kind kind : Notices.Kind.values()) {
            Long step = ItemFields.optionalNumber(item, kind.prefix + "NoticeStep");
            Long said = ItemFields.optionalNumber(item, kind.prefix + "NoticesSaid");
            notices.put(kind, new Notices(item.containsKey(kind.prefix + "NoticesDoneAt"),
                    step == null ? 0 : step.intValue(), string(item, kind.prefix + "NoticeCursor"),
                    said == null ? 0 : said));
        }
        return new DailyState(item.containsKey("routineDoneAt"), day == null ? 2 : day.intValue(),
                string(item, "routineCursor"), given == null ? 0 : given, string(item, "dueCursor"), notices);
    }

    /** Saves a day's run state; routineDoneAt is set once the routine has reached every member. */
    void saveDailyState(String programId, LocalDate date, DailyState state, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(runKey(programId, date));
        item.put("routineDay", n(state.routineDay()));
        putIfPresent(item, "routineCursor", state.routineCursor());
        item.put("routinePerks", n(state.routinePerks()));
        putIfPresent(item, "dueCursor", state.dueCursor());
        if (state.routineDone()) {
            item.put("routineDoneAt", s(now.toString()));
        }
        for (Notices.Kind kind : Notices.Kind.values()) {
            Notices notices = state.notices(kind);
            item.put(kind.prefix + "NoticeStep", n(notices.step()));
            putIfPresent(item, kind.prefix + "NoticeCursor", notices.cursor());
            item.put(kind.prefix + "NoticesSaid", n(notices.said()));
            if (notices.done()) {
                item.put(kind.prefix + "NoticesDoneAt", s(now.toString()));
            }
        }
        item.put("updatedAt", s(now.toString()));
        dynamo.putItem(p -> p.tableName(table).item(item));
    }

    /**
     * Adds to a grant's count of perks the daily run delivered later (a grant with a future
     * deliverAt). Kept in an item of its own: the fan-out rewrites the job item whole.
     */
    void addDeliveredLater(String programId, String perkId, long delivered) {
        dynamo.updateItem(u -> u.tableName(table).key(laterKey(programId, perkId))
                .updateExpression("ADD delivered :n").expressionAttributeValues(Map.of(":n", n(delivered))));
    }

    private static Map<String, AttributeValue> laterKey(String programId, String perkId) {
        return Map.of("pk", s(programId + "#grants"), "sk", s("L#" + perkId));
    }

    /** A due-index position as an opaque string (the index key: dueShard, dueAt, pk, sk). */
    static String encodeDueKey(Map<String, AttributeValue> key) {
        if (key == null) {
            return null;
        }
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return String.join(".", List.of(key.get("dueShard").s(), key.get("dueAt").n(), key.get("pk").s(),
                key.get("sk").s()).stream().map(v -> b64.encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .toList());
    }

    static Map<String, AttributeValue> decodeDueKey(String cursor) {
        if (cursor == null) {
            return null;
        }
        String[] parts = cursor.split("\\.");
        java.util.Base64.Decoder b64 = java.util.Base64.getUrlDecoder();
        java.util.function.IntFunction<String> part = i -> new String(b64.decode(parts[i]),
                java.nio.charset.StandardCharsets.UTF_8);
        return Map.of("dueShard", s(part.apply(0)), "dueAt", AttributeValue.fromN(part.apply(1)), "pk",
                s(part.apply(2)), "sk", s(part.apply(3)));
    }

    private static Map<String, AttributeValue> runKey(String programId, LocalDate date) {
        return Map.of("pk", s(programId + "#runs"), "sk", s("D#" + date));
    }

    /** Keys and indexes: the one source of this table's shape, locally and in the stack (infra/tables.json). */
    public static final TableSpec SPEC = TableSpec.of("perks", Key.s("pk"), Key.s("sk"),
            Index.global(BY_DUE, Key.s("dueShard"), Key.n("dueAt"), "ALL"),
            Index.global(OPEN_GRANTS, Key.s("openGrant"), Key.s("sk"), "KEYS_ONLY")).withStream();

    public CreateTableRequest definition() {
        return SPEC.createRequest(table);
    }

    static Map<String, AttributeValue> toItem(Perk p) {
        Map<String, AttributeValue> item = new HashMap<>(key(p.programId(), p.memberId(), p.perkId()));
        item.put("programId", s(p.programId()));
        item.put("memberId", s(p.memberId()));
        item.put("perkId", s(p.perkId()));
        item.put("source", s(p.source().name()));
        item.put("kind", s(p.kind().name()));
        item.put("title", s(p.title()));
        putIfPresent(item, "note", p.note());
        item.put("deliverAt", s(p.deliverAt().toString()));
        putIfPresent(item, "expiresAt", p.expiresAt());
        item.put("status", s(p.status().name()));
        item.put("history", AttributeValue.fromL(p.history().stream().map(c -> AttributeValue.fromM(Map.of(
                "status", s(c.status().name()), "at", s(c.at().toString())))).toList()));
        item.put("changedAt", s(p.changedAt().toString()));
        Instant due = p.dueAt();
        if (due != null) {
            item.put("dueShard", s(Shards.key(p.programId(), p.memberId())));
            item.put("dueAt", n(due.toEpochMilli()));
        }
        return item;
    }

    static Perk fromItem(Map<String, AttributeValue> item) {
        List<Perk.StatusChange> history = item.get("history").l().stream().map(v -> new Perk.StatusChange(
                PerkStatus.valueOf(string(v.m(), "status")), instant(v.m(), "at"))).toList();
        return new Perk(string(item, "programId"), string(item, "memberId"), string(item, "perkId"),
                PerkSource.valueOf(string(item, "source")), PerkKind.valueOf(string(item, "kind")),
                string(item, "title"), string(item, "note"), instant(item, "deliverAt"), instant(item, "expiresAt"),
                PerkStatus.valueOf(string(item, "status")), history);
    }
}
