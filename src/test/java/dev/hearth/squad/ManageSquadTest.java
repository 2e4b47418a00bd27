package dev.hearth.squad;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.rejected;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hearth.program.ProgramTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** manage-squad: squads as things, with a health read from counters, revived by a grant to silent squads. */
@QuarkusTest
class ManageSquadTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    ProgramTable programs;

    private String p;

    @BeforeEach
    void program() {
        p = unique("squads");
        TestPrograms.copyOfDefault(programs, p);
    }

    @AfterEach
    void clock() {
        TestClock.reset();
    }

    private JsonPath squad(String squadId) {
        return ok("manage-squad", event("programId", p, "squadId", squadId));
    }

    @Test
    void aSquadIsCreatedJoinedGoesQuietThenSilentAndIsRevived() {
        String leader = Invoke.newMember(p);
        JsonPath created = ok("manage-squad", event("programId", p, "squadId", "baking", "action", "CREATE",
                "name", "烘焙小组 Baking", "theme", "Week 1: sourdough", "leaderId", leader));
        assertEquals("OPEN", created.getString("status"));
        assertEquals("烘焙小组 Baking", created.getString("name"));
        assertEquals(leader, created.getString("leaderId"));
        assertEquals(0, created.getLong("health.members"));
        assertEquals("ACTIVE", created.getString("health.status"));

        List<String> bakers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String m = unique("baker");
            ok("onboard-member", event("programId", p, "memberId", m, "displayName", "Baker " + i, "channel", "QR",
                    "squads", List.of("baking")));
            bakers.add(m);
        }
        LocalDate today = LocalDate.now(SHANGHAI);
        JsonPath day0 = squad("baking");
        assertEquals(12, day0.getLong("health.members"));
        assertEquals(12, day0.getLong("health.activeToday"));
        assertEquals(12, day0.getLong("health.activeInSevenDays"));
        assertEquals(today.toString(), day0.getString("health.lastActivityDay"));
        assertEquals("ACTIVE", day0.getString("health.status"));

        ok("manage-squad", event("programId", p, "squadId", "baking", "action", "UPDATE", "theme", "Week 2: brioche"));
        assertEquals("Week 2: brioche", squad("baking").getString("theme"));

        TestClock.advance(Duration.ofDays(2));
        assertEquals("ACTIVE", squad("baking").getString("health.status"));
        TestClock.advance(Duration.ofDays(1));
        JsonPath quiet = squad("baking");
        assertEquals("QUIET", quiet.getString("health.status"));
        assertEquals(0, quiet.getLong("health.activeToday"));
        assertEquals(12, quiet.getLong("health.activeInSevenDays"));
        assertEquals(3, quiet.getLong("health.silentDays"));

        TestClock.advance(Duration.ofDays(4));
        JsonPath silent = squad("baking");
        assertEquals("SILENT", silent.getString("health.status"));
        assertEquals(0, silent.getLong("health.activeInSevenDays"));
        assertEquals(today.toString(), silent.getString("health.lastActivityDay"));
        // The snapshot of the day names it among the silent squads.
        JsonPath snapshot = ok("daily-retention-snapshot", event("programId", p, "date", today.plusDays(7).toString()));
        assertTrue(snapshot.getList("snapshot.silentSquadNames").contains("烘焙小组 Baking"),
                snapshot.prettify());

        // One grant revives every silent squad's members, and only them.
        String loner = Invoke.newMember(p);
        JsonPath grant = ok("schedule-perk", event("programId", p, "perkId", unique("revive"),
                "perk", Map.of("kind", "INVITATION", "title", "This week's baking workshop: a free seat"),
                "audience", Map.of("squadStatus", "SILENT")));
        assertEquals("SQUAD_STATUS", grant.getString("grant.audience"));
        assertEquals("SILENT", grant.getString("grant.audienceValue"));
        assertTrue(grant.getBoolean("grant.complete"));
        assertEquals(12, grant.getLong("grant.granted"));
        String perkId = grant.getString("grant.perkId");
        for (String baker : bakers) {
            assertTrue(Invoke.member(p, baker).getList("perks.perkId").contains(perkId), baker);
        }
        assertFalse(Invoke.member(p, loner).getList("perks.perkId").contains(perkId));
        assertFalse(Invoke.member(p, leader).getList("perks.perkId").contains(perkId), "leading is not membership");

        // A baker comes back: the squad is active again.
        Invoke.award(p, bakers.get(0), unique("post"), "QUALITY_POST");
        JsonPath revived = squad("baking");
        assertEquals("ACTIVE", revived.getString("health.status"));
        assertEquals(1, revived.getLong("health.activeToday"));
        assertEquals(1, revived.getLong("health.activeInSevenDays"));
        assertEquals(today.plusDays(7).toString(), revived.getString("health.lastActivityDay"));
    }

    @Test
    void squadsAreListedPageByPageWithTheirHealth() {
        for (String id : List.of("a", "b", "c")) {
            ok("manage-squad", event("programId", p, "squadId", id, "action", "CREATE", "name", "Squad " + id));
        }
        JsonPath first = ok("manage-squad", event("programId", p, "limit", 2));
        assertEquals(List.of("a", "b"), first.getList("squads.squadId"));
        assertEquals("ACTIVE", first.getString("squads[0].health.status"));
        JsonPath second = ok("manage-squad", event("programId", p, "limit", 2, "cursor", first.getString("cursor")));
        assertEquals(List.of("c"), second.getList("squads.squadId"));
        assertNull(second.getString("cursor"));
    }

    @Test
    void aRepeatedCreateAnswersTheSquadAndArchivingTwiceChangesNothing() {
        Object create = event("programId", p, "squadId", "tea", "action", "CREATE", "name", "Tea");
        ok("manage-squad", create);
        assertTrue(ok("manage-squad", create).getBoolean("duplicate"));
        JsonPath archived = ok("manage-squad", event("programId", p, "squadId", "tea", "action", "ARCHIVE"));
        assertEquals("ARCHIVED", archived.getString("status"));
        String at = archived.getString("archivedAt");
        JsonPath again = ok("manage-squad", event("programId", p, "squadId", "tea", "action", "ARCHIVE"));
        assertEquals(at, again.getString("archivedAt"));
        assertTrue(again.getBoolean("duplicate"));
    }

    @Test
    void everyRejectionNamesItsFieldAndWritesNothing() {
        ok("manage-squad", event("programId", p, "squadId", "tea", "action", "CREATE", "name", "Tea"));
        ok("manage-squad", event("programId", p, "squadId", "old", "action", "CREATE", "name", "Old"));
        ok("manage-squad", event("programId", p, "squadId", "old", "action", "ARCHIVE"));
        List<Object[]> cases = List.of(
                new Object[] { event("programId", p, "squadId", "new", "action", "CREATE"), 400,
                        "[400] MISSING_FIELD name" },
                new Object[] { event("programId", p, "squadId", "tea", "action", "CREATE", "name", "Other"), 409,
                        "[409] SQUAD_ID_IN_USE squadId: " },
                new Object[] { event("programId", p, "squadId", "old", "action", "UPDATE", "name", "New"), 409,
                        "[409] SQUAD_ARCHIVED squadId: " },
                new Object[] { event("programId", p, "squadId", "tea", "action", "UPDATE"), 400,
                        "[400] MISSING_FIELD name: UPDATE needs at least one of name, theme, leaderId" },
                new Object[] { event("programId", p, "squadId", "tea", "action", "UPDATE", "leaderId", "nobody"), 404,
                        "[404] MEMBER_NOT_FOUND leaderId: " },
                new Object[] { event("programId", p, "squadId", "x", "action", "CREATE", "name", "X", "leaderId",
                        "nobody"), 404, "[404] MEMBER_NOT_FOUND leaderId: " },
                new Object[] { event("programId", p, "squadId", "tea", "action", "ARCHIVE", "name", "T"), 400,
                        "[400] INVALID_FIELD name: is not used by ARCHIVE" },
                new Object[] { event("programId", p, "squadId", "nope"), 404, "[404] SQUAD_NOT_FOUND squadId: " },
                new Object[] { event("programId", p, "squadId", "nope", "action", "UPDATE", "name", "N"), 404,
                        "[404] SQUAD_NOT_FOUND squadId: " },
                new Object[] { event("programId", p, "squadId", "tea", "limit", 5), 400,
                        "[400] INVALID_FIELD limit: is only used to list squads" },
                new Object[] { event("programId", p, "name", "Tea"), 400,
                        "[400] INVALID_FIELD name: is only used with an action" },
                new Object[] { event("programId", p, "limit", 101), 400, "[400] INVALID_FIELD limit: " },
                new Object[] { event("programId", p, "squadId", "x".repeat(65), "action", "CREATE", "name", "X"), 400,
                        "[400] INVALID_FIELD squadId: must be at most 64 characters" },
                new Object[] { event("programId", p, "squadId", "tea", "action", "DELETE"), 400,
                        "[400] INVALID_FIELD action: " },
                new Object[] { event("programId", "no-program", "squadId", "tea"), 404,
                        "[404] PROGRAM_NOT_FOUND programId: " });
        for (Object[] c : cases) {
            rejected("manage-squad", c[0], (Integer) c[1], (String) c[2]);
        }
        JsonPath all = ok("manage-squad", event("programId", p));
        assertEquals(List.of("old", "tea"), all.getList("squads.squadId"));
        assertEquals("Tea", squad("tea").getString("name"));
        assertEquals("Old", squad("old").getString("name"));
    }
}
