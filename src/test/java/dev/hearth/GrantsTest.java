package dev.hearth;

import static dev.hearth.testing.Invoke.award;
import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.dynamodb.CallRecorder;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Each function's IAM grants (functions/NAME/grants.json, which the stack turns into the function's
 * role) are exactly the DynamoDB actions it performs: its sample events, replayed twice, and the few
 * paths they do not reach are run with DynamoDB calls recorded, and the recorded actions must equal
 * the grants. DynamoDB Local enforces no IAM, so without this a missing grant would show only in
 * the cloud, and a grant no code uses would stay forever.
 */
@QuarkusTest
class GrantsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MemberTable members;
    @Inject
    software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo;
    @Inject
    dev.hearth.config.TableNames tables;
    @Inject
    dev.hearth.program.ProgramTable programs;
    @Inject
    dev.hearth.squad.SquadTable squads;

    @Test
    void everyFunctionIsGrantedExactlyTheDynamoDbActionsItPerforms() throws IOException {
        Map<String, Set<String>> recorded = new LinkedHashMap<>();
        Map<String, List<Object>> keysWritten = new LinkedHashMap<>();
        for (String function : List.of("onboard-member", "update-member", "manage-squad", "manage-program", "get-program", "award-points", "evaluate-tier", "schedule-perk",
                "redeem-reward", "get-member", "erase-member", "import-members", "daily-retention-snapshot", "run-programs", "fold-counters")) {
            List<Map<String, Object>> beyondTheSamples = beyondTheSamples(function);
            CallRecorder.start();
            CallRecorder.startRequests();
            for (int pass = 0; pass < 2; pass++) {
                for (Path event : samples(function)) {
                    Invoke.replay(function, event);
                }
            }
            try {
                beyondTheSamples.forEach(event -> ok(function, event));
            } finally {
                TestClock.reset();
            }
            recorded.put(function, CallRecorder.stop());
            keysWritten.put(function, CallRecorder.stopRequests());
        }
        // A grant limited to partition keys: every key the function wrote to that table is one of them.
        for (Map.Entry<String, List<Object>> e : keysWritten.entrySet()) {
            JsonNode grants = JSON.readTree(Invoke.FUNCTIONS.resolve(e.getKey()).resolve("grants.json").toFile());
            for (var grant : (Iterable<Map.Entry<String, JsonNode>>) grants::fields) {
                List<String> patterns = new ArrayList<>();
                grant.getValue().path("leadingKeys").forEach(k -> patterns.add(k.asText()));
                if (patterns.isEmpty()) {
                    continue;
                }
                Set<String> written = CallRecorder.partitionKeysWritten(e.getValue(), tables.named(grant.getKey()));
                assertFalse(written.isEmpty(), e.getKey() + " wrote to " + grant.getKey());
                for (String pk : written) {
                    assertTrue(patterns.stream().anyMatch(p -> pk.matches(glob(p))), e.getKey() + " wrote " + pk
                            + " to " + grant.getKey() + ", outside its leadingKeys " + patterns);
                }
            }
        }
        for (Map.Entry<String, Set<String>> e : recorded.entrySet()) {
            assertEquals(granted(e.getKey()), e.getValue(), e.getKey() + ": functions/" + e.getKey()
                    + "/grants.json must grant exactly what the function does");
        }
    }

    /**
     * A member last active 7 local days before the day of {@code runAt}, with points that expire 20
     * days after it: the perk day tells of both.
     */
    private static void silentForSevenDaysOn(Instant runAt) {
        java.time.ZoneId shanghai = java.time.ZoneId.of("Asia/Shanghai");
        java.time.LocalDate day = runAt.atZone(shanghai).toLocalDate();
        Instant joinedAt = day.minusDays(7).atTime(12, 0).atZone(shanghai).toInstant();
        ok("import-members", event("programId", "default", "importId", unique("silent"), "members",
                List.of(Map.of("memberId", unique("silent"), "displayName", "Silent", "joinedAt", joinedAt.toString(),
                        "points", List.of(Map.of("earnedOn", day.plusDays(20).minusMonths(12).toString(), "points",
                                50))))));
    }

    /** Events for the paths the sample events do not take, set up before recording starts. */
    private List<Map<String, Object>> beyondTheSamples(String function) {
        if (function.equals("onboard-member")) {
            // A join dated before its inviter's latest day of counted activity: that day's referral
            // counts are read from, and stored in, their own item; the inviter's lots are partly kept
            // apart, so the credit's lot, dated before those held with the inviter, is added apart.
            String inviter = Invoke.newMember("default");
            lotsOnDays(inviter, 30, 20);
            return List.of(event("programId", "default", "memberId", unique("m"), "displayName", "Late",
                    "channel", "INVITE", "invitedBy", inviter, "joinedAt", Instant.now().minus(Duration.ofDays(2))
                            .toString()));
        }
        if (function.equals("schedule-perk")) {
            // A member told that a lot expires in 30 days, their lots partly kept apart (read first).
            String told = Invoke.newMember("default");
            award("default", told, unique("o"), "PURCHASE", "amountFen", 1_000, "occurredAt",
                    Instant.now().minus(Duration.ofDays(340)).toString());
            lotsOnDays(told, 20, 11);
            // A grant delivered later: the daily run that delivers it counts it on the grant's job.
            String m = Invoke.newMember("default");
            ok("schedule-perk", event("programId", "default", "perkId", unique("later"),
                    "perk", Map.of("kind", "GIFT", "title", "Later"), "audience", Map.of("memberId", m),
                    "deliverAt", Instant.now().plus(Duration.ofHours(1)).toString()));
            TestClock.advance(Duration.ofHours(2));
            silentForSevenDaysOn(Instant.now().plus(Duration.ofHours(2)));
            return List.of(event("programId", "default", "run", "DAILY"));
        }
        if (function.equals("run-programs")) {
            // The schedules' form (every program: the programs' ids are scanned), and the night's
            // review, which only runs inside its window: the clock is moved to 02:30 in Shanghai, two days on, so
            // that its perk day is never the one schedule-perk's daily run above already told (from 22:00, two
            // hours on is tomorrow).
            java.time.ZonedDateTime shanghai = Instant.now().atZone(java.time.ZoneId.of("Asia/Shanghai"));
            java.time.ZonedDateTime night = shanghai.toLocalDate().plusDays(2).atTime(2, 30)
                    .atZone(java.time.ZoneId.of("Asia/Shanghai"));
            membersTheReviewChanges();
            // A perk due later, which the perk day delivers (the perk changes, its event is written).
            String m = Invoke.newMember("default");
            ok("schedule-perk", event("programId", "default", "perkId", unique("later"),
                    "perk", Map.of("kind", "GIFT", "title", "Later"), "audience", Map.of("memberId", m),
                    "deliverAt", Instant.now().plus(Duration.ofHours(1)).toString()));
            // A program with no snapshot stored yet: its snapshot is computed whatever ran before this test.
            String fresh = unique("grants");
            dev.hearth.testing.TestPrograms.copyOfDefault(programs, squads, fresh);
            // ... with a member who joined months ago: the snapshot rolls its months up (a roll-up put, the
            // month's late item deleted, the other months' checked).
            ok("import-members", event("programId", fresh, "importId", unique("old"), "members", List.of(Map.of(
                    "memberId", unique("old"), "displayName", "Old", "joinedAt",
                    Instant.now().minus(Duration.ofDays(100)).toString()))));
            silentForSevenDaysOn(night.toInstant());
            TestClock.advance(Duration.between(Instant.now(), night.toInstant()));
            return List.of(event("job", "TIER_REVIEW", "programId", "default"), event("job", "PERK_DAY"),
                    event("job", "SNAPSHOT", "programId", fresh));
        }
        if (function.equals("daily-retention-snapshot")) {
            // A program with a member who joined months ago and no snapshot yet: its first snapshot
            // rolls its months up (the join month's late item deleted, the other months' checked),
            // whatever the samples' program holds by now.
            String fresh = unique("grants");
            dev.hearth.testing.TestPrograms.copyOfDefault(programs, squads, fresh);
            ok("import-members", event("programId", fresh, "importId", unique("old"), "members", List.of(Map.of(
                    "memberId", unique("old"), "displayName", "Old", "joinedAt",
                    Instant.now().minus(Duration.ofDays(100)).toString()))));
            return List.of(event("programId", fresh));
        }
        if (function.equals("award-points")) {
            // A squad member's first activity of a day moves the squad's counters.
            String baker = unique("m");
            ok("onboard-member", event("programId", "default", "memberId", baker, "displayName", "Baker",
                    "channel", "QR", "squads", List.of("baking"), "joinedAt", Instant.now().minus(Duration.ofDays(3))
                            .toString()));
            return List.of(event("programId", "default", "memberId", baker, "activityId", unique("a"), "type",
                    "CHECK_IN"));
        }
        if (function.equals("import-members")) {
            // A welcome: the routine's day 1, a tag's perk and the inviter's referral credit (the
            // inviter's lots partly kept apart: the credit's lot is added apart, as for a join).
            String inviter = Invoke.newMember("default");
            lotsOnDays(inviter, 30, 20);
            return List.of(event("programId", "default", "importId", unique("welcome"), "welcome", true, "members",
                    List.of(Map.of("memberId", unique("m"), "displayName", "Welcomed", "joinedAt",
                            Instant.now().minus(Duration.ofDays(1)).toString(), "invitedBy", inviter,
                            "tags", List.of("black-tea")))));
        }
        if (function.equals("erase-member")) {
            // A member with a profile change, a gift made to them alone and a stored snapshot naming
            // them (a KOC): the erasure clears each.
            String m = Invoke.newMember("default");
            ok("update-member", event("programId", "default", "memberId", m, "changeId", unique("c"), "note", "a note"));
            ok("schedule-perk", event("programId", "default", "perkId", unique("gift"), "perk",
                    Map.of("kind", "GIFT", "title", "For you", "note", "a note"), "audience", Map.of("memberId", m)));
            award("default", m, unique("post"), "QUALITY_POST");
            ok("daily-retention-snapshot", event("programId", "default", "date",
                    Instant.now().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString()));
            // A member stored before lots were kept apart, with more lots than a member item now
            // holds: the erasure's write of the member puts the earlier ones apart.
            String stored = Invoke.newMember("default");
            storedWithLotsOnDays(stored, 11);
            return List.of(event("programId", "default", "memberId", m, "requestId", unique("r"), "reason", "asked"),
                    event("programId", "default", "memberId", stored, "requestId", unique("r"), "reason", "asked"));
        }
        if (!function.equals("evaluate-tier")) {
            return List.of();
        }
        List<String> ids = membersTheReviewChanges();
        return List.of(event("programId", "default", "memberId", ids.get(0)),
                event("programId", "default", "memberId", ids.get(1)));
    }

    /**
     * Members of the default program whose review writes: points earned long ago expire (the
     * expiry's ledger entry, the member, the counters), and a member on a tier whose privileges were
     * never given (stored before the tier had any) gets them, the member's perks read first.
     */
    private List<String> membersTheReviewChanges() {
        String old = unique("m");
        ok("onboard-member", event("programId", "default", "memberId", old, "displayName", "Old timer",
                "channel", "QR", "joinedAt", "2024-01-01T00:00:00Z"));
        award("default", old, unique("old"), "PURCHASE", "amountFen", 40_000, "occurredAt", "2024-06-01T04:00:00Z");
        lotsOnDays(old, 20, 11); // the expiring lot kept apart: read before it expires, written back
        String fan = unique("m");
        ok("onboard-member", event("programId", "default", "memberId", fan, "displayName", "Fan", "channel", "QR"));
        Member stored = members.find("default", fan).orElseThrow();
        stored.tier = "FAN";
        stored.privilegesGranted.clear();
        members.putAll(List.of(stored));
        return List.of(old, fan);
    }

    /** Purchases on {@code count} days from {@code fromDaysAgo} on, one a day: more lots than the member item keeps. */
    private static void lotsOnDays(String memberId, int fromDaysAgo, int count) {
        for (int i = 0; i < count; i++) {
            award("default", memberId, unique("lot"), "PURCHASE", "amountFen", 1_000, "occurredAt",
                    Instant.now().minus(Duration.ofDays(fromDaysAgo - i)).toString());
        }
    }

    /** The member's item as stored before lots were kept apart: {@code days} lots of 10 points in it. */
    private void storedWithLotsOnDays(String memberId, int days) {
        var key = Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("default#" + memberId));
        var item = new java.util.HashMap<>(dynamo.getItem(g -> g.tableName(tables.members()).key(key)).item());
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> lots = new java.util.TreeMap<>();
        for (int i = 0; i < days; i++) {
            lots.put(java.time.LocalDate.now().minusDays(i + 1).toString(),
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("10"));
        }
        item.put("pointLots", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(lots));
        item.put("pointsBalance", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(
                Integer.toString(10 * days)));
        dynamo.putItem(p -> p.tableName(tables.members()).item(item));
    }

    private static List<Path> samples(String function) throws IOException {
        try (Stream<Path> list = Files.list(Invoke.FUNCTIONS.resolve(function).resolve("events"))) {
            return list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static Set<String> granted(String function) throws IOException {
        JsonNode grants = JSON.readTree(Invoke.FUNCTIONS.resolve(function).resolve("grants.json").toFile());
        Set<String> all = new TreeSet<>();
        grants.fields().forEachRemaining(g -> (g.getValue().isArray() ? g.getValue() : g.getValue().get("actions"))
                .forEach(a -> all.add(a.asText() + " on " + g.getKey())));
        return all;
    }

    /** IAM's StringLike pattern as a regular expression: * any run, ? one character. */
    private static String glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return regex.toString();
    }
}
