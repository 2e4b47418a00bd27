package dev.hearth.runs;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hearth.edge.FailureMarker;
import dev.hearth.program.ProgramTable;
import dev.hearth.squad.SquadTable;
import dev.hearth.testing.LogLines;
import dev.hearth.testing.TestClock;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A night's work that is late is said, once, in the answer and in a marked log line the stack
 * alarms on: yesterday's snapshot still missing at 02:00 local, the night's tier review not
 * finished when its window closes at 06:00 local. Work on time says nothing.
 */
@QuarkusTest
class LateRunsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    ProgramTable programs;
    @Inject
    SquadTable squads;

    private LogLines logged;

    @BeforeEach
    void listen() {
        logged = LogLines.of(RunPrograms.class);
    }

    @AfterEach
    void reset() {
        logged.close();
        TestClock.reset();
    }

    private static void at(LocalDate day, int hour, int minute) {
        Instant at = day.atTime(hour, minute).atZone(SHANGHAI).toInstant();
        TestClock.reset();
        TestClock.advance(Duration.between(Instant.now(), at));
    }

    private static JsonPath run(String programId, String job) {
        return ok("run-programs", event("job", job, "programId", programId));
    }

    private List<String> lateLines(String programId) {
        return logged.lines().stream()
                .filter(line -> line.startsWith(FailureMarker.RUN_LATE + " program " + programId + ": ")).toList();
    }

    @Test
    void aSnapshotMissingAt2AndAReviewUnfinishedAt6AreSaidAndAlarmedOnce() {
        String late = unique("late");
        TestPrograms.copyOfDefault(programs, squads, late);
        LocalDate day = LocalDate.now(SHANGHAI).minusDays(2);

        // 02:00: yesterday's snapshot was never taken (no tick at 00:30): late, and taken now.
        at(day, 2, 0);
        JsonPath snapshot = run(late, "SNAPSHOT");
        assertEquals(true, snapshot.getBoolean("programs[0].ran"));
        String said = snapshot.getString("programs[0].late");
        assertTrue(said.startsWith("the snapshot of " + day.minusDays(1) + " was still missing at " + day + "T02:00"), said);
        assertTrue(said.endsWith(" local (due by 02:00); taken now"), said);
        assertEquals(1, lateLines(late).size(), logged.lines().toString());
        // 02:30: stored, nothing to say.
        at(day, 2, 30);
        assertNull(run(late, "SNAPSHOT").get("programs[0].late"));

        // 06:05: no tick of the night's review ever ran: late. The check is the first quarter hour's.
        at(day, 6, 5);
        assertEquals("the tier review of the night of " + day + " did not finish by 06:00 local; the members it "
                + "did not reach are reviewed the next night", run(late, "TIER_REVIEW").getString("programs[0].late"));
        at(day, 6, 20);
        assertNull(run(late, "TIER_REVIEW").get("programs[0].late"));
        assertEquals(2, lateLines(late).size(), logged.lines().toString());

        // The next night runs in its window: on time, nothing said at 06:05.
        at(day.plusDays(1), 2, 15);
        assertEquals(true, run(late, "TIER_REVIEW").getBoolean("programs[0].outcome.complete"));
        at(day.plusDays(1), 6, 5);
        assertNull(run(late, "TIER_REVIEW").get("programs[0].late"));
        at(day.plusDays(1), 0, 30);
        assertNull(run(late, "SNAPSHOT").get("programs[0].late"), "taken at 00:30: on time");
        assertEquals(2, lateLines(late).size(), logged.lines().toString());
    }
}
