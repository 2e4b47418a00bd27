package dev.hearth.ledger;

import static dev.hearth.dynamodb.ItemFields.instant;
import static dev.hearth.dynamodb.ItemFields.n;
import static dev.hearth.dynamodb.ItemFields.number;
import static dev.hearth.dynamodb.ItemFields.putIfPresent;
import static dev.hearth.dynamodb.ItemFields.s;
import static dev.hearth.dynamodb.ItemFields.string;
import static dev.hearth.dynamodb.ItemFields.strings;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.BatchReads;
import dev.hearth.dynamodb.Conditions;
import dev.hearth.dynamodb.ItemFields;
import dev.hearth.dynamodb.Shards;
import dev.hearth.dynamodb.TableSpec;
import dev.hearth.dynamodb.TableSpec.Index;
import dev.hearth.dynamodb.TableSpec.Key;
import dev.hearth.edge.HearthException;
import dev.hearth.program.ActivityType;
import dev.hearth.program.Counter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The members table: one item per member of a program.
 *
 * <pre>
 * key          pk = programId#memberId (S). Each member is its own partition, so a busy program
 *              never concentrates writes on one key.
 * GSI byProgram  programShard = programId#NN (S, NN = 00..15 from the member id's hash), memberId (S),
 *              with tier, tags, squads: the whole-program review and the perk audiences by tier,
 *              tag or squad page through the 16 shards without a scan and without one hot index
 *              partition (tier, tags and squads change rarely, so the index is rarely rewritten).
 * GSI byJoined  programShard, joinedSeq = yyyy-mm-dd#memberId (local day of joining), keys only:
 *              the members on day N of their first week (the seven-day routine, perk audiences).
 * GSI byKoc    kocShard = programId#NN, kocRank = activities (10 digits)#memberId; sparse: only
 *              members with quality posts have kocShard. The snapshot's KOC candidates: the top
 *              of each shard, merged.
 * GSI byLastActive  activityShard = programId#NN, lastActiveSeq = yyyy-mm-dd#memberId (last
 *              active local day), keys only: the snapshot's churn-risk lists, most recently
 *              active first among those silent for 7 / 14 / 30 days; the daily run's members
 *              whose last active day is 7 / 14 days back (MemberGoingSilent).
 * GSI byPointsNotice  activityShard, pointsNoticeSeq = yyyy-mm-dd#memberId (the day from which the
 *              daily run looks at the member's lots for PointsExpiring notices), keys only, sparse:
 *              only members with lots whose notices are not all told have it; the daily run reads
 *              those whose day has come (<= its date), never the rest.
 * attributes   programId, memberId, displayName, invitedBy, channel, joinedAt, tags [..], squads [..],
 *              tier, tierReachedAt, belowTierSince, pointsBalance, pointLots {yyyy-mm-dd: n} (the lots
 *              earned on or after lotsApartBefore, at most 10 days of them: every earlier lot is kept
 *              apart, in the activities table's L#apart, whose oldest day is oldestLotApart; both
 *              absent while nothing is apart; ledger/LotsApart),
 *              counters {spendFen: n, ...}, rewardsHeld {rewardId: n} (absent when none),
 *              dayCounts {day: yyyy-mm-dd, TYPE: n} (capped activities on the latest day any counted:
 *              CapCounts; absent on members stored before it and on an erased member),
 *              referralCredited (invitation credited), lastActiveAt,
 *              activeDaysTo (epoch day) and activeDaysMask (bit i: active i days before it; the
 *              latest 64 days; members stored before it have activeDays [epoch day, ...]),
 *              firstWeekConnections, joinedDay,
 *              privilegesGranted [tier ids], tagPerksGiven [catalogue perk ids], importedBy and
 *              importLine (the import and line that brought them in), noRoutine (imported without a welcome: no joinedSeq,
 *              so no routine and no first-week audience), version;
 *              an erased member keeps only the amounts, days and erasure {requestId, reason, at,
 *              complete, counts}: no name, tags, squads or inviter, and no index attribute;
 *              earlierErasures [erasure] once the id joined again after an erasure (a program with
 *              rejoinAfterErasure): the new membership's item replaces the erased one
 * access       GetItem (consistent) before each change; Put with condition on version (optimistic
 *              lock) or attribute_not_exists (join) inside a transaction with the ledger, beside
 *              the write of the member's lots apart when the change moved or changed them (readAllLots
 *              reads them, after the member, for a step that needs every lot); the
 *              daily run's Update of pointsNoticeSeq alone, with condition on version;
 *              Query byProgram / byJoined / byLastActive / byPointsNotice per shard, pages of up to 100 keys;
 *              BatchWriteItem for bulk loads (benchmarks, tests; import-members writes each member
 *              in its own transaction); BatchGetItem of a page's members
 *              (manage-program's preview of tier moves, the daily run's notices).
 * </pre>
 */
@ApplicationScoped
public class MemberTable {

    static final String BY_PROGRAM = "byProgram";
    static final String BY_KOC = "byKoc";
    static final String BY_LAST_ACTIVE = "byLastActive";
    static final String BY_POINTS_NOTICE = "byPointsNotice";
    static final String BY_JOINED = "byJoined";

    private final DynamoDbClient dynamo;
    private final String table;
    /** Where each member's lots kept apart are (ledger/LotsApart): beside their ledger. */
    private final String activities;

    public MemberTable(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.members();
        this.activities = tables.activities();
    }

    /**
     * Reads the member's lots kept apart into {@link Member#pointLots}, for a step that spends, takes
     * back, expires or tells of lots: one read, and only for a member who has lots apart.
     */
    public void readAllLots(Member member) {
        if (member.lotsApart.read()) {
            return;
        }
        var apart = ActivityTable.lotsApart(dynamo, activities, member.programId, member.memberId);
        member.pointLots.putAll(apart);
        member.lotsApart = new LotsApart(member.lotsApart.before(), member.lotsApart.oldest(), Map.copyOf(apart));
    }

    public String tableName() {
        return table;
    }

    public static String key(String programId, String memberId) {
        return programId + "#" + memberId;
    }

    /**
     * A member who can be acted on: [404] MEMBER_NOT_FOUND if there is none, [410] MEMBER_ERASED if
     * their data was erased ({@code field} names the id in the request).
     */
    public Member require(String programId, String memberId, String field) {
        Member member = find(programId, memberId)
                .orElseThrow(() -> HearthException.memberNotFound(field, programId, memberId));
        if (member.erased()) {
            throw HearthException.memberErased(field, memberId);
        }
        return member;
    }

    public Optional<Member> find(String programId, String memberId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", s(key(programId, memberId))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The members of these ids that exist (at most 100: one BatchGetItem, eventually consistent: a preview's read). */
    public List<Member> findAll(String programId, List<String> memberIds) {
        return BatchReads.get(dynamo, table, memberIds.stream().map(id -> Map.of("pk", s(key(programId, id)))).toList(),
                false).stream().map(MemberTable::fromItem).toList();
    }

    /**
     * Writes a new member (version 1), failing the transaction if the member already exists; and
     * their lots kept apart, if they bring more than the member item holds (an import).
     */
    public List<TransactWriteItem> create(Member member) {
        Member stored = member.copy();
        stored.version = 1;
        LotsApart.Split split = LotsApart.split(stored.pointLots, stored.lotsApart);
        List<TransactWriteItem> writes = new java.util.ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(stored, split))
                .conditionExpression(Conditions.NEW_ITEM)).build());
        lotsApartWrite(stored, split).ifPresent(writes::add);
        return writes;
    }

    private Optional<TransactWriteItem> lotsApartWrite(Member m, LotsApart.Split split) {
        return split.changed()
                ? Optional.of(ActivityTable.lotsApartWrite(activities, m.programId, m.memberId, split))
                : Optional.empty();
    }

    /**
     * Moves the day from which the daily run looks at a member's lots (null: no notice ahead, out of
     * the index), unless the member changed since it was read (then the change's own day stands and
     * the run looks again). Only this attribute changes: not a change of the member, so no version.
     */
    public boolean movePointsNotice(Member member, LocalDate next) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":v", n(member.version));
        String update;
        if (next == null) {
            update = "REMOVE pointsNoticeSeq";
        } else {
            update = "SET pointsNoticeSeq = :seq";
            values.put(":seq", s(next + "#" + member.memberId));
        }
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Map.of("pk", s(key(member.programId, member.memberId))))
                    .updateExpression(update).conditionExpression("version = :v").expressionAttributeValues(values));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Writes a changed member, failing the transaction if anyone changed it since it was read; and
     * their lots kept apart when the change moved or changed them (see {@link LotsApart}).
     */
    public List<TransactWriteItem> update(Member member) {
        Member stored = member.copy();
        stored.version = member.version + 1;
        LotsApart.Split split = LotsApart.split(stored.pointLots, stored.lotsApart);
        List<TransactWriteItem> writes = new java.util.ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(stored, split))
                .conditionExpression(Conditions.VERSION_UNCHANGED)
                .expressionAttributeNames(Map.of("#v", "version"))
                .expressionAttributeValues(Map.of(":v", n(member.version)))).build());
        lotsApartWrite(stored, split).ifPresent(writes::add);
        return writes;
    }

    /** One page of a shard's member ids; {@code start} is the previous page's last key, or null. */
    public Page page(String programId, int shard, String startAfterMemberId, int limit) {
        String shardKey = Shards.key(programId, shard);
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

    /** The most active members with quality posts, best first (ties: member id, descending). */
    public List<Koc> topKoc(String programId, int limit) {
        return topOfShards(programId, BY_KOC, "kocShard", "kocRank", null, limit).stream().map(i -> new Koc(
                string(i, "memberId"), string(i, "displayName"),
                Long.parseLong(ItemFields.map(i, "counters").get(Counter.QUALITY_POSTS.key()).n()),
                Long.parseLong(string(i, "kocRank").substring(0, 10)))).toList();
    }

    /** A KOC candidate. */
    public record Koc(String memberId, String displayName, long qualityPosts, long activities) {
    }

    /** Members whose last active day is on or before {@code day} (as {@code yyyy-mm-dd#memberId}), most recent first. */
    public List<String> silentSince(String programId, LocalDate day, int limit) {
        return topOfShards(programId, BY_LAST_ACTIVE, "activityShard", "lastActiveSeq", day.plusDays(1).toString(),
                limit).stream().map(i -> string(i, "lastActiveSeq")).toList();
    }

    /**
     * The {@code limit} items with the highest sort key across a sharded index: the top of each of
     * the 16 shards (sort keys below {@code below}, if given), merged.
     */
    private List<Map<String, AttributeValue>> topOfShards(String programId, String index, String shardAttribute,
            String sortAttribute, String below, int limit) {
        List<Map<String, AttributeValue>> all = new java.util.ArrayList<>();
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":s", s(Shards.key(programId, shard)));
            String condition = shardAttribute + " = :s";
            if (below != null) {
                values.put(":b", s(below));
                condition += " AND " + sortAttribute + " < :b";
            }
            String keyCondition = condition;
            all.addAll(dynamo.query(q -> q.tableName(table).indexName(index).scanIndexForward(false).limit(limit)
                    .keyConditionExpression(keyCondition).expressionAttributeValues(values)).items());
        }
        all.sort(java.util.Comparator.comparing((Map<String, AttributeValue> i) -> string(i, sortAttribute)).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** Which index lists a shard's members, and so which members a page holds. */
    public enum Listing {
        /** Every member, with tier, tags and squads (byProgram). */
        EVERY_MEMBER(BY_PROGRAM, "programShard", "memberId", Days.ANY),
        /** Members who joined on the day given (byJoined). */
        JOINED_ON(BY_JOINED, "programShard", "joinedSeq", Days.ON),
        /** Members whose last active day is on or before the day given (byLastActive). */
        LAST_ACTIVE_ON_OR_BEFORE(BY_LAST_ACTIVE, "activityShard", "lastActiveSeq", Days.ON_OR_BEFORE),
        /** Members whose last active day is the day given (byLastActive): silent since the day after. */
        LAST_ACTIVE_ON(BY_LAST_ACTIVE, "activityShard", "lastActiveSeq", Days.ON),
        /** Members whose lots are due a look for PointsExpiring notices on or before the day given (byPointsNotice). */
        POINTS_NOTICE_ON_OR_BEFORE(BY_POINTS_NOTICE, "activityShard", "pointsNoticeSeq", Days.ON_OR_BEFORE);

        private final String index;
        private final String shardAttribute;
        private final String sortAttribute;
        private final Days days;

        Listing(String index, String shardAttribute, String sortAttribute, Days days) {
            this.index = index;
            this.shardAttribute = shardAttribute;
            this.sortAttribute = sortAttribute;
            this.days = days;
        }
    }

    /** How a listing's sort key ({@code yyyy-mm-dd#memberId}) is bounded by the day given. */
    private enum Days {
        ANY, ON, ON_OR_BEFORE
    }

    /**
     * One page of the members of one shard that {@code listing} names ({@code day} is its day; null
     * for every member). {@code after} is the previous page's {@code continueAfter} (null: the
     * shard's start).
     */
    public ListedPage listed(String programId, Listing listing, LocalDate day, int shard, String after, int limit) {
        String shardKey = Shards.key(programId, shard);
        String index = listing.index;
        String shardAttribute = listing.shardAttribute;
        String sortAttribute = listing.sortAttribute;
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":s", s(shardKey));
        String condition = switch (listing.days) {
            case ANY -> "";
            case ON -> {
                values.put(":d", s(day + "#"));
                yield " AND begins_with(" + sortAttribute + ", :d)";
            }
            case ON_OR_BEFORE -> {
                values.put(":b", s(day.plusDays(1).toString()));
                yield " AND " + sortAttribute + " < :b";
            }
        };
        String keyCondition = shardAttribute + " = :s" + condition;
        QueryResponse response = dynamo.query(q -> {
            q.tableName(table).indexName(index).limit(limit).keyConditionExpression(keyCondition)
                    .expressionAttributeValues(values);
            if (after != null) {
                String memberId = sortAttribute.equals("memberId") ? after : memberIdOf(after);
                q.exclusiveStartKey(Map.of(shardAttribute, s(shardKey), sortAttribute, s(after),
                        "pk", s(key(programId, memberId))));
            }
        });
        List<MemberSummary> found = new java.util.ArrayList<>();
        String last = null;
        for (Map<String, AttributeValue> i : response.items()) {
            last = string(i, sortAttribute);
            String joinedSeq = string(i, "joinedSeq");
            String lastActiveSeq = string(i, "lastActiveSeq");
            String memberId = string(i, "memberId") != null ? string(i, "memberId") : memberIdOf(last);
            found.add(new MemberSummary(memberId, string(i, "tier"), strings(i, "tags"), strings(i, "squads"),
                    joinedSeq == null ? null : LocalDate.parse(joinedSeq.substring(0, 10)),
                    lastActiveSeq == null ? null : LocalDate.parse(lastActiveSeq.substring(0, 10))));
        }
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        return new ListedPage(found, more && last != null ? last : null);
    }

    /** The member id ending a {@code yyyy-mm-dd#memberId} sort key (joinedSeq, lastActiveSeq). */
    private static String memberIdOf(String daySeq) {
        return daySeq.substring(daySeq.indexOf('#') + 1);
    }

    /** The members of one page, and where the shard continues (null when it is done). */
    public record ListedPage(List<MemberSummary> members, String continueAfter) {
    }

    /** Writes members as they are, 25 per request: a bulk import (benchmarks, tests), not a join. */
    public void putAll(java.util.Collection<Member> all) {
        List<WriteRequest> requests = new java.util.ArrayList<>();
        for (Member m : all) {
            LotsApart.Split split = LotsApart.split(m.pointLots, m.lotsApart);
            if (!split.apart().isEmpty()) {
                throw new IllegalArgumentException("a bulk load keeps every member's lots in the member item: "
                        + m.memberId + " has more than " + LotsApart.KEPT_WITH_MEMBER);
            }
            requests.add(WriteRequest.builder().putRequest(p -> p.item(toItem(m, split))).build());
        }
        for (int from = 0; from < requests.size(); from += 25) {
            Map<String, List<WriteRequest>> batch = Map.of(table, requests.subList(from, Math.min(from + 25,
                    requests.size())));
            while (!batch.isEmpty()) {
                Map<String, List<WriteRequest>> pending = batch;
                batch = dynamo.batchWriteItem(b -> b.requestItems(pending)).unprocessedItems();
            }
        }
    }

    /** Member ids of one page, and the id to continue after (null when the shard is done). */
    public record Page(List<String> memberIds, String continueAfter) {
    }

    /** Keys and indexes: the one source of this table's shape, locally and in the stack (infra/tables.json). */
    public static final TableSpec SPEC = TableSpec.of("members", Key.s("pk"), null,
            Index.global(BY_PROGRAM, Key.s("programShard"), Key.s("memberId"), "INCLUDE", "tier", "tags", "squads"),
            Index.global(BY_JOINED, Key.s("programShard"), Key.s("joinedSeq"), "KEYS_ONLY"),
            Index.global(BY_KOC, Key.s("kocShard"), Key.s("kocRank"), "INCLUDE", "memberId", "displayName", "counters"),
            Index.global(BY_LAST_ACTIVE, Key.s("activityShard"), Key.s("lastActiveSeq"), "KEYS_ONLY"),
            Index.global(BY_POINTS_NOTICE, Key.s("activityShard"), Key.s("pointsNoticeSeq"), "KEYS_ONLY"));

    public CreateTableRequest definition() {
        return SPEC.createRequest(table);
    }

    /**
     * The member's item. What every member item holds, an erased one's too: ids, dates, tier,
     * balance, lots, counters and days (what program totals are made of). Then either the erasure,
     * or the member's personal data and the attributes that put them in the listings (review,
     * audiences, routine, KOC, churn lists): an erased member has neither, so no listing finds them.
     */
    static Map<String, AttributeValue> toItem(Member m, LotsApart.Split split) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(key(m.programId, m.memberId)));
        item.put("programId", s(m.programId));
        item.put("memberId", s(m.memberId));
        item.put("channel", s(m.channel));
        item.put("joinedAt", s(m.joinedAt.toString()));
        putIfPresent(item, "joinedDay", m.joinedDay == null ? null : m.joinedDay.toString());
        item.put("privilegesGranted", strings(List.copyOf(m.privilegesGranted)));
        item.put("tier", s(m.tier));
        putIfPresent(item, "tierReachedAt", m.tierReachedAt);
        putIfPresent(item, "belowTierSince", m.belowTierSince);
        item.put("pointsBalance", n(m.pointsBalance));
        Map<String, AttributeValue> lots = new LinkedHashMap<>();
        split.withMember().forEach((day, points) -> lots.put(day.toString(), n(points)));
        item.put("pointLots", AttributeValue.fromM(lots));
        putIfPresent(item, "lotsApartBefore", split.after().before() == null ? null : split.after().before().toString());
        putIfPresent(item, "oldestLotApart", split.after().oldest() == null ? null : split.after().oldest().toString());
        Map<String, AttributeValue> counters = new LinkedHashMap<>();
        for (Counter counter : Counter.values()) {
            counters.put(counter.key(), n(m.counter(counter)));
        }
        item.put("counters", AttributeValue.fromM(counters));
        putIfPresent(item, "lastActiveAt", m.lastActiveAt);
        if (!m.activeDays.isEmpty()) {
            // The latest day and a 64-bit mask of the 64 days up to it (bit i: i days before): about
            // 30 bytes, where a list of 64 days took about 330 of a daily member's item.
            long latest = m.activeDays.last().toEpochDay();
            long mask = 0;
            for (LocalDate day : m.activeDays) {
                mask |= 1L << (latest - day.toEpochDay());
            }
            item.put("activeDaysTo", n(latest));
            item.put("activeDaysMask", AttributeValue.fromN(Long.toUnsignedString(mask)));
        }
        item.put("firstWeekConnections", n(m.firstWeekConnections));
        item.put("version", n(m.version));
        if (!m.rewardsHeld.isEmpty()) {
            Map<String, AttributeValue> held = new LinkedHashMap<>();
            m.rewardsHeld.forEach((rewardId, n) -> held.put(rewardId, n(n)));
            item.put("rewardsHeld", AttributeValue.fromM(held));
        }
        if (m.referralCredited) {
            // kept through an erasure: an invitation is credited once per id, whatever happens to it
            item.put("referralCredited", AttributeValue.fromBool(true));
        }
        if (!m.earlierErasures.isEmpty()) {
            item.put("earlierErasures", AttributeValue.fromL(m.earlierErasures.stream()
                    .map(MemberTable::erasureItem).toList()));
        }
        if (m.erased()) {
            item.put("erasure", erasureItem(m.erasure));
            return item;
        }
        String shard = Shards.key(m.programId, m.memberId);
        item.put("programShard", s(shard));
        item.put("displayName", s(m.displayName));
        putIfPresent(item, "invitedBy", m.invitedBy);
        if (m.joinedDay != null && m.inRoutine) {
            item.put("joinedSeq", s(m.joinedDay + "#" + m.memberId));
        }
        if (m.importedBy != null) {
            item.put("importedBy", s(m.importedBy));
            item.put("importLine", n(m.importLine));
        }
        if (!m.inRoutine) {
            item.put("noRoutine", AttributeValue.fromBool(true));
        }
        if (!m.tagPerksGiven.isEmpty()) {
            item.put("tagPerksGiven", strings(List.copyOf(m.tagPerksGiven)));
        }
        item.put("tags", strings(m.tags));
        item.put("squads", strings(m.squads));
        if (m.counter(Counter.QUALITY_POSTS) > 0) {
            item.put("kocShard", s(shard));
            item.put("kocRank", s(String.format("%010d#%s", m.activityCount(), m.memberId)));
        }
        if (!m.activeDays.isEmpty() || m.pointsNoticeOn != null) {
            item.put("activityShard", s(shard));
        }
        if (!m.activeDays.isEmpty()) {
            item.put("lastActiveSeq", s(m.activeDays.last() + "#" + m.memberId));
        }
        if (m.pointsNoticeOn != null) {
            item.put("pointsNoticeSeq", s(m.pointsNoticeOn + "#" + m.memberId));
        }
        if (m.dayCounts != null) {
            Map<String, AttributeValue> counts = new LinkedHashMap<>();
            counts.put("day", s(m.dayCounts.day().toString()));
            m.dayCounts.counts().forEach((type, n) -> counts.put(type.name(), n(n)));
            item.put("dayCounts", AttributeValue.fromM(counts));
        }
        return item;
    }

    private static AttributeValue erasureItem(Member.Erasure e) {
        Map<String, AttributeValue> erasure = new HashMap<>();
        erasure.put("requestId", s(e.requestId()));
        erasure.put("reason", s(e.reason()));
        erasure.put("at", s(e.at().toString()));
        erasure.put("complete", AttributeValue.fromBool(e.complete()));
        Map<String, AttributeValue> counts = new LinkedHashMap<>();
        e.counts().forEach((name, count) -> counts.put(name, n(count)));
        erasure.put("counts", AttributeValue.fromM(counts));
        return AttributeValue.fromM(erasure);
    }

    private static Member.Erasure erasure(Map<String, AttributeValue> erasure) {
        Map<String, Long> counts = new LinkedHashMap<>();
        ItemFields.map(erasure, "counts").forEach((name, count) -> counts.put(name, Long.parseLong(count.n())));
        return new Member.Erasure(string(erasure, "requestId"), string(erasure, "reason"), instant(erasure, "at"),
                Boolean.TRUE.equals(erasure.get("complete").bool()), counts);
    }

    static Member fromItem(Map<String, AttributeValue> item) {
        Member m = new Member();
        m.programId = string(item, "programId");
        m.memberId = string(item, "memberId");
        m.displayName = string(item, "displayName");
        m.invitedBy = string(item, "invitedBy");
        m.channel = string(item, "channel");
        m.joinedAt = instant(item, "joinedAt");
        String joinedDay = string(item, "joinedDay");
        m.joinedDay = joinedDay == null ? null : LocalDate.parse(joinedDay);
        m.privilegesGranted.addAll(strings(item, "privilegesGranted"));
        m.tagPerksGiven.addAll(strings(item, "tagPerksGiven"));
        m.tags = new java.util.ArrayList<>(strings(item, "tags"));
        m.squads = new java.util.ArrayList<>(strings(item, "squads"));
        m.tier = string(item, "tier");
        m.tierReachedAt = instant(item, "tierReachedAt");
        m.belowTierSince = instant(item, "belowTierSince");
        m.pointsBalance = number(item, "pointsBalance");
        ItemFields.map(item, "pointLots").forEach((day, points) -> m.pointLots.put(LocalDate.parse(day),
                Long.parseLong(points.n())));
        String apartBefore = string(item, "lotsApartBefore");
        String oldestApart = string(item, "oldestLotApart");
        // Nothing apart: known without a read (any item apart is one an erased membership left).
        m.lotsApart = oldestApart == null ? LotsApart.NONE
                : new LotsApart(LocalDate.parse(apartBefore), LocalDate.parse(oldestApart), null);
        ItemFields.map(item, "counters").forEach((counter, value) -> m.counters.put(Counter.fromKey(counter),
                Long.parseLong(value.n())));
        ItemFields.map(item, "rewardsHeld").forEach((rewardId, n) -> m.rewardsHeld.put(rewardId, Long.parseLong(n.n())));
        AttributeValue credited = item.get("referralCredited");
        m.referralCredited = credited != null && Boolean.TRUE.equals(credited.bool());
        m.lastActiveAt = instant(item, "lastActiveAt");
        AttributeValue latestActive = item.get("activeDaysTo");
        if (latestActive != null) {
            long latest = Long.parseLong(latestActive.n());
            long mask = Long.parseUnsignedLong(item.get("activeDaysMask").n());
            for (int i = 0; i < Member.KEPT_ACTIVE_DAYS; i++) {
                if ((mask >>> i & 1) == 1) {
                    m.activeDays.add(LocalDate.ofEpochDay(latest - i));
                }
            }
        }
        AttributeValue activeDays = item.get("activeDays"); // a member stored before the mask
        if (activeDays != null && activeDays.hasL()) {
            activeDays.l().forEach(d -> m.activeDays.add(LocalDate.ofEpochDay(Long.parseLong(d.n()))));
        }
        m.firstWeekConnections = number(item, "firstWeekConnections");
        m.importedBy = string(item, "importedBy");
        m.importLine = number(item, "importLine");
        m.inRoutine = !item.containsKey("noRoutine");
        Map<String, AttributeValue> erasure = ItemFields.map(item, "erasure");
        if (!erasure.isEmpty()) {
            m.erasure = erasure(erasure);
        }
        AttributeValue earlier = item.get("earlierErasures");
        if (earlier != null && earlier.hasL()) {
            earlier.l().forEach(e -> m.earlierErasures.add(erasure(e.m())));
        }
        Map<String, AttributeValue> dayCounts = ItemFields.map(item, "dayCounts");
        if (!dayCounts.isEmpty()) {
            EnumMap<ActivityType, Integer> counts = new EnumMap<>(ActivityType.class);
            dayCounts.forEach((name, n) -> {
                if (!name.equals("day")) {
                    counts.put(ActivityType.valueOf(name), Integer.parseInt(n.n()));
                }
            });
            m.dayCounts = new DailyCounts(LocalDate.parse(dayCounts.get("day").s()), counts);
        }
        String noticeSeq = string(item, "pointsNoticeSeq");
        m.pointsNoticeOn = noticeSeq == null ? null : LocalDate.parse(noticeSeq.substring(0, 10));
        m.version = number(item, "version");
        return m;
    }
}
