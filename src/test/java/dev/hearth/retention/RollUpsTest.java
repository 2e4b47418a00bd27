package dev.hearth.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The month roll-ups' rules: which writes are late, which months close, what a shard adds up to. */
class RollUpsTest {

    @Test
    void aWriteIsLateOnceItsMonthHadEndedTheDayBeforeAndAMonthClosesADayAfterThat() {
        LocalDate lastOfNovember = LocalDate.of(2026, 11, 30);
        // Still November's own traffic on December 1 (UTC), late from December 2.
        assertFalse(RollUps.late(lastOfNovember, Instant.parse("2026-12-01T23:59:59Z")));
        assertTrue(RollUps.late(lastOfNovember, Instant.parse("2026-12-02T00:00:00Z")));
        assertFalse(RollUps.late(LocalDate.of(2026, 12, 1), Instant.parse("2026-12-02T00:00:00Z")));
        // November is rolled up from December 3: a day after its writes began to be marked late.
        assertEquals(YearMonth.of(2026, 10), RollUps.lastClosed(Instant.parse("2026-12-02T23:59:59Z")));
        assertEquals(YearMonth.of(2026, 11), RollUps.lastClosed(Instant.parse("2026-12-03T00:00:00Z")));
    }

    @Test
    void onlyTheCountersSummedOverDaysAreRolledUp() {
        assertEquals(Map.of("newMembers", 2L, "w7", -1L, "tier.GOLD", 1L, "squadMembers.tea", 3L),
                RollUps.runningOf(Map.of("newMembers", 2L, "w7", -1L, "tier.GOLD", 1L, "squadMembers.tea", 3L,
                        "active", 5L, "issued", 300L, "squadActive.tea", 1L, "buyers", 0L)));
    }

    private static Map.Entry<String, Map<String, Long>> item(String sk, Map<String, Long> numbers) {
        return new AbstractMap.SimpleEntry<>(sk, numbers);
    }

    @Test
    void aSnapshotAddsTheRollUpItsMonthsLateWritesAndTheDaysSince() {
        // Read from the top: a late item of a rolled-up month, one of the current month, days, the roll-up.
        List<Map.Entry<String, Map<String, Long>>> read = new ArrayList<>(List.of(
                item("D#~late#2026-11", Map.of("newMembers", 2L, "lateWrites", 1L)),
                item("D#~late#2026-09", Map.of("newMembers", 1L, "lateWrites", 1L)),
                item("D#2026-12-20", Map.of("w7", -1L)),
                item("D#2026-12-02", Map.of("newMembers", 1L, "w7", 1L, "active", 1L)),
                item("D#2026-12-01", Map.of("newMembers", 1L, "w7", 1L))));
        assertFalse(RollUps.Shard.enough(read, LocalDate.of(2026, 12, 2), LocalDate.of(2026, 11, 26)));
        // The roll-up holds a window end of November 28 that takes effect on December 5.
        read.add(item("D#2026-11~rolled", Map.of("newMembers", 40L, "w7", 3L, "w7>0", 1L, "w7>7", -1L, "rolledVersion", 4L)));
        read.add(item("D#2026-11-30", Map.of("newMembers", 5L, "squadActive.tea", 1L)));
        read.add(item("D#2026-11-28~w", Map.of("w7>0", 1L, "w7>7", -1L)));
        read.add(item("D#2026-11-25", Map.of("newMembers", 5L)));
        assertFalse(RollUps.Shard.enough(read, LocalDate.of(2026, 12, 2), LocalDate.of(2026, 11, 26)),
                "a window end of the last 30 days may not have taken effect: read down to November 3");
        read.add(item("D#2026-11-02", Map.of("newMembers", 5L)));
        assertTrue(RollUps.Shard.enough(read, LocalDate.of(2026, 12, 2), LocalDate.of(2026, 11, 26)));
        RollUps.Shard shard = RollUps.Shard.of(read, false);
        // 40 rolled + 2 + 1 late into rolled-up months + 1 + 1 since; w7: 3 + 1 rolled, the end of the 28th taken
        // back (not in effect until the 5th), 2 since; the 20th's end is after the day.
        assertEquals(Map.of("newMembers", 45L, "w7", 6L), shard.runningAsOf(LocalDate.of(2026, 12, 2)));
        assertEquals(Map.of("newMembers", 45L, "w7", 5L), shard.runningAsOf(LocalDate.of(2026, 12, 5)), "in effect on the 5th");
        assertThrows(IllegalStateException.class, () -> shard.runningAsOf(LocalDate.of(2026, 11, 30)),
                "a day of the rolled-up month needs every day");
        // At noon on Dec 2 nothing is due but the two late items to fold into it.
        RollUps.Roll fold = shard.due(LocalDate.of(2026, 12, 1), Instant.parse("2026-12-02T12:00:00Z"));
        assertNull(fold.from());
        assertEquals(List.of(YearMonth.of(2026, 9), YearMonth.of(2026, 11)),
                fold.folds().stream().map(RollUps.Late::month).toList());
        assertEquals(Map.of("newMembers", 43L, "w7", 3L, "w7>0", 1L, "w7>7", -1L), fold.counters(shard.days()));
    }

    @Test
    void aShardWithNoRollUpIsRolledUpFromItsFirstDayToTheLastClosedMonthBeforeTheSnapshots() {
        List<Map.Entry<String, Map<String, Long>>> read = List.of(
                item("D#~late#2026-10", Map.of("newMembers", 1L, "lateWrites", 2L)),
                item("D#2026-12-01", Map.of("newMembers", 1L)),
                item("D#2026-11-03", Map.of("newMembers", 1L)),
                item("D#2026-10-31", Map.of("newMembers", 1L, "issued", 9L)),
                item("D#2026-08-15", Map.of("newMembers", 1L)));
        RollUps.Shard shard = RollUps.Shard.of(read, true);
        assertEquals(Map.of("newMembers", 4L), shard.runningAsOf(LocalDate.of(2026, 12, 1)),
                "read whole: the days alone (the late item's write is in its day)");
        RollUps.Roll roll = shard.due(LocalDate.of(2026, 12, 1), Instant.parse("2026-12-05T00:00:00Z"));
        assertEquals(YearMonth.of(2026, 8), roll.from());
        assertEquals(YearMonth.of(2026, 11), roll.to());
        assertEquals(List.of(YearMonth.of(2026, 8), YearMonth.of(2026, 9), YearMonth.of(2026, 10),
                YearMonth.of(2026, 11)), List.copyOf(roll.months()));
        assertEquals(Map.of(YearMonth.of(2026, 10), 2L), Map.of(YearMonth.of(2026, 10),
                roll.rolledLate().get(YearMonth.of(2026, 10)).writes()));
        assertEquals(Map.of("newMembers", 3L), roll.counters(shard.days()), "August to November, not December");
        // A snapshot of a November day rolls up no further than October.
        assertEquals(YearMonth.of(2026, 10), shard.due(LocalDate.of(2026, 11, 20), Instant.parse("2026-12-05T00:00:00Z")).to());
    }
}
