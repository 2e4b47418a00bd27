package dev.hearth.perk;

import static dev.hearth.testing.Invoke.award;
import static dev.hearth.testing.Invoke.detail;
import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.program.ProgramTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;

/**
 * SquadGoingSilent: the leader of a squad in which nobody has been active for the program's silent
 * days (7) is told once per silence, counted from its last activity or its creation.
 */
@QuarkusTest
class SquadSilenceNoticesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    ProgramTable programs;

    private static int dailyIn(String programId, int days) {
        return Invoke.dailyIn(programId, days).getInt("daily.squadNotices");
    }

    @Test
    void aSquadsLeaderIsToldOnceWhenNobodyHasBeenActiveInItForTheSilentDays() {
        String p = TestPrograms.copyOfDefault(programs, unique("squad-silence")).programId();
        LocalDate today = LocalDate.now(SHANGHAI);
        String leader = Invoke.newMember(p);
        ok("manage-squad", event("programId", p, "squadId", "empty", "action", "CREATE", "name", "Empty", "leaderId",
                leader));
        ok("manage-squad", event("programId", p, "squadId", "tea", "action", "CREATE", "name", "Tea", "theme",
                "Oolong week", "leaderId", leader));
        ok("manage-squad", event("programId", p, "squadId", "leaderless", "action", "CREATE", "name", "Nobody leads"));
        String drinker = unique("m");
        ok("onboard-member", event("programId", p, "memberId", drinker, "displayName", "Drinker", "channel", "QR",
                "squads", List.of("tea"), "joinedAt", Instant.now().toString()));
        TestClock.advance(Duration.ofDays(3));
        try {
            award(p, drinker, unique("check-in"), "CHECK_IN");
        } finally {
            TestClock.reset();
        }

        assertEquals(0, dailyIn(p, 6), "six days: not yet");
        assertEquals(1, dailyIn(p, 7), "the empty squad, seven days after it was created");
        assertEquals(0, dailyIn(p, 8));
        assertEquals(0, dailyIn(p, 9));
        assertEquals(1, dailyIn(p, 10), "the tea squad, seven days after its last activity");
        assertEquals(0, dailyIn(p, 11));

        List<Map<String, Object>> told = Invoke.events(p, null, "SquadGoingSilent");
        assertEquals(2, told.size(), "the squad with no leader has nobody to tell");
        Map<String, Object> tea = told.get(0);
        assertEquals(leader, tea.get("memberId"));
        assertEquals(today.plusDays(10).atStartOfDay(SHANGHAI).toInstant().toString(), tea.get("occurredAt"));
        assertEquals(Map.of("squadId", "tea", "name", "Tea", "theme", "Oolong week", "members", 1, "silentDays", 7,
                "silentSince", today.plusDays(3).toString()), detail(tea));
        assertEquals("empty", detail(told.get(1)).get("squadId"));
        assertEquals(today.toString(), detail(told.get(1)).get("silentSince"));
    }
}
