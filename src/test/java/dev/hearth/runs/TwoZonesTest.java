package dev.hearth.runs;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.program.DefaultProgram;
import dev.hearth.program.ProgramDocument;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Two programs side by side, one in Asia/Shanghai and one in Europe/Berlin, created by
 * manage-program: the schedules' jobs (run-programs, no program named) reach both, each at its own
 * local time; members, counters, snapshots, perks and events never mix; a join a minute before
 * midnight counts on its own local day. A database of its own (a fresh start), so that "every
 * program" is exactly these and the seeded default.
 */
@QuarkusTest
@TestProfile(TwoZonesTest.FreshDatabase.class)
class TwoZonesTest {

    /** A restart of the application: a new in-memory DynamoDB Local. */
    public static class FreshDatabase implements QuarkusTestProfile {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @AfterEach
    void clock() {
        TestClock.reset();
    }

    private static void create(String programId, ZoneId zone) {
        ObjectNode rules = ProgramDocument.write(DefaultProgram.create());
        rules.put("name", programId);
        rules.put("timeZone", zone.getId());
        ok("manage-program", event("programId", programId, "action", "CREATE", "program",
                JSON.convertValue(rules, Map.class), "changedBy", "ops", "reason", "two communities"));
    }

    private static void join(String programId, String memberId, Instant at) {
        ok("onboard-member", event("programId", programId, "memberId", memberId, "displayName", memberId, "channel",
                "STOREFRONT", "tags", List.of("black-tea"), "joinedAt", at.toString()));
    }

    /** Moves the functions' clock to {@code at} (from real time, as TestClock keeps an offset). */
    private static void at(Instant at) {
        TestClock.reset();
        TestClock.advance(Duration.between(Instant.now(), at));
    }

    @Test
    void eachProgramsScheduledWorkHappensAtItsOwnLocalTimeAndNothingMixes() {
        String east = unique("shanghai");
        String west = unique("berlin");
        create(east, SHANGHAI);
        create(west, BERLIN);
        // A day both programs have behind them, and a join a minute before each one's local midnight.
        LocalDate day = LocalDate.now(BERLIN).minusDays(3);
        Instant eastLate = day.atTime(23, 59).atZone(SHANGHAI).toInstant();
        Instant westLate = day.atTime(23, 59).atZone(BERLIN).toInstant();
        join(east, "e1", eastLate);
        join(west, "w1", westLate);
        join(west, "w2", westLate.plus(Duration.ofMinutes(2)));

        // Day + 1, 01:00 in Shanghai = 19:00 of day in Berlin: only Shanghai's day has closed.
        at(day.plusDays(1).atTime(1, 0).atZone(SHANGHAI).toInstant());
        JsonPath snapshots = ok("run-programs", event("job", "SNAPSHOT"));
        Map<String, Object> eastRun = run(snapshots, east);
        Map<String, Object> westRun = run(snapshots, west);
        assertEquals(true, eastRun.get("ran"));
        assertEquals(day.toString(), eastRun.get("date"));
        assertEquals(day.minusDays(1).toString(), westRun.get("date"), "Berlin's yesterday");
        assertEquals(1, snapshot(east, day).getLong("snapshot.newMembers"), "23:59 in Shanghai is its own day");
        assertEquals(0, snapshot(west, day.minusDays(1)).getLong("snapshot.newMembers"));
        // Run again: each yesterday's snapshot is already stored.
        assertEquals(false, run(ok("run-programs", event("job", "SNAPSHOT")), east).get("ran"));

        // Day + 1, 00:30 in Berlin (07:30 in Shanghai): Berlin's day has closed: w1 only (w2 joined the next day).
        at(day.plusDays(1).atTime(LocalTime.of(0, 30)).atZone(BERLIN).toInstant());
        assertEquals(day.toString(), run(ok("run-programs", event("job", "SNAPSHOT")), west).get("date"));
        assertEquals(1, snapshot(west, day).getLong("snapshot.newMembers"));

        // 02:30 in Shanghai is 19:30 in Berlin: only Shanghai's night review runs.
        at(day.plusDays(2).atTime(2, 30).atZone(SHANGHAI).toInstant());
        JsonPath reviews = ok("run-programs", event("job", "TIER_REVIEW"));
        assertEquals(true, run(reviews, east).get("ran"));
        assertEquals(false, run(reviews, west).get("ran"));

        // The perk day runs for both, each for its own local date.
        JsonPath perkDays = ok("run-programs", event("job", "PERK_DAY"));
        assertEquals(day.plusDays(2).toString(), run(perkDays, east).get("date"));
        assertEquals(day.plusDays(1).toString(), run(perkDays, west).get("date"));

        // Members, perks and events never mix.
        assertEquals(List.of("e1"), Invoke.outbox(east).getList("memberId").stream().distinct().toList());
        assertEquals(List.of("w1", "w2"), Invoke.outbox(west).getList("memberId").stream().distinct().sorted().toList());
        Invoke.rejected("get-member", event("programId", east, "memberId", "w1"), 404, "[404] MEMBER_NOT_FOUND");
        assertFalse(Invoke.member(west, "w1").getList("perks").isEmpty());
        assertTrue(run(perkDays, DefaultProgram.PROGRAM_ID) != null, "the seeded default program is covered too");
    }

    private static JsonPath snapshot(String programId, LocalDate date) {
        return ok("daily-retention-snapshot", event("programId", programId, "date", date.toString()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(JsonPath runs, String programId) {
        List<Map<String, Object>> programs = runs.getList("programs");
        return programs.stream().filter(r -> programId.equals(r.get("programId"))).findFirst()
                .orElseThrow(() -> new AssertionError(programId + " not in " + runs.prettify()));
    }
}
