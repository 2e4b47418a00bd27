package dev.hearth.program;

import static dev.hearth.dynamodb.ItemFields.n;
import static dev.hearth.dynamodb.ItemFields.number;
import static dev.hearth.dynamodb.ItemFields.s;
import static dev.hearth.dynamodb.ItemFields.string;
import static dev.hearth.dynamodb.ItemFields.strings;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.Conditions;
import dev.hearth.dynamodb.ItemFields;
import dev.hearth.dynamodb.TableSpec;
import dev.hearth.dynamodb.TableSpec.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The programs table: one item per program, holding its rules as plain DynamoDB maps and lists
 * so that an operator can read and edit them in the console.
 *
 * <pre>
 * key          programId (S)
 * attributes   name, timeZone, currency, downgradeGraceDays, pointsExpiryMonths, pointsPerCny,
 *              pointsPerActivity {TYPE: n}, dailyCaps {TYPE: n}, referralCredit (JOIN | FIRST_PURCHASE),
 *              returnWindowDays, squadQuietDays, squadSilentDays (squad health thresholds),
 *              rejoinAfterErasure (true, or absent: an erased member id stays refused),
 *              tiers [{id, name, localName, requirements {counter: min}, privileges [..]}],
 *              perks {tierPrivileges {TIER: [perk]}, tagRules {tag: [perk]}, routine {"N": [perk]},
 *              rewards [reward] (absent when there are none)}
 *              where perk = {perkId, kind, title, note?, validDays}, reward = {rewardId, kind, title,
 *              note?, validDays, pointsCost, stock?, perMemberLimit?, tiers [..], from?, until?}
 *              version, changedBy, changedAt, reason (the change that made this version),
 *              versions [{version, changedBy, changedAt, reason}] (every version, oldest first),
 *              current (true)
 * key          programId#vNNNNNN: a kept version (the whole rules as they were, and its change),
 *              with of = programId; never changed after it is written
 * access       GetItem by programId through the functions' cache (ProgramCache); GetItem
 *              (consistent) of the current item or a version (get-program, manage-program);
 *              TransactWriteItems of the current item (attribute_not_exists on CREATE, version =
 *              expected on UPDATE) and the new version's item; Scan of the current items' ids
 *              (scheduled work over every program: programs are few).
 * </pre>
 */
@ApplicationScoped
public class ProgramTable {

    private final DynamoDbClient dynamo;
    private final String table;

    public ProgramTable(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.programs();
    }

    public Optional<Program> find(String programId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(Map.of("programId", s(programId))))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Stores the program unless one with its id exists; returns whether it was stored. */
    public boolean putIfAbsent(Program program) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(toItem(program))
                    .conditionExpression(Conditions.NEW_PROGRAM));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void put(Program program) {
        dynamo.putItem(r -> r.tableName(table).item(toItem(program)));
    }

    /** Who changed a program's rules, when, why, and the version that change made. */
    public record Change(long version, String changedBy, Instant changedAt, String reason) {
    }

    /** A program as stored: its rules, the change that made this version, and every version's change. */
    public record Stored(Program program, Change change, List<Change> versions) {
    }

    /** The current version (read consistently: an operator's next change is decided from it). */
    public Optional<Stored> stored(String programId) {
        return storedItem(programId);
    }

    /** An earlier (or the current) version of a program's rules. */
    public Optional<Stored> version(String programId, long version) {
        return storedItem(versionKey(programId, version)).map(v -> new Stored(withId(v.program(), programId),
                v.change(), List.of()));
    }

    private Optional<Stored> storedItem(String key) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("programId", s(key)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        List<Change> versions = new ArrayList<>();
        AttributeValue list = item.get("versions");
        if (list != null && list.hasL()) {
            list.l().forEach(v -> versions.add(change(v.m())));
        }
        Change change = item.containsKey("version") ? change(item) : new Change(1, null, null, null);
        return Optional.of(new Stored(fromItem(item), change, versions.isEmpty() ? List.of(change) : versions));
    }

    private static Program withId(Program p, String programId) {
        return new Program(programId, p.name(), p.timeZone(), p.currency(), p.tiers(), p.earning(),
                p.downgradeGraceDays(), p.pointsExpiryMonths(), p.perks(), p.referralCredit(), p.returnWindowDays(),
                p.squadRules(), p.rejoinAfterErasure());
    }

    /**
     * A new program's writes: its current item (only if no program has the id) and its version 1,
     * in one transaction.
     */
    public List<TransactWriteItem> create(Program program, Change change) {
        return versionWrites(program, change, List.of(change), null);
    }

    /** A new version's writes: the current item, only if {@code expected} is still its version, and the version's own item. */
    public List<TransactWriteItem> update(Program program, Change change, long expected, List<Change> earlier) {
        List<Change> versions = new ArrayList<>(earlier);
        versions.add(change);
        return versionWrites(program, change, versions, expected);
    }

    private List<TransactWriteItem> versionWrites(Program program, Change change, List<Change> versions,
            Long expected) {
        List<Map<String, AttributeValue>> items = versionItems(program, change, versions);
        TransactWriteItem currentWrite = TransactWriteItem.builder().put(p -> {
            p.tableName(table).item(items.get(0));
            if (expected == null) {
                p.conditionExpression(Conditions.NEW_PROGRAM);
            } else if (expected == 1) {
                // A program stored before versions were kept (no version attribute) is version 1.
                p.conditionExpression("attribute_not_exists(#v) OR #v = :v")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":v", n(expected)));
            } else {
                p.conditionExpression(Conditions.VERSION_UNCHANGED).expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":v", n(expected)));
            }
        }).build();
        TransactWriteItem versionWrite = TransactWriteItem.builder().put(p -> p.tableName(table).item(items.get(1))
                .conditionExpression(Conditions.NEW_PROGRAM)).build();
        return List.of(currentWrite, versionWrite);
    }

    /**
     * The two items a version is stored as: the program's current item (with every version's
     * change) and the version's own, kept item. A new program's are the deployment's seed.
     */
    public static List<Map<String, AttributeValue>> versionItems(Program program, Change change,
            List<Change> versions) {
        Map<String, AttributeValue> current = toItem(program);
        putChange(current, change);
        current.put("versions", AttributeValue.fromL(versions.stream().map(v -> {
            Map<String, AttributeValue> m = new HashMap<>();
            putChange(m, v);
            return AttributeValue.fromM(m);
        }).toList()));
        current.put("current", AttributeValue.fromBool(true));
        Map<String, AttributeValue> kept = toItem(program);
        putChange(kept, change);
        kept.put("programId", s(versionKey(program.programId(), change.version())));
        kept.put("of", s(program.programId()));
        return List.of(current, kept);
    }

    private static void putChange(Map<String, AttributeValue> item, Change c) {
        item.put("version", n(c.version()));
        ItemFields.putIfPresent(item, "changedBy", c.changedBy());
        ItemFields.putIfPresent(item, "changedAt", c.changedAt());
        ItemFields.putIfPresent(item, "reason", c.reason());
    }

    private static Change change(Map<String, AttributeValue> m) {
        return new Change(number(m, "version"), string(m, "changedBy"), ItemFields.instant(m, "changedAt"),
                string(m, "reason"));
    }

    /** A version's own item: the program id with {@code #v} and the version, zero-padded. */
    static String versionKey(String programId, long version) {
        return String.format("%s#v%06d", programId, version);
    }

    /** The ids of every program (current items only: versions are apart); the programs are few, so a Scan. */
    public List<String> programIds() {
        List<String> ids = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(table).filterExpression("attribute_not_exists(#of)")
                .expressionAttributeNames(Map.of("#of", "of")).projectionExpression("programId"))
                .items().forEach(i -> ids.add(string(i, "programId")));
        ids.sort(String::compareTo);
        return ids;
    }

    /** Keys and indexes: the one source of this table's shape, locally and in the stack (infra/tables.json). */
    public static final TableSpec SPEC = TableSpec.of("programs", Key.s("programId"), null);

    public CreateTableRequest definition() {
        return SPEC.createRequest(table);
    }

    public static Map<String, AttributeValue> toItem(Program program) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("programId", s(program.programId()));
        item.put("name", s(program.name()));
        item.put("timeZone", s(program.timeZone().getId()));
        item.put("currency", s(program.currency()));
        item.put("downgradeGraceDays", n(program.downgradeGraceDays()));
        item.put("pointsExpiryMonths", n(program.pointsExpiryMonths()));
        item.put("referralCredit", s(program.referralCredit().name()));
        item.put("returnWindowDays", n(program.returnWindowDays()));
        item.put("squadQuietDays", n(program.squadRules().quietDays()));
        item.put("squadSilentDays", n(program.squadRules().silentDays()));
        if (program.rejoinAfterErasure()) {
            item.put("rejoinAfterErasure", AttributeValue.fromBool(true));
        }
        item.put("pointsPerCny", n(program.earning().pointsPerCny()));
        Map<String, AttributeValue> perActivity = new LinkedHashMap<>();
        program.earning().pointsPerActivity().forEach((type, points) -> perActivity.put(type.name(), n(points)));
        item.put("pointsPerActivity", AttributeValue.fromM(perActivity));
        Map<String, AttributeValue> caps = new LinkedHashMap<>();
        program.earning().dailyCaps().forEach((type, cap) -> caps.put(type.name(), n(cap)));
        item.put("dailyCaps", AttributeValue.fromM(caps));
        List<AttributeValue> tiers = new ArrayList<>();
        for (Tier tier : program.tiers()) {
            Map<String, AttributeValue> requirements = new LinkedHashMap<>();
            tier.requirements().forEach((counter, min) -> requirements.put(counter.key(), n(min)));
            tiers.add(AttributeValue.fromM(Map.of(
                    "id", s(tier.id()),
                    "name", s(tier.name()),
                    "localName", s(tier.localName()),
                    "requirements", AttributeValue.fromM(requirements),
                    "privileges", strings(tier.privileges()))));
        }
        item.put("tiers", AttributeValue.fromL(tiers));
        PerkCatalogue perks = program.perks();
        Map<String, List<CataloguePerk>> routine = new LinkedHashMap<>();
        perks.routine().forEach((day, list) -> routine.put(Integer.toString(day), list));
        Map<String, AttributeValue> catalogue = new LinkedHashMap<>(Map.of(
                "tierPrivileges", perkLists(perks.tierPrivileges()),
                "tagRules", perkLists(perks.tagRules()),
                "routine", perkLists(routine)));
        if (!perks.rewards().isEmpty()) {
            catalogue.put("rewards", AttributeValue.fromL(perks.rewards().stream().map(ProgramTable::reward).toList()));
        }
        item.put("perks", AttributeValue.fromM(catalogue));
        return item;
    }

    private static AttributeValue reward(Reward r) {
        Map<String, AttributeValue> reward = new LinkedHashMap<>();
        reward.put("rewardId", s(r.rewardId()));
        reward.put("kind", s(r.offer().kind().name()));
        reward.put("title", s(r.offer().title()));
        ItemFields.putIfPresent(reward, "note", r.offer().note());
        reward.put("validDays", n(r.offer().validDays()));
        reward.put("pointsCost", n(r.pointsCost()));
        ItemFields.putIfPresent(reward, "stock", r.stock());
        ItemFields.putIfPresent(reward, "perMemberLimit", r.perMemberLimit() == null ? null : (long) r.perMemberLimit());
        reward.put("tiers", strings(r.tiers()));
        ItemFields.putIfPresent(reward, "from", r.from());
        ItemFields.putIfPresent(reward, "until", r.until());
        return AttributeValue.fromM(reward);
    }

    private static Reward reward(AttributeValue value) {
        Map<String, AttributeValue> r = value.m();
        Long limit = ItemFields.optionalNumber(r, "perMemberLimit");
        return new Reward(string(r, "rewardId"), new PerkOffer(PerkKind.valueOf(string(r, "kind")), string(r, "title"),
                string(r, "note"), (int) number(r, "validDays")), number(r, "pointsCost"),
                ItemFields.optionalNumber(r, "stock"), limit == null ? null : limit.intValue(), strings(r, "tiers"),
                ItemFields.instant(r, "from"), ItemFields.instant(r, "until"));
    }

    private static AttributeValue perkLists(Map<String, List<CataloguePerk>> lists) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        lists.forEach((key, perks) -> map.put(key, AttributeValue.fromL(perks.stream().map(p -> {
            Map<String, AttributeValue> perk = new LinkedHashMap<>();
            perk.put("perkId", s(p.perkId()));
            perk.put("kind", s(p.offer().kind().name()));
            perk.put("title", s(p.offer().title()));
            ItemFields.putIfPresent(perk, "note", p.offer().note());
            perk.put("validDays", n(p.offer().validDays()));
            return AttributeValue.fromM(perk);
        }).toList())));
        return AttributeValue.fromM(map);
    }

    private static Map<String, List<CataloguePerk>> perkLists(Map<String, AttributeValue> catalogue, String name) {
        Map<String, List<CataloguePerk>> lists = new LinkedHashMap<>();
        ItemFields.map(catalogue, name).forEach((key, perks) -> lists.put(key, perks.l().stream().map(v -> {
            Map<String, AttributeValue> p = v.m();
            return new CataloguePerk(string(p, "perkId"), new PerkOffer(PerkKind.valueOf(string(p, "kind")),
                    string(p, "title"), string(p, "note"), (int) number(p, "validDays")));
        }).toList()));
        return lists;
    }

    public static Program fromItem(Map<String, AttributeValue> item) {
        Map<ActivityType, Long> perActivity = new EnumMap<>(ActivityType.class);
        ItemFields.map(item, "pointsPerActivity").forEach((type, v) -> perActivity.put(ActivityType.valueOf(type),
                Long.parseLong(v.n())));
        Map<ActivityType, Integer> caps = new EnumMap<>(ActivityType.class);
        ItemFields.map(item, "dailyCaps").forEach((type, v) -> caps.put(ActivityType.valueOf(type),
                Integer.parseInt(v.n())));
        List<Tier> tiers = new ArrayList<>();
        for (AttributeValue value : item.get("tiers").l()) {
            Map<String, AttributeValue> tier = value.m();
            Map<Counter, Long> requirements = new EnumMap<>(Counter.class);
            ItemFields.map(tier, "requirements").forEach((counter, min) -> requirements.put(Counter.fromKey(counter),
                    Long.parseLong(min.n())));
            tiers.add(new Tier(string(tier, "id"), string(tier, "name"), string(tier, "localName"), requirements,
                    strings(tier, "privileges")));
        }
        Map<String, AttributeValue> perks = ItemFields.map(item, "perks");
        Map<Integer, List<CataloguePerk>> routine = new java.util.TreeMap<>();
        perkLists(perks, "routine").forEach((day, list) -> routine.put(Integer.parseInt(day), list));
        List<Reward> rewards = perks.containsKey("rewards")
                ? perks.get("rewards").l().stream().map(ProgramTable::reward).toList() : List.of();
        PerkCatalogue catalogue = new PerkCatalogue(perkLists(perks, "tierPrivileges"), perkLists(perks, "tagRules"),
                routine, rewards);
        String zone = string(item, "timeZone");
        String currency = string(item, "currency");
        String referralCredit = string(item, "referralCredit");
        Long returnWindowDays = ItemFields.optionalNumber(item, "returnWindowDays");
        Long quietDays = ItemFields.optionalNumber(item, "squadQuietDays");
        Long silentDays = ItemFields.optionalNumber(item, "squadSilentDays");
        SquadRules squadRules = quietDays == null || silentDays == null ? SquadRules.DEFAULT
                : new SquadRules(quietDays.intValue(), silentDays.intValue());
        return new Program(string(item, "programId"), string(item, "name"),
                ZoneId.of(zone == null ? "Asia/Shanghai" : zone), currency == null ? "CNY" : currency, tiers,
                new EarningRules(number(item, "pointsPerCny"), perActivity, caps),
                (int) number(item, "downgradeGraceDays"), (int) number(item, "pointsExpiryMonths"), catalogue,
                referralCredit == null ? Program.DEFAULT_REFERRAL_CREDIT : ReferralCredit.valueOf(referralCredit),
                returnWindowDays == null ? Program.DEFAULT_RETURN_WINDOW_DAYS : returnWindowDays.intValue(),
                squadRules, item.containsKey("rejoinAfterErasure"));
    }
}
