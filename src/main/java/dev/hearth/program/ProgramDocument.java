package dev.hearth.program;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;

/**
 * A program's rules as operators read and write them (get-program answers this shape, and
 * manage-program takes it back), and the checks that keep a stored program runnable: each
 * rejection names the exact path ({@code tiers[2].requirements.spendFen}) and the rule.
 */
public final class ProgramDocument {

    static final int MAX_TIERS = 20;
    static final int MAX_PERKS = 200;
    static final long MAX_REQUIREMENT = 1_000_000_000_000L;
    static final long MAX_POINTS = 100_000;
    static final int MAX_CAP = 1_000;
    static final int MAX_GRACE_DAYS = 365;
    static final int MAX_EXPIRY_MONTHS = 120;
    static final int MAX_VALID_DAYS = 3_650;
    static final int MAX_REWARDS = 100;
    static final long MAX_POINTS_COST = 10_000_000;
    static final long MAX_STOCK = 1_000_000;
    static final int MAX_PER_MEMBER = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("name", "timeZone", "currency", "tiers", "earning",
            "downgradeGraceDays", "pointsExpiryMonths", "referralCredit", "returnWindowDays", "squads", "perks", "rejoinAfterErasure");

    private ProgramDocument() {
    }

    /** The program's rules as a document (everything but its id). */
    public static ObjectNode write(Program p) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("name", p.name());
        doc.put("timeZone", p.timeZone().getId());
        doc.put("currency", p.currency());
        ArrayNode tiers = doc.putArray("tiers");
        for (Tier t : p.tiers()) {
            ObjectNode tier = tiers.addObject();
            tier.put("id", t.id());
            tier.put("name", t.name());
            tier.put("localName", t.localName());
            ObjectNode requirements = tier.putObject("requirements");
            for (Counter c : Counter.values()) {
                if (t.requirements().containsKey(c)) {
                    requirements.put(c.key(), t.requirements().get(c));
                }
            }
            ArrayNode privileges = tier.putArray("privileges");
            t.privileges().forEach(privileges::add);
        }
        ObjectNode earning = doc.putObject("earning");
        earning.put("pointsPerCny", p.earning().pointsPerCny());
        ObjectNode perActivity = earning.putObject("pointsPerActivity");
        new TreeMap<>(p.earning().pointsPerActivity()).forEach((type, points) -> perActivity.put(type.name(), points));
        ObjectNode caps = earning.putObject("dailyCaps");
        new TreeMap<>(p.earning().dailyCaps()).forEach((type, cap) -> caps.put(type.name(), cap));
        doc.put("downgradeGraceDays", p.downgradeGraceDays());
        doc.put("pointsExpiryMonths", p.pointsExpiryMonths());
        doc.put("referralCredit", p.referralCredit().name());
        doc.put("returnWindowDays", p.returnWindowDays());
        ObjectNode squads = doc.putObject("squads");
        squads.put("quietDays", p.squadRules().quietDays());
        squads.put("silentDays", p.squadRules().silentDays());
        doc.put("rejoinAfterErasure", p.rejoinAfterErasure());
        ObjectNode perks = doc.putObject("perks");
        perkLists(perks.putObject("tierPrivileges"), p.perks().tierPrivileges());
        perkLists(perks.putObject("tagRules"), p.perks().tagRules());
        Map<String, List<CataloguePerk>> routine = new LinkedHashMap<>();
        p.perks().routine().forEach((day, list) -> routine.put(Integer.toString(day), list));
        perkLists(perks.putObject("routine"), routine);
        ArrayNode rewards = perks.putArray("rewards");
        for (Reward r : p.perks().rewards()) {
            ObjectNode reward = rewards.addObject();
            reward.put("rewardId", r.rewardId());
            reward.put("kind", r.offer().kind().name());
            reward.put("title", r.offer().title());
            if (r.offer().note() != null) {
                reward.put("note", r.offer().note());
            }
            reward.put("validDays", r.offer().validDays());
            reward.put("pointsCost", r.pointsCost());
            if (r.stock() != null) {
                reward.put("stock", r.stock());
            }
            if (r.perMemberLimit() != null) {
                reward.put("perMemberLimit", r.perMemberLimit());
            }
            ArrayNode allowed = reward.putArray("tiers");
            r.tiers().forEach(allowed::add);
            if (r.from() != null) {
                reward.put("from", r.from().toString());
            }
            if (r.until() != null) {
                reward.put("until", r.until().toString());
            }
        }
        return doc;
    }

    private static void perkLists(ObjectNode into, Map<String, List<CataloguePerk>> lists) {
        lists.forEach((key, list) -> {
            ArrayNode perks = into.putArray(key);
            for (CataloguePerk c : list) {
                ObjectNode perk = perks.addObject();
                perk.put("perkId", c.perkId());
                perk.put("kind", c.offer().kind().name());
                perk.put("title", c.offer().title());
                if (c.offer().note() != null) {
                    perk.put("note", c.offer().note());
                }
                perk.put("validDays", c.offer().validDays());
            }
        });
    }

    /**
     * The program a document describes, checked rule by rule.
     *
     * @param at the path of the document in its event ({@code program})
     * @throws HearthException {@code [400] MISSING_FIELD|INVALID_FIELD|UNKNOWN_FIELD <path>: ...}
     */
    public static Program read(String programId, JsonNode doc, String at) {
        Node root = new Node(doc, at);
        root.object(FIELDS);
        String name = root.field("name").text(100);
        ZoneId zone = root.field("timeZone").zone();
        String currency = root.field("currency").currency();
        List<Tier> tiers = tiers(root.field("tiers"));
        EarningRules earning = earning(root.field("earning"));
        int grace = (int) root.field("downgradeGraceDays").number(0, MAX_GRACE_DAYS);
        int expiry = (int) root.field("pointsExpiryMonths").number(0, MAX_EXPIRY_MONTHS);
        ReferralCredit referral = root.field("referralCredit").oneOf(ReferralCredit.class);
        int returnWindow = (int) root.field("returnWindowDays").number(0, MAX_GRACE_DAYS);
        Node squadNode = root.field("squads");
        squadNode.object(List.of("quietDays", "silentDays"));
        int quiet = (int) squadNode.field("quietDays").number(1, SquadRules.MAX_DAYS - 1);
        Node silentNode = squadNode.field("silentDays");
        int silent = (int) silentNode.number(1, SquadRules.MAX_DAYS);
        if (silent <= quiet) {
            throw silentNode.invalid("must be more than squads.quietDays (" + quiet + ")");
        }
        PerkCatalogue perks = catalogue(root.field("perks"), tiers);
        // Optional (false), so documents written before the rule existed still read.
        boolean rejoin = root.has("rejoinAfterErasure") && root.child("rejoinAfterErasure").bool();
        return new Program(programId, name, zone, currency, tiers, earning, grace, expiry, perks, referral,
                returnWindow, new SquadRules(quiet, silent), rejoin);
    }

    private static List<Tier> tiers(Node node) {
        List<Node> items = node.list(1, MAX_TIERS);
        List<Tier> tiers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Node t = items.get(i);
            t.object(List.of("id", "name", "localName", "requirements", "privileges"));
            Node idNode = t.field("id");
            String id = idNode.id();
            if (!ids.add(id)) {
                throw idNode.invalid("tier id " + id + " is used twice");
            }
            String tierName = t.field("name").text(60);
            String localName = t.field("localName").optionalText(60);
            Node requirementsNode = t.field("requirements");
            Map<Counter, Long> requirements = new EnumMap<>(Counter.class);
            for (Map.Entry<String, Node> r : requirementsNode.entries()) {
                Counter counter;
                try {
                    counter = Counter.fromKey(r.getKey());
                } catch (IllegalArgumentException e) {
                    throw r.getValue().unknown("no counter " + r.getKey() + " (counters: " + counterKeys() + ")");
                }
                requirements.put(counter, r.getValue().number(0, MAX_REQUIREMENT));
            }
            if (i == 0 && requirements.values().stream().anyMatch(v -> v > 0)) {
                throw requirementsNode.invalid("the first tier is every member's: it has no requirements");
            }
            // Ordered: a counter two tiers both require asks at least as much of the higher one, and
            // each tier asks more than the one below it somewhere (the brief's Partner asks spend and
            // referrals, not Close Friend's posts: a rung need not repeat every requirement below it).
            for (int j = 0; j < i; j++) {
                for (Map.Entry<Counter, Long> b : tiers.get(j).requirements().entrySet()) {
                    Long mine = requirements.get(b.getKey());
                    if (mine != null && mine < b.getValue()) {
                        throw requirementsNode.field(b.getKey().key()).invalid("must be at least tiers[" + j + "]'s ("
                                + b.getValue() + "): the ladder is climbed upward");
                    }
                }
            }
            if (i > 0) {
                Tier below = tiers.get(i - 1);
                boolean asksMore = requirements.entrySet().stream()
                        .anyMatch(r -> r.getValue() > below.requirements().getOrDefault(r.getKey(), 0L));
                if (!asksMore) {
                    throw requirementsNode.invalid("must ask more than tiers[" + (i - 1) + "] in at least one counter");
                }
            }
            List<String> privileges = new ArrayList<>();
            for (Node privilege : t.field("privileges").list(0, 50)) {
                privileges.add(privilege.text(120));
            }
            tiers.add(new Tier(id, tierName, localName == null ? tierName : localName, requirements, privileges));
        }
        return tiers;
    }

    private static EarningRules earning(Node node) {
        node.object(List.of("pointsPerCny", "pointsPerActivity", "dailyCaps"));
        long perCny = node.field("pointsPerCny").number(0, 1_000);
        Map<ActivityType, Long> points = new EnumMap<>(ActivityType.class);
        for (Map.Entry<String, Node> e : node.field("pointsPerActivity").entries()) {
            points.put(activity(e, "points"), e.getValue().number(0, MAX_POINTS));
        }
        Map<ActivityType, Integer> caps = new EnumMap<>(ActivityType.class);
        for (Map.Entry<String, Node> e : node.field("dailyCaps").entries()) {
            caps.put(activity(e, "a daily cap"), (int) e.getValue().number(1, MAX_CAP));
        }
        return new EarningRules(perCny, points, caps);
    }

    /** An activity type that earns a fixed amount (a purchase earns per CNY, a refund takes back). */
    private static ActivityType activity(Map.Entry<String, Node> e, String what) {
        ActivityType type;
        try {
            type = ActivityType.valueOf(e.getKey());
        } catch (IllegalArgumentException x) {
            throw e.getValue().unknown("no activity type " + e.getKey());
        }
        if (type == ActivityType.PURCHASE || type == ActivityType.REFUND || type == ActivityType.EXPIRY
                || type == ActivityType.REDEMPTION || type == ActivityType.REDEMPTION_CANCELLED) {
            throw e.getValue().invalid(type + " cannot have " + what + " (purchases earn pointsPerCny; refunds, "
                    + "expiry and redemptions take points back)");
        }
        return type;
    }

    private static PerkCatalogue catalogue(Node node, List<Tier> tiers) {
        node.object(List.of("tierPrivileges", "tagRules", "routine", "rewards"));
        Set<String> perkIds = new HashSet<>();
        Set<String> tierIds = new HashSet<>(tiers.stream().map(Tier::id).toList());
        Map<String, List<CataloguePerk>> privileges = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : node.field("tierPrivileges").entries()) {
            if (!tierIds.contains(e.getKey())) {
                throw e.getValue().invalid("no tier " + e.getKey() + " on the ladder");
            }
            privileges.put(e.getKey(), perks(e.getValue(), perkIds));
        }
        Map<String, List<CataloguePerk>> tagRules = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : node.field("tagRules").entries()) {
            if (e.getKey().isBlank() || e.getKey().codePointCount(0, e.getKey().length()) > 64) {
                throw e.getValue().invalid("a tag is 1 to 64 characters");
            }
            tagRules.put(e.getKey(), perks(e.getValue(), perkIds));
        }
        Map<Integer, List<CataloguePerk>> routine = new TreeMap<>();
        for (Map.Entry<String, Node> e : node.field("routine").entries()) {
            int day;
            try {
                day = Integer.parseInt(e.getKey());
            } catch (NumberFormatException x) {
                day = -1;
            }
            if (day < 1 || day > PerkCatalogue.ROUTINE_DAYS) {
                throw e.getValue().invalid("a routine day is \"1\" to \"" + PerkCatalogue.ROUTINE_DAYS + "\"");
            }
            routine.put(day, perks(e.getValue(), perkIds));
        }
        if (perkIds.size() > MAX_PERKS) {
            throw node.invalid("at most " + MAX_PERKS + " catalogue perks, got " + perkIds.size());
        }
        List<Reward> rewards = node.has("rewards") ? rewards(node.child("rewards"), tierIds) : List.of();
        return new PerkCatalogue(privileges, tagRules, routine, rewards);
    }

    private static List<CataloguePerk> perks(Node node, Set<String> perkIds) {
        List<CataloguePerk> perks = new ArrayList<>();
        for (Node p : node.list(1, 20)) {
            p.object(List.of("perkId", "kind", "title", "note", "validDays"));
            Node idNode = p.field("perkId");
            String perkId = idNode.id();
            if (!perkIds.add(perkId)) {
                throw idNode.invalid("perk id " + perkId + " is used twice in the catalogue");
            }
            if (perkId.startsWith(Reward.PERK_ID_PREFIX)) {
                throw idNode.invalid("perk ids starting with " + Reward.PERK_ID_PREFIX + " are the redeemed rewards'");
            }
            PerkKind kind = p.field("kind").oneOf(PerkKind.class);
            String title = p.field("title").text(120);
            String note = p.has("note") ? p.field("note").text(500) : null;
            int validDays = p.has("validDays") ? (int) p.field("validDays").number(0, MAX_VALID_DAYS) : 0;
            perks.add(new CataloguePerk(perkId, new PerkOffer(kind, title, note, validDays)));
        }
        return perks;
    }

    /** The rewards members buy with points: each checked at its path (perks.rewards[i].field). */
    private static List<Reward> rewards(Node node, Set<String> tierIds) {
        List<Reward> rewards = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Node r : node.list(0, MAX_REWARDS)) {
            r.object(List.of("rewardId", "kind", "title", "note", "validDays", "pointsCost", "stock", "perMemberLimit",
                    "tiers", "from", "until"));
            Node idNode = r.field("rewardId");
            String rewardId = idNode.id();
            if (!ids.add(rewardId)) {
                throw idNode.invalid("reward id " + rewardId + " is used twice in the catalogue");
            }
            PerkOffer offer = new PerkOffer(r.field("kind").oneOf(PerkKind.class), r.field("title").text(120),
                    r.has("note") ? r.field("note").text(500) : null,
                    r.has("validDays") ? (int) r.field("validDays").number(0, MAX_VALID_DAYS) : 0);
            long cost = r.field("pointsCost").number(1, MAX_POINTS_COST);
            Long stock = r.has("stock") ? r.field("stock").number(0, MAX_STOCK) : null;
            Integer limit = r.has("perMemberLimit") ? (int) r.field("perMemberLimit").number(1, MAX_PER_MEMBER) : null;
            List<String> tiers = new ArrayList<>();
            if (r.has("tiers")) {
                for (Node t : r.field("tiers").list(0, MAX_TIERS)) {
                    String tier = t.id();
                    if (!tierIds.contains(tier)) {
                        throw t.invalid("no tier " + tier + " on the ladder");
                    }
                    tiers.add(tier);
                }
            }
            Instant from = r.has("from") ? r.field("from").instant() : null;
            Instant until = r.has("until") ? r.field("until").instant() : null;
            if (from != null && until != null && !until.isAfter(from)) {
                throw r.child("until").invalid("must be after from (" + from + ")");
            }
            rewards.add(new Reward(rewardId, offer, cost, stock, limit, tiers, from, until));
        }
        return rewards;
    }

    private static String counterKeys() {
        return String.join(", ", java.util.Arrays.stream(Counter.values()).map(Counter::key).toList());
    }

    /** A JSON value and its path in the event, read with the rule it breaks named at that path. */
    private record Node(JsonNode value, String path) {

        boolean has(String name) {
            return value.has(name) && !value.get(name).isNull();
        }

        Node child(String name) {
            return new Node(value.path(name), path + "." + name);
        }

        /** A required field. */
        Node field(String name) {
            if (!has(name)) {
                throw new HearthException(ErrorCode.MISSING_FIELD, path + "." + name, "is required");
            }
            return child(name);
        }

        void object(List<String> allowed) {
            if (!value.isObject()) {
                throw invalid("must be an object");
            }
            Iterator<String> names = value.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw new HearthException(ErrorCode.UNKNOWN_FIELD, path + "." + name,
                            "is not a field here (fields: " + String.join(", ", allowed) + ")");
                }
            }
        }

        List<Map.Entry<String, Node>> entries() {
            if (!value.isObject()) {
                throw invalid("must be an object");
            }
            List<Map.Entry<String, Node>> entries = new ArrayList<>();
            value.fields().forEachRemaining(e -> entries.add(Map.entry(e.getKey(),
                    new Node(e.getValue(), path + "." + e.getKey()))));
            return entries;
        }

        List<Node> list(int min, int max) {
            if (!value.isArray()) {
                throw invalid("must be an array");
            }
            if (value.size() < min || value.size() > max) {
                throw invalid("must have " + min + " to " + max + " entries, got " + value.size());
            }
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                items.add(new Node(value.get(i), path + "[" + i + "]"));
            }
            return items;
        }

        String text(int max) {
            if (!value.isTextual() || value.textValue().isBlank()) {
                throw invalid("must be a non-blank string");
            }
            String text = value.textValue().strip();
            if (text.codePointCount(0, text.length()) > max) {
                throw invalid("must be at most " + max + " characters");
            }
            return text;
        }

        String optionalText(int max) {
            return value.isMissingNode() || value.isNull() ? null : text(max);
        }

        String id() {
            String id = text(128);
            if (!id.equals(value.textValue()) || id.codePoints().anyMatch(c -> Character.isWhitespace(c)
                    || Character.isSpaceChar(c) || Character.isISOControl(c))) {
                throw invalid("must not contain white space or control characters");
            }
            return id;
        }

        long number(long min, long max) {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw invalid("must be a whole number");
            }
            long n = value.longValue();
            if (n < min || n > max) {
                throw invalid("must be from " + min + " to " + max + ", got " + n);
            }
            return n;
        }

        Instant instant() {
            String text = text(64);
            try {
                return Instant.parse(text);
            } catch (DateTimeException e) {
                throw invalid("must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
            }
        }

        ZoneId zone() {
            String id = text(64);
            try {
                return ZoneId.of(id);
            } catch (DateTimeException e) {
                throw invalid("not a time zone id (e.g. Asia/Shanghai, Europe/Berlin): " + id);
            }
        }

        String currency() {
            String code = text(64);
            if (!code.matches("[A-Z]{3}")) {
                throw invalid("must be an ISO 4217 code such as CNY or EUR");
            }
            return code;
        }

        boolean bool() {
            if (!value.isBoolean()) {
                throw invalid("must be true or false");
            }
            return value.booleanValue();
        }

        <E extends Enum<E>> E oneOf(Class<E> type) {
            String text = text(64);
            try {
                return Enum.valueOf(type, text);
            } catch (IllegalArgumentException e) {
                throw invalid("must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
            }
        }

        HearthException invalid(String problem) {
            return HearthException.invalid(path, problem);
        }

        HearthException unknown(String problem) {
            return new HearthException(ErrorCode.UNKNOWN_FIELD, path, problem);
        }
    }
}
