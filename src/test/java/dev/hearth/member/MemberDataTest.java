package dev.hearth.member;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.rejected;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hearth.config.TableNames;
import dev.hearth.program.ProgramTable;
import dev.hearth.squad.SquadTable;
import dev.hearth.testing.Concurrently;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A member's data out (get-member's ledgerCursor hands over everything, once) and gone
 * (erase-member: no personal field left in any table, amounts and counters kept, the member
 * refused everywhere afterwards, exactly once per requestId).
 */
@QuarkusTest
class MemberDataTest {

    @Inject
    ProgramTable programs;
    @Inject
    SquadTable squads;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    TableNames tables;
    @Inject
    Clock clock;

    private String p;

    @BeforeEach
    void program() {
        p = unique("data");
        TestPrograms.copyOfDefault(programs, squads, p);
    }

    @Test
    void followingTheLedgerCursorHandsOverTheWholeLedgerEveryPerkAndEveryChangeOnce() {
        String m = Invoke.newMember(p);
        Set<String> awarded = new HashSet<>();
        for (int i = 0; i < 130; i++) {
            Invoke.award(p, m, "o-" + i, "PURCHASE", "amountFen", 100 + i);
            awarded.add("o-" + i);
        }
        for (int i = 0; i < 3; i++) {
            ok("update-member", event("programId", p, "memberId", m, "changeId", "ch-" + i, "note", "note " + i));
        }
        ok("schedule-perk", event("programId", p, "perkId", "gift", "perk", event("kind", "GIFT", "title", "A gift"),
                "audience", event("memberId", m)));

        JsonPath first = Invoke.member(p, m);
        assertEquals(20, first.getList("ledger").size());
        List<String> ledger = new ArrayList<>(first.getList("ledger.activityId"));
        List<String> perks = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        String cursor = first.getString("ledgerCursor");
        int pages = 0;
        while (cursor != null) {
            JsonPath page = ok("get-member", event("programId", p, "memberId", m, "ledgerCursor", cursor));
            assertEquals(m, page.getString("memberId"));
            assertTrue(page.getList("ledger").size() <= ShowMember.PAGE);
            ledger.addAll(page.getList("ledger.activityId"));
            perks.addAll(page.getList("perks.perkId"));
            changes.addAll(page.getList("history.changeId"));
            cursor = page.getString("ledgerCursor");
            pages++;
        }
        // ledger 20 + 100 + 10 (130 purchases), then one page of perks, then one of changes
        assertEquals(4, pages);
        assertEquals(awarded, Set.copyOf(ledger));
        assertEquals(130, ledger.size(), "each entry once");
        List<String> ordered = new ArrayList<>(ledger);
        for (int i = 0; i < ordered.size() - 1; i++) {
            assertEquals(129 - i, Integer.parseInt(ordered.get(i).substring(2)), "newest first");
        }
        assertEquals(List.of("gift", "routine.day-1.welcome"), perks);
        assertEquals(List.of("ch-2", "ch-1", "ch-0"), changes);

        rejected("get-member", event("programId", p, "memberId", m, "ledgerCursor", "not-a-cursor"), 400,
                "[400] INVALID_FIELD ledgerCursor");
        String wrongParts = java.util.Base64.getUrlEncoder().encodeToString("LEDGER\nonly-one-part".getBytes());
        rejected("get-member", event("programId", p, "memberId", m, "ledgerCursor", wrongParts), 400,
                "[400] INVALID_FIELD ledgerCursor");
    }

    @Test
    void anErasedMemberLeavesNoPersonalFieldInAnyTableAndIsRefusedEverywhere() {
        String secret = unique("secret");
        String name = "Name " + secret;
        String tag = "tag-" + secret;
        String changeNote = "change note " + secret;
        String perkNote = "perk note " + secret;
        String inviter = Invoke.newMember(p);
        String m = unique("m");
        ok("onboard-member", event("programId", p, "memberId", m, "displayName", name, "channel", "INVITE",
                "invitedBy", inviter, "tags", List.of(tag, "sleepless"), "squads", List.of("baking")));
        ok("update-member", event("programId", p, "memberId", m, "changeId", "c-1", "addTags", List.of("tag2-" + secret),
                "joinSquads", List.of("journaling"), "displayName", name + " 2", "note", changeNote));
        ok("schedule-perk", event("programId", p, "perkId", "gift", "perk",
                event("kind", "GIFT", "title", "A gift", "note", perkNote), "audience", event("memberId", m)));
        Invoke.award(p, m, "post-1", "QUALITY_POST");
        Invoke.award(p, m, "o-1", "PURCHASE", "amountFen", 12_300);
        String today = clock.instant().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
        JsonPath before = ok("daily-retention-snapshot", event("programId", p, "date", today));
        assertEquals(name + " 2", before.getString("snapshot.kocCandidates.find { it.memberId == '" + m + "' }.displayName"));
        assertTrue(everything().stream().anyMatch(text -> text.contains(secret)), "the secrets were stored");
        JsonPath held = Invoke.member(p, m);

        Map<String, Object> erase = event("programId", p, "memberId", m, "requestId", "req-1", "reason",
                "the member asked");
        JsonPath erased = ok("erase-member", erase);
        assertTrue(erased.getBoolean("complete"));
        assertFalse(erased.getBoolean("duplicate"));
        assertEquals(held.getList("perks").size(), erased.getInt("removed.perks"));
        assertEquals(1, erased.getInt("removed.historyLines"));
        assertEquals(1, erased.getInt("removed.snapshots"));

        // No personal field anywhere: every item of every table, every attribute, nested or not.
        List<String> leaks = everything().stream().filter(text -> text.contains(secret)).toList();
        assertEquals(List.of(), leaks);
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(tables.members())
                .key(Map.of("pk", AttributeValue.fromS(p + "#" + m)))).item();
        for (String personal : List.of("displayName", "tags", "squads", "invitedBy", "tagPerksGiven")) {
            assertTrue(!item.containsKey(personal) || item.get(personal).hasSs() && item.get(personal).ss().isEmpty()
                    || item.get(personal).hasL() && item.get(personal).l().isEmpty(), personal + ": " + item);
        }
        // The amounts stay: program totals and the stored snapshot's figures do not change.
        assertEquals(173L, Long.parseLong(item.get("pointsBalance").n()));
        JsonPath stored = ok("daily-retention-snapshot", event("programId", p, "from", today, "to", today));
        Map<String, Object> figures = stored.getMap("snapshots[0]");
        Map<String, Object> expected = before.getMap("snapshot");
        assertEquals(without(expected, "kocCandidates"), without(figures, "kocCandidates"));
        assertNull(stored.get("snapshots[0].kocCandidates.find { it.memberId == '" + m + "' }.displayName"));
        assertEquals(before.getLong("snapshot.totalMembers"),
                ok("daily-retention-snapshot", event("programId", p, "date", today)).getLong("snapshot.totalMembers"));
        // The squads count them out.
        assertEquals(0, ok("manage-squad", event("programId", p, "squadId", "baking")).getInt("health.members"));

        // Fulfilment hears of it once.
        JsonPath outbox = Invoke.outbox(p);
        assertEquals(1, outbox.getList("findAll { it.type == 'MemberErased' && it.memberId == '" + m + "' }")
                .size());
        assertEquals("req-1", outbox.getString("find { it.type == 'MemberErased' }.detail.requestId"));
        assertEquals(0, outbox.getList("findAll { it.type == 'PerkDelivered' && it.memberId == '" + m + "' }")
                .size());

        // Exactly once per requestId; another request, and every function, is refused.
        JsonPath again = ok("erase-member", erase);
        assertTrue(again.getBoolean("duplicate"));
        assertEquals(erased.getString("erasedAt"), again.getString("erasedAt"));
        assertEquals(erased.getMap("removed"), again.getMap("removed"));
        rejected("erase-member", event("programId", p, "memberId", m, "requestId", "req-2", "reason", "again"), 410,
                "[410] MEMBER_ERASED memberId");
        rejected("get-member", event("programId", p, "memberId", m), 410, "[410] MEMBER_ERASED memberId");
        rejected("award-points", event("programId", p, "memberId", m, "activityId", "o-2", "type", "CHECK_IN"), 410,
                "[410] MEMBER_ERASED memberId");
        rejected("award-points", event("programId", p, "memberId", m, "activityId", "o-1", "type", "PURCHASE",
                "amountFen", 12_300), 410, "[410] MEMBER_ERASED memberId");
        rejected("award-points", event("programId", p, "memberId", inviter, "activityId", "i-1", "type", "INTERACTION",
                "withMemberId", m), 410, "[410] MEMBER_ERASED withMemberId");
        rejected("update-member", event("programId", p, "memberId", m, "changeId", "c-2", "note", "x"), 410,
                "[410] MEMBER_ERASED memberId");
        rejected("evaluate-tier", event("programId", p, "memberId", m), 410, "[410] MEMBER_ERASED memberId");
        rejected("schedule-perk", event("programId", p, "memberId", m, "perkId", "gift", "action", "REDEEM"), 410,
                "[410] MEMBER_ERASED memberId");
        rejected("schedule-perk", event("programId", p, "perkId", "gift-2", "perk", event("kind", "GIFT", "title", "G"),
                "audience", event("memberId", m)), 410, "[410] MEMBER_ERASED audience.memberId");
        rejected("onboard-member", event("programId", p, "memberId", m, "displayName", "Back", "channel", "QR"), 410,
                "[410] MEMBER_ERASED memberId");
        rejected("onboard-member", event("programId", p, "memberId", unique("m"), "displayName", "Friend",
                "channel", "INVITE", "invitedBy", m), 410, "[410] MEMBER_ERASED invitedBy");
        rejected("manage-squad", event("programId", p, "squadId", "baking", "action", "UPDATE", "leaderId", m), 410,
                "[410] MEMBER_ERASED leaderId");
        // Nobody lists them any more: a grant to their tag or squad reaches no one.
        assertEquals(0, ok("schedule-perk", event("programId", p, "perkId", "to-tag", "perk",
                event("kind", "GIFT", "title", "G"), "audience", event("tag", "sleepless"))).getInt("grant.granted"));
        rejected("erase-member", event("programId", p, "memberId", unique("nobody"), "requestId", "r", "reason", "x"),
                404, "[404] MEMBER_NOT_FOUND memberId");
    }

    @Test
    void anErasedIdJoinsAgainOnlyWhereTheProgramAllowsItAndThenAsANewMember() {
        String secret = unique("secret");
        String inviter = Invoke.newMember(p);
        String m = unique("m");
        ok("onboard-member", event("programId", p, "memberId", m, "displayName", "Name " + secret, "channel", "INVITE",
                "invitedBy", inviter, "tags", List.of("sleepless"), "squads", List.of("baking")));
        Invoke.award(p, m, "o-1", "PURCHASE", "amountFen", 12_300);
        ok("update-member", event("programId", p, "memberId", m, "changeId", "c-1", "note", "note " + secret));
        JsonPath erased = ok("erase-member", event("programId", p, "memberId", m, "requestId", "req-1", "reason",
                "asked"));
        Map<String, Object> back = event("programId", p, "memberId", m, "displayName", "Back again", "channel",
                "INVITE", "invitedBy", inviter, "tags", List.of("sleepless"), "squads", List.of("baking"));

        // The default rule: an erased id stays refused, and nothing is written.
        List<String> held = everything();
        rejected("onboard-member", back, 410, "[410] MEMBER_ERASED memberId: member " + m
                + "'s data was erased, and program " + p + " does not let an erased member join again");
        assertEquals(held, everything());
        JsonPath imported = ok("import-members", event("programId", p, "importId", unique("import"), "members",
                List.of(event("memberId", m, "displayName", "Imported", "joinedAt", "2026-01-05T10:00:00Z"))));
        assertEquals(1, imported.getInt("skipped"));
        assertTrue(imported.getString("errors[0]").startsWith("line 1 memberId: member " + m + "'s data was erased"),
                imported.getString("errors[0]"));

        // The operator allows it (a rule of the program document, changed like any other).
        JsonPath program = ok("get-program", event("programId", p));
        assertFalse(program.getBoolean("program.rejoinAfterErasure"));
        Map<String, Object> rules = program.getMap("program");
        rules.put("rejoinAfterErasure", true);
        ok("manage-program", event("programId", p, "action", "UPDATE", "program", rules, "expectedVersion",
                program.getLong("version"), "changedBy", "ops",
                "reason", "a member who left may come back"));
        assertTrue(ok("get-program", event("programId", p)).getBoolean("program.rejoinAfterErasure"));
        rejected("onboard-member", withField(back, "joinedAt", erased.getString("erasedAt")), 400,
                "[400] INVALID_FIELD joinedAt");

        // A new member: nothing of the erased membership is theirs, and it is no longer anywhere.
        JsonPath again = ok("onboard-member", back);
        assertFalse(again.getBoolean("alreadyMember"));
        assertEquals(0, again.getLong("pointsBalance"));
        assertEquals("MEMBER", again.getString("tier"));
        assertTrue(again.getList("perks.perkId").containsAll(List.of("routine.day-1.welcome", "tag.sleepless.lavender")),
                "a new membership's perks: " + again.getList("perks.perkId"));
        JsonPath shown = Invoke.member(p, m);
        assertEquals(List.of(), shown.getList("ledger"));
        assertEquals(List.of(), shown.getList("history"));
        assertEquals(Set.copyOf(again.getList("perks.perkId")), Set.copyOf(shown.getList("perks.perkId")));
        assertEquals(List.of(), everything().stream().filter(text -> text.contains(secret)).toList());
        assertEquals(1, ok("manage-squad", event("programId", p, "squadId", "baking")).getInt("health.members"));

        // What the erased membership did stays done: its ids stay used, its purchase is not this
        // member's to refund, and its invitation is not credited twice.
        assertTrue(Invoke.award(p, m, "o-1", "PURCHASE", "amountFen", 12_300).getBoolean("duplicate"));
        rejected("award-points", event("programId", p, "memberId", m, "activityId", "r-1", "type", "REFUND",
                "refundOf", "o-1"), 404, "[404] PURCHASE_NOT_FOUND refundOf");
        assertEquals(50L, Invoke.award(p, m, "o-2", "PURCHASE", "amountFen", 5_000).getLong("pointsBalance"));
        assertEquals(List.of("o-2"), Invoke.member(p, m).getList("ledger.activityId"));
        assertEquals(1, Invoke.member(p, inviter).getInt("counters.referrals"));
        String today = clock.instant().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
        assertEquals(3, ok("daily-retention-snapshot", event("programId", p, "date", today))
                .getLong("snapshot.totalMembers"), "the inviter, the erased membership and the new one");

        // The first erasure's requestId stays answered, and does not erase the new member.
        JsonPath repeat = ok("erase-member", event("programId", p, "memberId", m, "requestId", "req-1", "reason",
                "asked"));
        assertTrue(repeat.getBoolean("duplicate"));
        assertEquals(erased.getString("erasedAt"), repeat.getString("erasedAt"));
        assertEquals("Back again", Invoke.member(p, m).getString("displayName"));
        assertFalse(ok("erase-member", event("programId", p, "memberId", m, "requestId", "req-2", "reason", "again"))
                .getBoolean("duplicate"));
        rejected("get-member", event("programId", p, "memberId", m), 410, "[410] MEMBER_ERASED memberId");
    }

    @Test
    void joinsAgainSentSideBySideMakeOneNewMemberWhoKeepsTheirPerks() throws Exception {
        programs.put(programs.find(p).orElseThrow().withRejoinAfterErasure(true));
        String m = unique("m");
        ok("onboard-member", event("programId", p, "memberId", m, "displayName", "First", "channel", "QR",
                "tags", List.of("sleepless")));
        ok("erase-member", event("programId", p, "memberId", m, "requestId", "req-1", "reason", "asked"));

        List<JsonPath> answers = Concurrently.call(8, i -> ok("onboard-member", event("programId", p, "memberId", m,
                "displayName", "Back " + i, "channel", "QR", "tags", List.of("sleepless"))));
        assertEquals(1, answers.stream().filter(a -> !a.getBoolean("alreadyMember")).count());
        JsonPath member = Invoke.member(p, m);
        assertEquals(Set.of("routine.day-1.welcome", "tag.sleepless.lavender"), Set.copyOf(member.getList("perks.perkId")),
                "no join deleted the new membership's perks: " + member.prettify());
        assertTrue(member.getList("perks.status").stream().allMatch("DELIVERED"::equals), member.prettify());
    }

    private static Map<String, Object> withField(Map<String, Object> event, String name, Object value) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(event);
        copy.put(name, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> figures, String key) {
        Map<String, Object> copy = new java.util.TreeMap<>(figures);
        copy.remove(key);
        return copy;
    }

    /** Every string held in every table, nested values included. */
    private List<String> everything() {
        List<String> texts = new ArrayList<>();
        for (String table : List.of(tables.programs(), tables.members(), tables.activities(), tables.stats(),
                tables.perks(), tables.outbox(), tables.squads())) {
            dynamo.scanPaginator(r -> r.tableName(table)).items()
                    .forEach(i -> i.values().forEach(v -> collect(v, texts)));
        }
        return texts;
    }

    private static void collect(AttributeValue value, List<String> texts) {
        if (value.s() != null) {
            texts.add(value.s());
        }
        if (value.hasSs()) {
            texts.addAll(value.ss());
        }
        if (value.hasL()) {
            value.l().forEach(v -> collect(v, texts));
        }
        if (value.hasM()) {
            texts.addAll(value.m().keySet());
            value.m().values().forEach(v -> collect(v, texts));
        }
    }
}
