package dev.hearth.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hearth.program.ActivityType;

/** Where a day's counts of capped activities are kept: the latest day's in the member, earlier days' apart. */
class CapCountsTest {

    private static final LocalDate MON = LocalDate.of(2026, 12, 7);
    private static final ActivityType CHECK_IN = ActivityType.CHECK_IN;

    private static Member member() {
        Member m = new Member();
        m.memberId = "m";
        return m;
    }

    private static DailyCounts counted(LocalDate day, int checkIns) {
        return new DailyCounts(day, Map.of(CHECK_IN, checkIns));
    }

    @Test
    void theLatestDaysCountsTravelInTheMemberAndCostNoItem() {
        Member before = member();
        assertTrue(CapCounts.held(before, MON), "a new member holds any day");
        assertEquals(0, CapCounts.of(before, MON).count(CHECK_IN));
        Member after = before.copy();
        assertNull(CapCounts.keep(before, after, counted(MON, 1)), "nothing stored apart");
        assertEquals(1, after.dayCounts.count(CHECK_IN));
        assertEquals(MON, after.dayCounts.day());

        Member again = after.copy();
        assertEquals(1, CapCounts.of(after, MON).count(CHECK_IN), "the same day: the member's own counts");
        assertNull(CapCounts.keep(after, again, counted(MON, 2)));
        assertEquals(2, again.dayCounts.count(CHECK_IN));
    }

    @Test
    void movingOnToALaterDayStoresTheDayLeftBehind() {
        Member before = member();
        before.dayCounts = counted(MON, 1);
        assertTrue(CapCounts.held(before, MON.plusDays(1)));
        assertEquals(0, CapCounts.of(before, MON.plusDays(1)).count(CHECK_IN), "a later day starts at none");
        Member after = before.copy();
        DailyCounts stored = CapCounts.keep(before, after, counted(MON.plusDays(1), 1));
        assertEquals(MON, stored.day(), "Monday's counts go to their own item");
        assertEquals(1, stored.count(CHECK_IN));
        assertEquals(MON.plusDays(1), after.dayCounts.day());
    }

    @Test
    void anEarlierDayIsReadAndStoredApartAndTheMemberKeepsItsLatestDay() {
        Member before = member();
        before.dayCounts = counted(MON, 1);
        assertFalse(CapCounts.held(before, MON.minusDays(1)), "Sunday's counts are in their own item");
        Member after = before.copy();
        DailyCounts stored = CapCounts.keep(before, after, counted(MON.minusDays(1), 1));
        assertEquals(MON.minusDays(1), stored.day());
        assertEquals(MON, after.dayCounts.day(), "the member still holds Monday's");
        assertEquals(1, after.dayCounts.count(CHECK_IN));
    }

    @Test
    void aMemberStoredBeforeCountsTravelledHoldsOnlyDaysAfterTheirLatestActiveDay() {
        Member before = member();
        before.activeDays.add(MON);
        assertFalse(CapCounts.held(before, MON), "Monday may have an item of its own already");
        assertFalse(CapCounts.held(before, MON.minusDays(3)));
        assertTrue(CapCounts.held(before, MON.plusDays(1)), "no item can exist after their latest active day");
        Member after = before.copy();
        assertEquals(MON, CapCounts.keep(before, after, counted(MON, 2)).day(), "Monday stays in its item");
        assertNull(after.dayCounts);
    }
}
