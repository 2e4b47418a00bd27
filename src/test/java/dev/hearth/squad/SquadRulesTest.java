package dev.hearth.squad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hearth.ledger.Member;
import dev.hearth.program.SquadRules;

/** The squad rules in plain Java: what each change does to the counters, and a health's status. */
class SquadRulesTest {

    private static final LocalDate D = LocalDate.of(2026, 12, 1);

    private static Member member(List<String> squads, LocalDate... activeDays) {
        Member m = new Member();
        m.memberId = "m";
        m.squads = new java.util.ArrayList<>(squads);
        for (LocalDate day : activeDays) {
            m.markActive(day);
        }
        return m;
    }

    @Test
    void aJoinCountsTheMemberActiveOnTheJoinDay() {
        SquadDelta delta = SquadPulse.forJoin(member(List.of("baking", "tea"), D));
        assertEquals(Map.of("baking", 1L, "tea", 1L), delta.members());
        assertEquals(Map.of(D, Map.of("active", 1L, "last", 1L)), delta.days().get("baking"));
    }

    @Test
    void aNewLatestDayMovesTheMembersCountForward() {
        Member before = member(List.of("baking"), D);
        Member after = before.copy();
        after.markActive(D.plusDays(3));
        SquadDelta delta = SquadPulse.forActivity(before, after);
        assertEquals(Map.of(D, Map.of("last", -1L), D.plusDays(3), Map.of("active", 1L, "last", 1L)),
                delta.days().get("baking"));
        assertTrue(delta.members().isEmpty());
    }

    @Test
    void aLateActivityCountsOnItsDayButMovesNothing() {
        Member before = member(List.of("baking"), D);
        Member after = before.copy();
        after.markActive(D.minusDays(2));
        assertEquals(Map.of("baking", Map.of(D.minusDays(2), Map.of("active", 1L))),
                SquadPulse.forActivity(before, after).days());
    }

    @Test
    void aSecondActivityOfTheDayChangesNoCounter() {
        Member before = member(List.of("baking"), D);
        assertTrue(SquadPulse.forActivity(before, before.copy()).isEmpty());
    }

    @Test
    void joiningCountsOnTheMembersLatestDayAndAsTheSquadsActivityToday() {
        Member m = member(List.of("tea"), D);
        SquadDelta delta = SquadPulse.forChange(m, List.of("baking"), List.of("tea"), D.plusDays(5));
        assertEquals(Map.of("baking", 1L, "tea", -1L), delta.members());
        assertEquals(Map.of(D, Map.of("last", 1L), D.plusDays(5), Map.of("active", 1L)), delta.days().get("baking"));
        assertEquals(Map.of(D, Map.of("last", -1L)), delta.days().get("tea"));
    }

    @Test
    void mergedDeltasTouchEachItemOnce() {
        SquadDelta a = SquadPulse.forJoin(member(List.of("baking"), D));
        SquadDelta b = SquadPulse.forJoin(member(List.of("baking"), D));
        SquadDelta merged = SquadDelta.merged(List.of(a, b));
        assertEquals(Map.of("baking", 2L), merged.members());
        assertEquals(Map.of(D, Map.of("active", 2L, "last", 2L)), merged.days().get("baking"));
    }

    @Test
    void aSquadIsQuietAfterThreeSilentDaysAndSilentAfterSeven() {
        SquadRules rules = SquadRules.DEFAULT;
        assertEquals(SquadHealth.Status.ACTIVE, SquadHealth.status(SquadHealth.silentDays(D, D, D.plusDays(2)), rules));
        assertEquals(SquadHealth.Status.QUIET, SquadHealth.status(SquadHealth.silentDays(D, D, D.plusDays(3)), rules));
        assertEquals(SquadHealth.Status.QUIET, SquadHealth.status(SquadHealth.silentDays(D, D, D.plusDays(6)), rules));
        assertEquals(SquadHealth.Status.SILENT, SquadHealth.status(SquadHealth.silentDays(D, D, D.plusDays(7)), rules));
        assertEquals(SquadHealth.Status.SILENT,
                SquadHealth.status(SquadHealth.silentDays(D, D, D.plusDays(4)), new SquadRules(2, 4)));
    }

    @Test
    void aSquadsSilenceIsReachedOnTheOneDayItMakesTheSilentDays() {
        SquadRules rules = SquadRules.DEFAULT;
        Squad created = new Squad("p", "s", "S", null, "lead", Squad.Status.OPEN, Instant.parse("2026-12-01T00:00:00Z"),
                D, null, 3);
        // Created on D, nobody active since: silent from D, reached on D + 7 only.
        assertEquals(java.util.Optional.empty(), SquadHealth.silenceReachedOn(created, Map.of(), D.plusDays(6), rules));
        assertEquals(java.util.Optional.of(D), SquadHealth.silenceReachedOn(created, Map.of(), D.plusDays(7), rules));
        assertEquals(java.util.Optional.empty(), SquadHealth.silenceReachedOn(created, Map.of(), D.plusDays(8), rules));
        // Last active on D + 3: reached on D + 10; activity in between puts it off.
        Map<LocalDate, Long> active = Map.of(D.plusDays(3), 2L);
        assertEquals(java.util.Optional.empty(), SquadHealth.silenceReachedOn(created, active, D.plusDays(7), rules));
        assertEquals(java.util.Optional.of(D.plusDays(3)),
                SquadHealth.silenceReachedOn(created, active, D.plusDays(10), rules));
        assertEquals(java.util.Optional.empty(), SquadHealth.silenceReachedOn(created,
                Map.of(D.plusDays(3), 2L, D.plusDays(9), 1L), D.plusDays(10), rules));
        assertEquals(java.util.Optional.empty(), SquadHealth.silenceReachedOn(created, Map.of(D.plusDays(3), 0L),
                D.plusDays(10), rules), "a day item with nobody active is no activity");
    }

    @Test
    void aNewSquadIsNotSilentBeforeItExisted() {
        assertEquals(2, SquadHealth.silentDays(null, D, D.plusDays(2)));
        assertEquals(1, SquadHealth.silentDays(D.minusDays(30), D, D.plusDays(1)), "counted from creation");
        Squad squad = new Squad("p", "s", "S", null, null, Squad.Status.OPEN, Instant.parse("2026-12-01T00:00:00Z"), D,
                null, 0);
        assertEquals(SquadHealth.Status.ACTIVE, SquadHealth.of(squad, 0, 0, null, D, SquadRules.DEFAULT).status());
    }

    @Test
    void thresholdsMustBeOrdered() {
        assertThrows(IllegalArgumentException.class, () -> new SquadRules(7, 3));
        assertThrows(IllegalArgumentException.class, () -> new SquadRules(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new SquadRules(3, 91));
    }
}
