package dev.hearth.perk;

import static dev.hearth.testing.Invoke.detail;
import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.program.ProgramTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * PerkExpiring: a delivered perk not yet used is told three local days before the day it expires,
 * once; a used one is not, and the erasure takes the notice (the perk's title) out of the outbox.
 */
@QuarkusTest
class PerkExpiringNoticesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    ProgramTable programs;

    @Test
    void aPerkNotUsedIsToldThreeLocalDaysBeforeItExpiresOnce() {
        String p = TestPrograms.copyOfDefault(programs, unique("perk-expiring")).programId();
        String keeper = Invoke.newMember(p);
        String user = Invoke.newMember(p);
        String leaver = Invoke.newMember(p);
        LocalDate expiresOn = LocalDate.now(SHANGHAI).plusDays(10);
        // 00:30 in Shanghai is still the day before in UTC: the day counted is the local one.
        String expiresAt = expiresOn.atTime(0, 30).atZone(SHANGHAI).toInstant().toString();
        ok("schedule-perk", event("programId", p, "perkId", "tea", "perk", Map.of("kind", "GIFT", "title", "Tea"),
                "audience", Map.of("tier", "MEMBER"), "expiresAt", expiresAt));
        ok("schedule-perk", event("programId", p, "memberId", user, "perkId", "tea", "action", "REDEEM"));

        assertEquals(0, Invoke.dailyIn(p, 6).getInt("daily.perkNotices"), "four days before: not yet");
        JsonPath told = Invoke.dailyIn(p, 7);
        assertEquals(2, told.getInt("daily.perkNotices"), told.prettify());
        assertEquals(0, Invoke.dailyIn(p, 7).getInt("daily.perkNotices"), "the same day again: nothing");
        assertEquals(0, Invoke.dailyIn(p, 8).getInt("daily.perkNotices"));

        List<Map<String, Object>> notices = Invoke.events(p, keeper, "PerkExpiring");
        assertEquals(1, notices.size());
        assertEquals(Map.of("perkId", "tea", "source", "GRANT", "kind", "GIFT", "title", "Tea", "expiresAt", expiresAt,
                "daysLeft", 3), detail(notices.get(0)));
        assertEquals(expiresOn.minusDays(3).atStartOfDay(SHANGHAI).toInstant().toString(), notices.get(0).get("occurredAt"));
        assertEquals(0, Invoke.events(p, user, "PerkExpiring").size(), "a perk used is not told");

        assertEquals(1, Invoke.events(p, leaver, "PerkExpiring").size());
        ok("erase-member", event("programId", p, "memberId", leaver, "requestId", "r-1", "reason", "asked"));
        assertEquals(0, Invoke.events(p, leaver, "PerkExpiring").size(), "the erasure takes the notice and its title");
        assertEquals(1, Invoke.events(p, keeper, "PerkExpiring").size());
    }
}
