package dev.hearth.imports;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.rejected;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.ProgramTable;
import dev.hearth.squad.SquadTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** import-members: existing customers come in with their history, exactly once per line, resumably. */
@QuarkusTest
class ImportMembersTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    ProgramTable programs;
    @Inject
    SquadTable squads;
    @Inject
    MemberTable members;

    private String p;
    private LocalDate today;

    @BeforeEach
    void program() {
        p = unique("import");
        TestPrograms.copyOfDefault(programs, squads, p);
        today = Instant.now().atZone(SHANGHAI).toLocalDate();
    }

    @AfterEach
    void clock() {
        TestClock.reset();
    }

    private Map<String, Object> line(String memberId, Object... more) {
        Map<String, Object> line = event("memberId", memberId, "displayName", "Customer " + memberId, "joinedAt",
                today.minusDays(90).atTime(10, 0).atZone(SHANGHAI).toInstant().toString());
        line.putAll(event(more));
        return line;
    }

    private JsonPath importing(String importId, List<Map<String, Object>> lines, Object... more) {
        Map<String, Object> e = event("programId", p, "importId", importId, "members", lines);
        e.putAll(event(more));
        return ok("import-members", e);
    }

    @Test
    void existingCustomersComeInWithTheirHistoryNotAWelcome() {
        String inviter = Invoke.newMember(p);
        List<Map<String, Object>> lines = List.of(
                line("fan-47", "tags", List.of("black-tea"), "squads", List.of("baking"), "invitedBy", inviter,
                        "lifetimeSpendFen", 1_280_000, "purchases", 47, "qualityPosts", 12, "referrals", 3, "points",
                        List.of(event("points", 2_400, "earnedOn", today.minusDays(40).toString()),
                                event("points", 3_100, "earnedOn", today.minusDays(10).toString()))),
                line("bad-date", "joinedAt", "2026-11-31T08:00:00Z"),
                line("quiet"),
                event("memberId", "no-name", "joinedAt", "2026-01-01T00:00:00Z"),
                line("early-points", "points", List.of(event("points", 5, "earnedOn", today.minusDays(100).toString()))),
                line("no-squad", "squads", List.of("knitting")));
        JsonPath done = importing("shop-1", lines);
        assertTrue(done.getBoolean("complete"));
        assertEquals(6, done.getLong("lines"));
        assertEquals(2, done.getLong("imported"));
        assertEquals(4, done.getLong("skipped"));
        List<String> errors = done.getList("errors");
        assertTrue(errors.get(0).startsWith("line 2 joinedAt: must be an ISO-8601 instant"), errors.toString());
        assertTrue(errors.get(1).startsWith("line 4 displayName: is required"), errors.toString());
        assertTrue(errors.get(2).startsWith("line 5 points[0].earnedOn: is before the member joined"), errors.toString());
        assertTrue(errors.get(3).startsWith("line 6 squads[0]: "), errors.toString());

        // Their history: counts, points by earning day, the tier those counts give, its privileges once.
        Member fan = members.find(p, "fan-47").orElseThrow();
        assertEquals(5_500, fan.pointsBalance);
        assertEquals(new TreeMap<>(Map.of(today.minusDays(40), 2_400L, today.minusDays(10), 3_100L)), fan.pointLots);
        assertEquals(today.minusDays(90), fan.joinedDay);
        assertEquals("shop-1", fan.importedBy);
        JsonPath shown = Invoke.member(p, "fan-47");
        assertEquals("CLOSE_FRIEND", shown.getString("tier"));
        assertEquals(47, shown.getLong("counters.purchases"));
        assertEquals(1_280_000, shown.getLong("counters.spendFen"));
        List<String> perks = shown.getList("perks.perkId");
        assertTrue(perks.stream().allMatch(id -> id.startsWith("tier.")), "privileges only, no welcome: " + perks);
        assertTrue(perks.contains("tier.fan.early-access"), perks.toString());
        assertEquals(List.of(), shown.getList("ledger"));
        // No referral points for an invitation long ago; the squad counts them.
        assertEquals(0, Invoke.member(p, inviter).getLong("counters.referrals"));
        assertEquals(1, ok("manage-squad", event("programId", p, "squadId", "baking")).getInt("health.members"));

        // Exactly once per importId: again, nothing; other members under it, refused.
        JsonPath again = importing("shop-1", lines);
        assertTrue(again.getBoolean("duplicate"));
        assertEquals(2, again.getLong("imported"));
        rejected("import-members", event("programId", p, "importId", "shop-1", "members", List.of(line("x"))), 409,
                "[409] IMPORT_ID_IN_USE importId");
        // Another import naming a member who exists: already present, not merged.
        JsonPath other = importing("shop-2", List.of(line("fan-47", "purchases", 99), line(inviter)));
        assertEquals(0, other.getLong("imported"));
        assertEquals(2, other.getLong("alreadyPresent"));
        assertEquals(47, Invoke.member(p, "fan-47").getLong("counters.purchases"));

        // Their points expire by the program's rule, from the day each was earned.
        TestClock.advance(Duration.ofDays(340));
        ok("evaluate-tier", event("programId", p, "memberId", "fan-47"));
        assertEquals(3_100, Invoke.member(p, "fan-47").getLong("pointsBalance"));
    }

    @Test
    void anImportStoppedHalfWayIsContinuedBySendingItAgainAndNoLineIsImportedTwice() {
        List<Map<String, Object>> lines = List.of(line("a"), line("b"), line("c"), line("d"), line("e"));
        JsonPath first = importing("batch", lines, "limit", 2);
        assertFalse(first.getBoolean("complete"));
        assertEquals(2, first.getLong("linesDone"));
        assertEquals(2, first.getLong("imported"));
        // A call that wrote line 3 but stopped before saving its progress: the member is there, by this import.
        Member c = new Member();
        c.programId = p;
        c.memberId = "c";
        c.displayName = "Customer c";
        c.channel = "IMPORT";
        c.joinedAt = Instant.now().minus(Duration.ofDays(90));
        c.joinedDay = c.joinedAt.atZone(SHANGHAI).toLocalDate();
        c.tier = "MEMBER";
        c.importedBy = "batch";
        c.importLine = 3;
        c.inRoutine = false;
        c.markActive(c.joinedDay);
        members.putAll(List.of(c));
        JsonPath rest = importing("batch", lines);
        assertTrue(rest.getBoolean("complete"));
        assertEquals(5, rest.getLong("linesDone"));
        assertEquals(5, rest.getLong("imported"));
        assertEquals(0, rest.getLong("alreadyPresent"));
        assertNull(rest.get("errors"));

        // A file naming a member twice: the second line finds the member the first wrote, written side by side or not.
        JsonPath twice = importing("twice", List.of(line("t"), line("u"), line("t", "purchases", 5)));
        assertEquals(2, twice.getLong("imported"));
        assertEquals(1, twice.getLong("alreadyPresent"));
    }

    @Test
    void aWelcomeGivesWhatAJoinGivesAndWithoutOneTheRoutinePassesImportedMembersBy() {
        String inviter = Invoke.newMember(p);
        String joined = today.minusDays(2).atTime(10, 0).atZone(SHANGHAI).toInstant().toString();
        importing("welcomed", List.of(line("w", "joinedAt", joined, "invitedBy", inviter, "tags",
                List.of("black-tea"))), "welcome", true);
        importing("quiet", List.of(line("q", "joinedAt", joined, "tags", List.of("black-tea"))));
        assertEquals(1, Invoke.member(p, inviter).getLong("counters.referrals"));
        List<String> welcomed = Invoke.member(p, "w").getList("perks.perkId");
        assertTrue(welcomed.contains("routine.day-1.welcome") && welcomed.contains("tag.black-tea.jin-jun-mei"),
                welcomed.toString());
        ok("schedule-perk", event("programId", p, "run", "DAILY"));
        List<String> later = Invoke.member(p, "w").getList("perks.perkId");
        assertTrue(later.stream().anyMatch(id -> id.startsWith("routine.day-3.")), "the routine goes on: " + later);
        assertEquals(List.of(), Invoke.member(p, "q").getList("perks.perkId"));
    }

    @Test
    void aJsonLinesFileIsImportedLineByLineLocally() throws java.io.IOException {
        JsonPath done = ok("import-members", event("programId", p, "importId", "file-1", "source",
                event("file", "functions/import-members/customers.jsonl")));
        assertTrue(done.getBoolean("complete"));
        assertEquals(3, done.getLong("imported"));
        assertEquals(2, done.getLong("skipped"));
        assertEquals("file:functions/import-members/customers.jsonl", done.getString("source"));
        List<String> errors = done.getList("errors");
        assertTrue(errors.get(0).startsWith("line 3 joinedAt: "), errors.toString());
        assertTrue(errors.get(1).startsWith("line 4 squads[0]: "), errors.toString());
        rejected("import-members", event("programId", p, "importId", "file-2", "source", event("file", "no/such.jsonl")),
                404, "[404] SOURCE_NOT_FOUND source.file");
        // A file changed under the same importId is another import, not the rest of this one.
        java.nio.file.Path file = java.nio.file.Files.createTempFile("customers", ".jsonl");
        java.nio.file.Files.writeString(file, "{\"memberId\":\"f1\",\"displayName\":\"F\",\"joinedAt\":\"2026-01-01T00:00:00Z\"}\n"
                + "{\"memberId\":\"f2\",\"displayName\":\"F\",\"joinedAt\":\"2026-01-01T00:00:00Z\"}\n");
        Map<String, Object> fromFile = event("programId", p, "importId", "file-3", "source", event("file", file.toString()));
        Map<String, Object> once = new java.util.LinkedHashMap<>(fromFile);
        once.put("limit", 1);
        assertEquals(1, ok("import-members", once).getLong("imported"));
        java.nio.file.Files.writeString(file, "{\"memberId\":\"f3\",\"displayName\":\"F\",\"joinedAt\":\"2026-01-01T00:00:00Z\"}\n",
                java.nio.file.StandardOpenOption.APPEND);
        rejected("import-members", fromFile, 409, "[409] IMPORT_ID_IN_USE importId");
        rejected("import-members", event("programId", p, "importId", "x"), 400, "[400] MISSING_FIELD source");
        rejected("import-members", event("programId", p, "importId", "x", "source", event("bucket", "b")), 400,
                "[400] MISSING_FIELD source.key");
        rejected("import-members", event("programId", p, "importId", "x", "members", List.of(), "source",
                event("file", "f")), 400, "[400] INVALID_FIELD source");
        rejected("import-members", event("programId", p, "importId", "x", "members", List.of(), "welcome", "yes"), 400,
                "[400] INVALID_FIELD welcome");
    }
}
