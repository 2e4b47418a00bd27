package dev.hearth.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.hearth.program.DefaultProgram;

class PointLotsTest {

    private final Member member = Members.joined(DefaultProgram.create(), "m");

    @Test
    void pointsExpireTwelveMonthsAfterTheDayTheyWereEarned() {
        PointLots.earn(member, LocalDate.of(2025, 11, 23), 100);
        PointLots.earn(member, LocalDate.of(2025, 11, 24), 40);
        assertEquals(0, PointLots.expire(member, LocalDate.of(2026, 11, 22), 12));
        assertEquals(100, PointLots.expire(member, LocalDate.of(2026, 11, 23), 12));
        assertEquals(40, member.pointsBalance);
        assertEquals(40, PointLots.expire(member, LocalDate.of(2026, 11, 24), 12));
        assertEquals(0, member.pointsBalance);
    }

    @Test
    void zeroMonthsMeansNeverExpire() {
        PointLots.earn(member, LocalDate.of(2000, 1, 1), 100);
        assertEquals(0, PointLots.expire(member, LocalDate.of(2026, 1, 1), 0));
        assertEquals(100, member.pointsBalance);
    }

    @Test
    void spendingTakesTheOldestLotsFirstAndGivingBackRestoresThemExactly() {
        LocalDate first = LocalDate.of(2025, 12, 1);
        PointLots.earn(member, first, 100);
        PointLots.earn(member, first.plusDays(30), 150);
        PointLots.earn(member, first.plusDays(60), 300);
        java.util.TreeMap<LocalDate, Long> before = new java.util.TreeMap<>(member.pointLots);
        java.util.TreeMap<LocalDate, Long> taken = PointLots.spend(member, 200);
        assertEquals(java.util.Map.of(first, 100L, first.plusDays(30), 100L), taken);
        assertEquals(java.util.Map.of(first.plusDays(30), 50L, first.plusDays(60), 300L), member.pointLots);
        assertEquals(350, member.pointsBalance);
        PointLots.restore(member, taken);
        assertEquals(before, member.pointLots);
        assertEquals(550, member.pointsBalance);
        // Given back, they expire when they always would have: 12 months after their own day.
        assertEquals(100, PointLots.expire(member, first.plusMonths(12), 12));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> PointLots.spend(member, 451));
    }

    /** Seeded random earn / take back / expire: the lots always add up to the balance, which never goes negative. */
    @Test
    void lotsAlwaysAddUpToTheBalance() {
        Random random = new Random(20261123);
        LocalDate day = LocalDate.of(2025, 1, 1);
        long expected = 0;
        for (int step = 0; step < 5_000; step++) {
            day = day.plusDays(random.nextInt(3));
            switch (random.nextInt(3)) {
                case 0 -> {
                    long points = random.nextInt(500);
                    PointLots.earn(member, day, points);
                    expected += points;
                }
                case 1 -> {
                    LocalDate lot = day.minusDays(random.nextInt(60));
                    long available = member.pointLots.getOrDefault(lot, 0L);
                    long wanted = random.nextInt(300);
                    long taken = PointLots.takeBack(member, lot, wanted);
                    assertEquals(Math.min(available, wanted), taken);
                    assertEquals(available - taken, member.pointLots.getOrDefault(lot, 0L));
                    expected -= taken;
                }
                default -> expected -= PointLots.expire(member, day, 12);
            }
            assertEquals(expected, member.pointsBalance);
            assertEquals(member.pointsBalance, member.pointLots.values().stream().mapToLong(Long::longValue).sum());
            member.pointLots.forEach((lot, points) -> assertEquals(true, points > 0, "lot " + lot));
        }
    }
}
