package dev.hearth.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.hearth.program.DefaultProgram;

/** Which lots a member's item holds and which are kept apart, and what a step writes apart. */
class LotsApartTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    private static TreeMap<LocalDate, Long> lots(int days, long points) {
        TreeMap<LocalDate, Long> lots = new TreeMap<>();
        for (int i = 0; i < days; i++) {
            lots.put(DAY.plusDays(i), points);
        }
        return lots;
    }

    @Test
    void upToTenLotsStayWithTheMemberAndNothingIsWrittenApart() {
        LotsApart.Split split = LotsApart.split(lots(10, 5), LotsApart.NONE);
        assertEquals(10, split.withMember().size());
        assertFalse(split.changed());
        assertNull(split.after().oldest());
    }

    @Test
    void theEleventhDayPutsEveryEarlierLotApartAndKeepsTheLatestDay() {
        LotsApart.Split split = LotsApart.split(lots(11, 5), LotsApart.NONE);
        assertEquals(Map.of(DAY.plusDays(10), 5L), split.withMember());
        assertEquals(lots(10, 5), split.apart());
        assertTrue(split.replace() && split.changed());
        assertEquals(DAY.plusDays(10), split.after().before());
        assertEquals(DAY, split.after().oldest());
    }

    @Test
    void unreadLotsApartAreAddedTo() {
        // Stored: lots before the 20th apart (oldest the 1st), held: the 20th to the 29th.
        LotsApart stored = new LotsApart(DAY.plusDays(19), DAY, null);
        TreeMap<LocalDate, Long> held = new TreeMap<>(lots(29, 5).tailMap(DAY.plusDays(19)));
        // A purchase dated back to a day apart, and one on a new day: 11 held, so they go apart too.
        held.put(DAY.minusDays(3), 7L);
        held.put(DAY.plusDays(29), 9L);
        LotsApart.Split split = LotsApart.split(held, stored);
        assertEquals(Map.of(DAY.plusDays(29), 9L), split.withMember());
        assertFalse(split.replace());
        TreeMap<LocalDate, Long> added = new TreeMap<>(lots(29, 5).subMap(DAY.plusDays(19), DAY.plusDays(29)));
        added.put(DAY.minusDays(3), 7L);
        assertEquals(added, split.apart(), "the days that left the member whole, the day dated back by its points");
        assertEquals(DAY.minusDays(3), split.after().oldest());
        assertNull(split.after().stored(), "still not read");
    }

    @Test
    void readLotsApartAreReplacedOnlyWhenChangedAndForgottenWhenEmpty() {
        TreeMap<LocalDate, Long> apart = lots(10, 5);
        LotsApart read = new LotsApart(DAY.plusDays(10), DAY, Map.copyOf(apart));
        TreeMap<LocalDate, Long> all = lots(12, 5);
        assertFalse(LotsApart.split(all, read).changed(), "nothing apart changed: nothing written apart");
        all.headMap(DAY.plusDays(10)).clear(); // every lot apart spent
        LotsApart.Split spent = LotsApart.split(all, read);
        assertTrue(spent.replace() && spent.changed());
        assertTrue(spent.apart().isEmpty());
        assertNull(spent.after().oldest());
        assertEquals(all, spent.withMember());
    }

    @Test
    void onlyEarningNeedsNoLotsApart() {
        Member member = Members.joined(DefaultProgram.create(), "m");
        member.lotsApart = new LotsApart(DAY.plusDays(10), DAY, null);
        PointLots.earn(member, DAY.plusDays(11), 5);
        assertThrows(IllegalStateException.class, () -> PointLots.spend(member, 5));
        assertThrows(IllegalStateException.class, () -> PointLots.takeBack(member, DAY, 5));
        assertThrows(IllegalStateException.class, () -> PointLots.expire(member, DAY.plusYears(1), 12));
        assertEquals(DAY, member.oldestLot());
        assertTrue(PointLots.mayExpire(member, DAY.plusYears(1), 12));
        assertFalse(PointLots.mayExpire(member, DAY.plusYears(1).minusDays(1), 12));
    }
}
