package dev.hearth.tier;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hearth.program.CataloguePerk;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Every resumable run makes progress on every invocation and reaches complete: true, even with a
 * member limit of 1 (issue 10, item 5): the routine, the sweep of due perks, unfinished grants.
 */
@QuarkusTest
class RunsFinishTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Map<String, Object> LAMP = event("kind", "GIFT", "title", "Reading lamp");

    @Inject
    ProgramTable programs;
    @Inject
    Clock clock;

    @AfterEach
    void putTheClockBack() {
        TestClock.reset();
    }

    @Test
    void theDailyRunWithALimitOfOneCompletesAndDoesEverything() {
        Program d = TestPrograms.copyOfDefault(programs, unique("runs"));
        String p = d.programId();
        // A scheduled grant for everyone, due a minute from now ...
        LocalDate today = clock.instant().plus(Duration.ofMinutes(2)).atZone(SHANGHAI).toLocalDate();
        List<String> onDay3 = new ArrayList<>();
        List<String> onDay2 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            onDay3.add(join(p, today.minusDays(2)));
        }
        for (int i = 0; i < 2; i++) {
            onDay2.add(join(p, today.minusDays(1)));
        }
        JsonPath later = ok("schedule-perk", event("programId", p, "perkId", "lamp-later", "perk", LAMP, "audience",
                event("tier", "MEMBER"), "deliverAt", clock.instant().plus(Duration.ofSeconds(30)).toString()));
        assertEquals(0, later.getLong("grant.delivered"));
        // ... and a grant cut short after one member, left to the daily run.
        JsonPath open = ok("schedule-perk", event("programId", p, "perkId", "lamp-now", "perk", LAMP, "audience",
                event("tier", "MEMBER"), "limit", 1));
        assertFalse(open.getBoolean("grant.complete"));
        TestClock.advance(Duration.ofMinutes(2));

        int calls = 0;
        JsonPath run;
        do {
            run = ok("schedule-perk", event("programId", p, "run", "DAILY", "date", today.toString(), "limit", 1));
            calls++;
        } while (!run.getBoolean("daily.complete") && calls < 200);
        assertTrue(run.getBoolean("daily.complete"), "complete after " + calls + " calls");
        assertTrue(calls > 5, "one member a call: " + calls);

        List<String> day3 = routineIds(d, 3);
        List<String> day2 = routineIds(d, 2);
        for (String m : onDay3) {
            Map<String, String> perks = perks(p, m);
            day3.forEach(id -> assertEquals("DELIVERED", perks.get(id), m + " " + id));
            assertEquals("DELIVERED", perks.get("lamp-later"));
            assertEquals("DELIVERED", perks.get("lamp-now"));
        }
        for (String m : onDay2) {
            Map<String, String> perks = perks(p, m);
            day2.forEach(id -> assertEquals("DELIVERED", perks.get(id), m + " " + id));
            assertEquals("DELIVERED", perks.get("lamp-later"));
        }
        // The grant whose perks the run delivered later says so when asked again.
        JsonPath again = ok("schedule-perk", event("programId", p, "perkId", "lamp-later", "perk", LAMP, "audience",
                event("tier", "MEMBER"), "deliverAt", later.getString("grant.deliverAt")));
        assertEquals(5, again.getLong("grant.granted"));
        assertEquals(5, again.getLong("grant.delivered"));
        JsonPath now = ok("schedule-perk", event("programId", p, "perkId", "lamp-now", "perk", LAMP, "audience",
                event("tier", "MEMBER")));
        assertTrue(now.getBoolean("grant.complete"));
        assertEquals(5, now.getLong("grant.delivered"));
        // Running the day again changes nothing.
        JsonPath rerun = ok("schedule-perk", event("programId", p, "run", "DAILY", "date", today.toString()));
        assertTrue(rerun.getBoolean("daily.complete"));
        assertEquals(0, rerun.getInt("daily.routinePerks") + rerun.getInt("daily.delivered"));
    }

    private static String join(String programId, LocalDate day) {
        String m = unique("m");
        ok("onboard-member", event("programId", programId, "memberId", m, "displayName", "会员", "channel", "QR",
                "joinedAt", day.atTime(LocalTime.NOON).atZone(SHANGHAI).toInstant().toString()));
        return m;
    }

    private static List<String> routineIds(Program program, int day) {
        return program.perks().routine().get(day).stream().map(CataloguePerk::perkId).toList();
    }

    private static Map<String, String> perks(String programId, String memberId) {
        List<Map<String, Object>> perks = Invoke.member(programId, memberId).getList("perks");
        return perks.stream().collect(Collectors.toMap(x -> (String) x.get("perkId"), x -> (String) x.get("status")));
    }
}
