package dev.hearth.perk;

import static dev.hearth.testing.Invoke.detail;
import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.ledger.MemberTable;
import dev.hearth.program.ProgramTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * PointsExpiring: the daily run tells a member of each lot 30 and 7 days before it expires (the
 * program's days), once per lot and threshold, reading only the members whose notice day has come.
 */
@QuarkusTest
class PointsExpiringNoticesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.now(SHANGHAI);
    /** A lot that expires (12 months after it was earned) 25 days from today: its 30-day notice was due 5 days ago. */
    private static final LocalDate EXPIRES = TODAY.plusDays(25);
    private static final LocalDate EARNED = EXPIRES.minusMonths(12);

    @Inject
    ProgramTable programs;

    @Inject
    MemberTable members;

    private String programWith(String memberId, long points) {
        String p = TestPrograms.copyOfDefault(programs, unique("expiring")).programId();
        ok("import-members", event("programId", p, "importId", "lots", "members", List.of(event("memberId", memberId,
                "displayName", "Saver", "joinedAt", Instant.now().minus(Duration.ofDays(400)).toString(), "points",
                List.of(event("earnedOn", EARNED.toString(), "points", points))))));
        return p;
    }

    private static int daily(String programId, LocalDate date) {
        JsonPath run = ok("schedule-perk", event("programId", programId, "run", "DAILY", "date", date.toString()));
        return run.getInt("daily.pointsNotices");
    }

    private LocalDate noticeDay(String programId, String memberId) {
        return members.find(programId, memberId).orElseThrow().pointsNoticeOn;
    }

    @Test
    void aLotIsToldThirtyThenSevenDaysBeforeItExpiresOnceEach() {
        String p = programWith("saver", 120);
        assertEquals(EXPIRES.minusDays(30), noticeDay(p, "saver"), "the import brings the first notice's day");
        assertEquals(0, daily(p, EXPIRES.minusDays(31)));
        assertEquals(1, daily(p, EXPIRES.minusDays(30)));
        assertEquals(0, daily(p, EXPIRES.minusDays(30)), "the same day again: nothing");
        assertEquals(EXPIRES.minusDays(7), noticeDay(p, "saver"), "not read again before the 7-day notice");
        assertEquals(0, daily(p, EXPIRES.minusDays(29)));
        List<Map<String, Object>> told = Invoke.events(p, "saver", "PointsExpiring");
        assertEquals(1, told.size());
        assertEquals(EXPIRES.minusDays(30).atStartOfDay(SHANGHAI).toInstant().toString(), told.get(0).get("occurredAt"));
        assertEquals(Map.of("points", 120, "earnedOn", EARNED.toString(), "expiresOn", EXPIRES.toString(), "withinDays", 30,
                "pointsBalance", 120), detail(told.get(0)));

        TestClock.advance(Duration.ofDays(18)); // today is the lot's 7-day notice day
        try {
            assertEquals(1, daily(p, EXPIRES.minusDays(7)));
            assertNull(noticeDay(p, "saver"), "nothing more ahead: out of the index");
        } finally {
            TestClock.reset();
        }
        assertEquals(List.of(7, 30), Invoke.events(p, "saver", "PointsExpiring")
                .stream().map(e -> detail(e).get("withinDays")).toList());
    }

    @Test
    void pointsSpentAreNotToldAndPointsGivenBackAreToldAgainWhereDue() {
        String p = programWith("spender", 200);
        daily(p, EXPIRES.minusDays(30));
        ok("redeem-reward", event("programId", p, "memberId", "spender", "rewardId", "notebook-sample",
                "redemptionId", "r-1"));
        TestClock.advance(Duration.ofDays(19)); // today is the day after the 7-day notice day
        try {
            assertEquals(0, daily(p, EXPIRES.minusDays(7)), "the lot was spent: nothing to tell");
            ok("redeem-reward", event("programId", p, "memberId", "spender", "redemptionId", "r-1", "action", "CANCEL"));
            assertEquals(EXPIRES.minusDays(30), noticeDay(p, "spender"), "the lot is back: the run looks again");
            assertEquals(1, daily(p, EXPIRES.minusDays(6)));
        } finally {
            TestClock.reset();
        }
        assertEquals(List.of(7, 30), Invoke.events(p, "spender", "PointsExpiring")
                .stream().map(e -> detail(e).get("withinDays")).toList());
    }
}
