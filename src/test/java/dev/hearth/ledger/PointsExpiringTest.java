package dev.hearth.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hearth.program.DefaultProgram;
import dev.hearth.program.Program;

/** Which lots are told to expire soon, when, and the day the daily run looks at a member next. */
class PointsExpiringTest {

    private final Program program = DefaultProgram.create(); // points expire after 12 months
    private final Member member = Members.joined(program, "m");
    private static final LocalDate EARNED = LocalDate.of(2025, 12, 20);
    private static final LocalDate EXPIRES = LocalDate.of(2026, 12, 20);

    private List<Integer> dueOn(LocalDate date) {
        return PointsExpiring.due(program, member, date).stream().map(PointsExpiring.Notice::withinDays).toList();
    }

    @Test
    void aLotIsDueItsThirtyDayNoticeThenItsSevenDayOneAndNothingOnceExpired() {
        PointLots.earn(member, EARNED, 120);
        assertEquals(List.of(), dueOn(EXPIRES.minusDays(31)));
        assertEquals(List.of(30), dueOn(EXPIRES.minusDays(30)));
        assertEquals(List.of(30), dueOn(EXPIRES.minusDays(8)));
        assertEquals(List.of(7), dueOn(EXPIRES.minusDays(7)), "the nearer threshold only: a late run does not say 30");
        assertEquals(List.of(7), dueOn(EXPIRES.minusDays(1)));
        assertEquals(List.of(), dueOn(EXPIRES), "expired: the review takes it, nobody is told it expires");
        assertEquals(new PointsExpiring.Notice(EARNED, 120, EXPIRES, 30),
                PointsExpiring.due(program, member, EXPIRES.minusDays(30)).get(0));
    }

    @Test
    void theNextLookIsTheNearestNoticeDayStillAheadAndNoneWhenAllAreTold() {
        PointLots.earn(member, EARNED, 120);
        PointLots.earn(member, EARNED.plusDays(10), 50);
        assertEquals(EXPIRES.minusDays(30), PointsExpiring.next(program, member, EXPIRES.minusDays(31)));
        assertEquals(EXPIRES.minusDays(20), PointsExpiring.next(program, member, EXPIRES.minusDays(30)),
                "the second lot's 30-day notice comes before the first one's 7-day one");
        assertEquals(EXPIRES.minusDays(7), PointsExpiring.next(program, member, EXPIRES.minusDays(20)));
        assertEquals(EXPIRES.plusDays(3), PointsExpiring.next(program, member, EXPIRES.minusDays(7)));
        assertNull(PointsExpiring.next(program, member, EXPIRES.plusDays(3)));
    }

    @Test
    void earningOrGettingBackALotBringsTheLookNoLaterThanItsFirstNotice() {
        assertNull(member.pointsNoticeOn);
        PointsExpiring.lookFrom(program, member, EARNED.plusDays(10));
        assertEquals(EXPIRES.plusDays(10).minusDays(30), member.pointsNoticeOn);
        PointsExpiring.lookFrom(program, member, EARNED);
        assertEquals(EXPIRES.minusDays(30), member.pointsNoticeOn, "an older lot: earlier");
        PointsExpiring.lookFrom(program, member, EARNED.plusDays(40));
        assertEquals(EXPIRES.minusDays(30), member.pointsNoticeOn, "a newer lot never puts it off");
    }

    @Test
    void aMemberNotLookedAtIsLookedAtFromTheirOldestLot() {
        member.pointLots.put(EARNED, 70L); // all told before, or written before notices existed
        member.pointsBalance = 70;
        PointsExpiring.lookFrom(program, member, EARNED.plusDays(100));
        assertEquals(EXPIRES.minusDays(30), member.pointsNoticeOn);
    }
}
