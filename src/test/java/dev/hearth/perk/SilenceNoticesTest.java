package dev.hearth.perk;

import static dev.hearth.testing.Invoke.award;
import static dev.hearth.testing.Invoke.detail;
import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.program.ProgramTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import dev.hearth.testing.TestPrograms;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;

/**
 * MemberGoingSilent: the daily run tells of a member with no activity for 7 and for 14 local days
 * (the program's time zone), once per silence and threshold, again after a new silence, and the
 * erasure takes the notices (they hold squads and tags) out of the outbox.
 */
@QuarkusTest
class SilenceNoticesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    ProgramTable programs;

    /** 17:30 UTC is already the next day in Shanghai: the day a member was last active is the local one. */
    private static final LocalDate UTC_DAY = LocalDate.now(ZoneOffset.UTC).minusDays(40);
    private static final LocalDate LOCAL_DAY = UTC_DAY.plusDays(1);

    private String programWith(String... memberIds) {
        String p = TestPrograms.copyOfDefault(programs, unique("silence")).programId();
        ok("manage-squad", event("programId", p, "squadId", "baking", "action", "CREATE", "name", "Baking", "theme",
                "Week 1: sourdough", "leaderId", Invoke.newMember(p)));
        String joinedAt = UTC_DAY.atTime(17, 30).toInstant(ZoneOffset.UTC).toString();
        JsonPath imported = ok("import-members", event("programId", p, "importId", "old", "members", java.util.Arrays.stream(memberIds)
                .map(m -> event("memberId", m, "displayName", "Old " + m, "joinedAt", joinedAt, "tags",
                        List.of("black-tea"), "squads", List.of("baking")))
                .toList()));
        assertEquals(memberIds.length, imported.getInt("imported"), imported.prettify());
        return p;
    }

    private static JsonPath daily(String programId, LocalDate date, Object... more) {
        Map<String, Object> e = event("programId", programId, "run", "DAILY", "date", date.toString());
        e.putAll(event(more));
        return ok("schedule-perk", e);
    }

    @Test
    void aMemberIsToldAt7AndAt14LocalDaysOnceEachWithWhatMakesItPersonal() throws Exception {
        String p = programWith("quiet");
        assertEquals(0, daily(p, LOCAL_DAY.plusDays(6)).getInt("daily.silenceNotices"), "6 days is not yet silence");
        // Seven days after the UTC day is only six after the local one: nothing yet.
        assertEquals(0, Invoke.events(p, "quiet", "MemberGoingSilent").size());

        List<String> metrics = new java.util.concurrent.CopyOnWriteArrayList<>();
        JsonPath seventh;
        try (AutoCloseable listening = dev.hearth.edge.BusinessMetrics.listen(metrics::add)) {
            seventh = daily(p, LOCAL_DAY.plusDays(7));
        }
        assertEquals(1, seventh.getInt("daily.silenceNotices"), seventh.prettify());
        assertEquals(1, metrics.stream().filter(l -> l.contains("\"programId\":\"" + p + "\"")
                && l.contains("\"SilenceNotices\":1")).count(), "published for the dashboard: " + metrics);
        assertTrue(seventh.getBoolean("daily.complete"));
        assertEquals(0, daily(p, LOCAL_DAY.plusDays(7)).getInt("daily.silenceNotices"), "the same day again: nothing");
        List<Map<String, Object>> told = Invoke.events(p, "quiet", "MemberGoingSilent");
        assertEquals(1, told.size());
        assertEquals(LOCAL_DAY.plusDays(7).atStartOfDay(SHANGHAI).toInstant().toString(), told.get(0).get("occurredAt"));
        assertEquals(Map.of("silentDays", 7, "lastActiveDay", LOCAL_DAY.toString(), "tier", "MEMBER", "pointsBalance", 0,
                "squads", List.of("baking"), "tags", List.of("black-tea")), detail(told.get(0)));

        for (int day = 8; day <= 13; day++) {
            assertEquals(0, daily(p, LOCAL_DAY.plusDays(day)).getInt("daily.silenceNotices"), "day " + day);
        }
        assertEquals(1, daily(p, LOCAL_DAY.plusDays(14)).getInt("daily.silenceNotices"));
        assertEquals(0, daily(p, LOCAL_DAY.plusDays(15)).getInt("daily.silenceNotices"), "no third notice");
        assertEquals(List.of(14, 7), Invoke.events(p, "quiet", "MemberGoingSilent")
                .stream().map(e -> detail(e).get("silentDays")).toList());
    }

    @Test
    void aMemberActiveAgainAndSilentAgainIsToldAgain() {
        String p = programWith("back", "still");
        daily(p, LOCAL_DAY.plusDays(7));
        award(p, "back", unique("check-in"), "CHECK_IN");
        TestClock.advance(Duration.ofDays(7));
        try {
            JsonPath run = ok("schedule-perk", event("programId", p, "run", "DAILY"));
            // "back" and the squad's leader, who joined today too.
            assertEquals(2, run.getInt("daily.silenceNotices"), run.prettify());
        } finally {
            TestClock.reset();
        }
        List<Map<String, Object>> told = Invoke.events(p, "back", "MemberGoingSilent");
        assertEquals(2, told.size());
        assertEquals(LocalDate.now(SHANGHAI).toString(), detail(told.get(0)).get("lastActiveDay"));
        assertEquals(1, Invoke.events(p, "still", "MemberGoingSilent").size(),
                "the member still silent since is not told at 7 again");
    }

    @Test
    void aRunCutShortCarriesOnAndTellsEachSilentMemberOnce() {
        List<String> quiet = List.of("q-1", "q-2", "q-3", "q-4", "q-5");
        String p = programWith(quiet.toArray(String[]::new));
        int said = 0;
        int calls = 0;
        boolean complete = false;
        while (!complete) {
            JsonPath run = daily(p, LOCAL_DAY.plusDays(7), "limit", 1);
            said += run.getInt("daily.silenceNotices");
            complete = run.getBoolean("daily.complete");
            assertTrue(++calls <= 100, "the run gets there");
        }
        assertEquals(quiet.size(), said);
        for (String m : quiet) {
            assertEquals(1, Invoke.events(p, m, "MemberGoingSilent").size(), m);
        }
    }

    @Test
    void anErasureTakesTheNoticesOutOfTheOutbox() {
        String p = programWith("leaving", "staying");
        daily(p, LOCAL_DAY.plusDays(7));
        daily(p, LOCAL_DAY.plusDays(14));
        assertEquals(2, Invoke.events(p, "leaving", "MemberGoingSilent").size());
        ok("erase-member", event("programId", p, "memberId", "leaving", "requestId", "r-1", "reason", "asked"));
        assertEquals(0, Invoke.events(p, "leaving", "MemberGoingSilent").size());
        assertEquals(2, Invoke.events(p, "staying", "MemberGoingSilent").size());
    }
}
