package dev.hearth.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.dynamodb.Shards;
import dev.hearth.dynamodb.Transactions;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramTable;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A late write that lands while a shard is being rolled up is never lost nor counted twice: the
 * roll-up's transaction is cancelled, and the next one, read afresh, holds it. A long history is rolled
 * up in one snapshot, a transaction per 24 months.
 */
@QuarkusTest
class RollUpRaceTest {

    @Inject
    StatsTable stats;
    @Inject
    Transactions transactions;
    @Inject
    Clock clock;

    private final String programId = "rollup-" + UUID.randomUUID().toString().substring(0, 8);
    private final String member = "m-1";
    private final String pk = Shards.key(programId, member);

    private void join(LocalDate day) {
        StatsDelta delta = new StatsDelta();
        delta.day(day, "newMembers", 1);
        delta.day(day, "active", 1);
        assertTrue(transactions.write(stats.updates(programId, member, delta), "a join"));
    }

    private RollUps.Shard read() {
        var read = stats.fromTheTop(pk, 10, items -> false);
        return RollUps.Shard.of(read.getKey(), read.getValue());
    }

    private boolean roll(RollUps.Shard state, LocalDate date) {
        RollUps.Roll due = state.due(date, clock.instant());
        var days = RollUps.byDay(stats.items(pk, RollUps.dayKey(due.firstDay()), RollUps.dayEnd(due.lastDay())));
        return stats.roll(pk, due, due.counters(days));
    }

    @Inject
    TakeSnapshot snapshots;
    @Inject
    ProgramTable programs;

    @Test
    void aSnapshotRollsAHistoryLongerThanOneTransactionTakesUpInOneRun() {
        Program program = TestPrograms.copyOfDefault(programs, programId);
        LocalDate yesterday = program.localDay(clock.instant()).minusDays(1);
        for (int months = 2; months <= 31; months++) { // each in a month closed by now
            join(yesterday.minusMonths(months));
        }
        Snapshot snapshot = snapshots.compute(program, yesterday);
        RollUps.Shard after = read();
        assertEquals(RollUps.lastClosed(clock.instant()).isBefore(YearMonth.from(yesterday).minusMonths(1))
                ? RollUps.lastClosed(clock.instant()) : YearMonth.from(yesterday).minusMonths(1), after.through(),
                "30 months rolled up by one snapshot (a transaction takes 24)");
        assertTrue(after.late().isEmpty(), after.late().toString());
        assertEquals(Map.of("newMembers", 30L), after.rolled());
        assertEquals(30L, snapshot.totalMembers());
    }

    @Test
    void aLateWriteBetweenTheRollUpsReadsAndItsTransactionCancelsItAndTheNextHoldsIt() {
        LocalDate today = LocalDate.now(clock);
        LocalDate oldDay = today.minusMonths(3).withDayOfMonth(15);
        join(oldDay); // late: its month ended long ago, so it is in the month's late item too
        join(today.minusMonths(4).withDayOfMonth(3));

        RollUps.Shard before = read();
        join(oldDay); // lands after the state was read: the roll-up would count it once in the days, once in the item
        assertFalse(roll(before, today), "cancelled: the month's late item changed since it was read");
        assertEquals(3L, read().runningAsOf(today).get("newMembers"), "nothing rolled up yet: the days hold the 3 joins");

        RollUps.Shard again = read();
        assertTrue(roll(again, today));
        RollUps.Shard after = read();
        assertTrue(after.through().isBefore(YearMonth.from(today)), "rolled up to " + after.through());
        assertTrue(after.late().isEmpty(), "the late items rolled up are gone: " + after.late());
        assertEquals(Map.of("newMembers", 3L), after.rolled(), "every join once, and only running counters");
        assertEquals(3L, after.runningAsOf(today).get("newMembers"));

        // A late write after the roll-up stays beside it until folded in, counted once either way.
        join(oldDay);
        RollUps.Shard beside = read();
        assertEquals(4L, beside.runningAsOf(today).get("newMembers"));
        RollUps.Roll fold = beside.due(today, clock.instant());
        join(oldDay); // lands before the fold's transaction
        assertFalse(stats.roll(pk, fold, fold.counters(Map.of())), "the fold is cancelled too");
        RollUps.Shard fresh = read();
        RollUps.Roll refold = fresh.due(today, clock.instant());
        assertTrue(stats.roll(pk, refold, refold.counters(Map.of())));
        RollUps.Shard folded = read();
        assertTrue(folded.late().isEmpty());
        assertEquals(5L, folded.runningAsOf(today).get("newMembers"));
        assertEquals(5L, folded.rolled().get("newMembers"));
    }
}
