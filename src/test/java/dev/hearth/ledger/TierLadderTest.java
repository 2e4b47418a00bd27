package dev.hearth.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hearth.program.Counter;
import dev.hearth.program.DefaultProgram;
import dev.hearth.program.Program;

/** The default program's ladder from the brief, rule by rule, and the downgrade grace. */
class TierLadderTest {

    private final Program program = DefaultProgram.create();
    private final Instant now = Instant.parse("2026-06-01T04:00:00Z");

    private Member withCounters(long spendFen, long posts, long referrals) {
        Member m = Members.joined(program, "m");
        m.add(Counter.SPEND_FEN, spendFen);
        m.add(Counter.QUALITY_POSTS, posts);
        m.add(Counter.REFERRALS, referrals);
        return m;
    }

    private String qualified(long spendFen, long posts, long referrals) {
        return TierLadder.qualifiedTier(program, withCounters(spendFen, posts, referrals).counters).id();
    }

    @Test
    void aNewMemberIsAMember() {
        assertEquals("MEMBER", qualified(0, 0, 0));
    }

    @Test
    void fanNeedsFiveHundredYuanOfLifetimeSpend() {
        assertEquals("MEMBER", qualified(49_999, 100, 100));
        assertEquals("FAN", qualified(50_000, 0, 0));
    }

    @Test
    void closeFriendNeedsOneThousandYuanAndThreeQualityPosts() {
        assertEquals("FAN", qualified(100_000, 2, 0));
        assertEquals("FAN", qualified(99_999, 3, 0));
        assertEquals("CLOSE_FRIEND", qualified(100_000, 3, 0));
    }

    @Test
    void partnerNeedsTwoThousandYuanAndTenReferrals() {
        assertEquals("CLOSE_FRIEND", qualified(200_000, 3, 9));
        assertEquals("CLOSE_FRIEND", qualified(199_999, 3, 10));
        assertEquals("PARTNER", qualified(200_000, 0, 10));
    }

    @Test
    void upgradeHappensAtOnceAndSkipsTiersWhenEarned() {
        Member m = withCounters(200_000, 3, 10);
        assertEquals(TierLadder.Change.UPGRADED, TierLadder.afterActivity(program, m, now));
        assertEquals("PARTNER", m.tier);
        assertEquals(now, m.tierReachedAt);
    }

    @Test
    void anActivityNeverDowngradesItOnlyStartsTheGrace() {
        Member m = withCounters(40_000, 0, 0);
        m.tier = "FAN";
        assertEquals(TierLadder.Change.GRACE_STARTED, TierLadder.afterActivity(program, m, now));
        assertEquals("FAN", m.tier);
        assertEquals(now, m.belowTierSince);
        assertEquals(TierLadder.Change.NONE, TierLadder.afterActivity(program, m, now.plus(Duration.ofDays(90))));
        assertEquals("FAN", m.tier);
    }

    @Test
    void downgradeWaitsForTheGracePeriod() {
        Member m = withCounters(40_000, 0, 0);
        m.tier = "FAN";
        TierLadder.review(program, m, now);
        Instant justBefore = now.plus(Duration.ofDays(30)).minusSeconds(1);
        assertEquals(TierLadder.Change.NONE, TierLadder.review(program, m, justBefore));
        assertEquals("FAN", m.tier);
        Instant graceOver = now.plus(Duration.ofDays(30));
        assertEquals(TierLadder.Change.DOWNGRADED, TierLadder.review(program, m, graceOver));
        assertEquals("MEMBER", m.tier);
        assertEquals(graceOver, m.tierReachedAt);
        assertNull(m.belowTierSince);
    }

    @Test
    void requalifyingDuringTheGraceClearsIt() {
        Member m = withCounters(40_000, 0, 0);
        m.tier = "FAN";
        TierLadder.review(program, m, now);
        m.add(Counter.SPEND_FEN, 10_000);
        assertEquals(TierLadder.Change.GRACE_CLEARED, TierLadder.review(program, m, now.plus(Duration.ofDays(40))));
        assertEquals("FAN", m.tier);
        assertNull(m.belowTierSince);
    }

    @Test
    void downgradeGoesToTheTierStillQualifiedFor() {
        Member m = withCounters(120_000, 3, 0);
        m.tier = "PARTNER";
        TierLadder.review(program, m, now);
        TierLadder.review(program, m, now.plus(Duration.ofDays(31)));
        assertEquals("CLOSE_FRIEND", m.tier);
    }

    @Test
    void progressSaysExactlyWhatIsMissingForTheNextTier() {
        Member m = withCounters(60_000, 1, 0);
        m.tier = "FAN";
        TierLadder.Progress progress = TierLadder.progress(program, m);
        assertEquals("CLOSE_FRIEND", progress.nextTier());
        assertEquals(List.of(new TierLadder.Missing("spendFen", 100_000, 60_000, 40_000),
                new TierLadder.Missing("qualityPosts", 3, 1, 2)), progress.missing());
    }

    @Test
    void thereIsNothingAbovePartner() {
        Member m = withCounters(300_000, 0, 12);
        m.tier = "PARTNER";
        assertNull(TierLadder.progress(program, m).nextTier());
    }
}
