package dev.hearth.tier;

import static dev.hearth.testing.Invoke.award;
import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.rejected;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.program.DefaultProgram;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramTable;
import dev.hearth.testing.Invoke;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class EvaluateTierTest {

    /**
     * A purchase refunded after the return window lapses its tier into the grace period; one refunded
     * inside the window takes it back at once (FairPlayTest).
     */
    private static final String BEFORE_RETURN_WINDOW = java.time.Instant.now()
            .minus(java.time.Duration.ofDays(20)).toString();

    private static final String P = "default";

    @Inject
    ProgramTable programs;

    /** A copy of the default program under a new id, with its own grace period: rules are data. */
    private String programWithGrace(int graceDays) {
        Program d = DefaultProgram.create();
        String id = unique("grace" + graceDays);
        programs.put(new Program(id, d.name(), d.timeZone(), d.currency(), d.tiers(), d.earning(), graceDays,
                d.pointsExpiryMonths()));
        return id;
    }

    @Test
    void oneMemberGetsTheirTierTheNextOneAndExactlyWhatIsMissing() {
        String m = Invoke.newMember(P);
        award(P, m, "o-1", "PURCHASE", "amountFen", 60_000);
        award(P, m, "p-1", "QUALITY_POST");
        JsonPath r = ok("evaluate-tier", event("programId", P, "memberId", m));
        assertEquals("FAN", r.getString("member.tier"));
        assertEquals("NONE", r.getString("member.change"));
        assertEquals("CLOSE_FRIEND", r.getString("member.progress.nextTier"));
        assertEquals("spendFen", r.getString("member.progress.missing[0].counter"));
        assertEquals(40_000, r.getLong("member.progress.missing[0].missing"));
        assertEquals("qualityPosts", r.getString("member.progress.missing[1].counter"));
        assertEquals(2, r.getLong("member.progress.missing[1].missing"));
    }

    @Test
    void aDowngradeWaitsForTheGraceThenHappensOnReview() {
        String lenient = P; // 30 days of grace
        String strict = programWithGrace(0);
        for (String program : new String[] { lenient, strict }) {
            String m = Invoke.newMember(program);
            award(program, m, "o-1", "PURCHASE", "amountFen", 50_000, "occurredAt", BEFORE_RETURN_WINDOW);
            award(program, m, "r-1", "REFUND", "refundOf", "o-1", "amountFen", 10_000);
            JsonPath r = ok("evaluate-tier", event("programId", program, "memberId", m)).setRootPath("member");
            if (program.equals(lenient)) {
                assertEquals("FAN", r.getString("tier"));
                assertEquals("NONE", r.getString("change"));
                Instant since = Instant.parse(r.getString("downgradePendingSince"));
                assertEquals(since.plus(30, ChronoUnit.DAYS), Instant.parse(r.getString("downgradeDueAt")));
            } else {
                assertEquals("MEMBER", r.getString("tier"));
                assertEquals("DOWNGRADED", r.getString("change"));
                assertNull(r.getString("downgradePendingSince"));
                assertEquals("MEMBER", Invoke.member(program, m).getString("tier"));
            }
        }
    }

    @Test
    void pointsExpireTwelveMonthsAfterTheyWereEarnedOnceAndWithALedgerLine() {
        String P = programWithGrace(30); // its own program, so that its snapshot counts only this member
        String m = unique("m");
        ok("onboard-member", event("programId", P, "memberId", m, "displayName", "Old timer", "channel", "QR",
                "joinedAt", "2024-01-01T00:00:00Z"));
        award(P, m, "old", "PURCHASE", "amountFen", 40_000, "occurredAt", "2024-06-01T04:00:00Z");
        award(P, m, "new", "QUALITY_POST");
        JsonPath r = ok("evaluate-tier", event("programId", P, "memberId", m));
        assertEquals(400, r.getLong("member.pointsExpired"));
        assertEquals(50, r.getLong("member.pointsBalance"));
        JsonPath again = ok("evaluate-tier", event("programId", P, "memberId", m));
        assertEquals(0, again.getLong("member.pointsExpired"));
        JsonPath member = Invoke.member(P, m);
        assertEquals(50, member.getLong("pointsBalance"));
        assertEquals("EXPIRY", member.getString("ledger[0].type"));
        assertEquals(-400, member.getLong("ledger[0].points"));
        // Lifetime spend is history, not points: it does not expire.
        assertEquals(40_000, member.getLong("counters.spendFen"));
        // The review's expiry is in the day's retention figures.
        String today = Instant.now().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
        JsonPath snapshot = ok("daily-retention-snapshot", event("programId", P, "date", today)).setRootPath("snapshot");
        assertEquals(400, snapshot.getLong("pointsExpired"));
        assertEquals(50, snapshot.getLong("pointsIssued"));
    }

    @Test
    void aReviewDowngradeMovesTheTierDistributionOnTheReviewDay() {
        String program = programWithGrace(0);
        String m = Invoke.newMember(program);
        award(program, m, "o-1", "PURCHASE", "amountFen", 50_000, "occurredAt", BEFORE_RETURN_WINDOW);
        award(program, m, "r-1", "REFUND", "refundOf", "o-1");
        String today = Instant.now().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
        JsonPath before = ok("daily-retention-snapshot", event("programId", program, "date", today))
                .setRootPath("snapshot");
        assertEquals(1, before.getLong("tierDistribution.FAN"));
        assertEquals(0, before.getLong("tierDistribution.MEMBER"));
        ok("evaluate-tier", event("programId", program, "memberId", m));
        JsonPath after = ok("daily-retention-snapshot", event("programId", program, "date", today))
                .setRootPath("snapshot");
        assertEquals(0, after.getLong("tierDistribution.FAN"));
        assertEquals(1, after.getLong("tierDistribution.MEMBER"));
        assertEquals(500, after.getLong("pointsReversed"));
    }

    @Test
    void theNightlyRunCarriesOnFromItsStoredCursorUntilCompleteThenDoesNothing() {
        String program = programWithGrace(0);
        Set<String> members = new HashSet<>();
        for (int i = 0; i < 230; i++) {
            members.add(Invoke.newMember(program));
        }
        String downgrading = members.iterator().next();
        award(program, downgrading, "o-1", "PURCHASE", "amountFen", 50_000, "occurredAt", BEFORE_RETURN_WINDOW);
        award(program, downgrading, "r-1", "REFUND", "refundOf", "o-1");

        // The schedule calls with the same event every 15 minutes; each call carries on.
        List<JsonPath> runs = new java.util.ArrayList<>();
        JsonPath run;
        do {
            run = ok("evaluate-tier", event("programId", program, "limit", 100)).setRootPath("program");
            runs.add(run);
        } while (!run.getBoolean("complete") && runs.size() < 10);
        assertEquals(3, runs.size());
        assertEquals(List.of(100, 200, 230), runs.stream().map(r -> r.getInt("membersReviewed")).toList(),
                "the night's totals so far");
        assertEquals(1, run.getInt("downgraded"));
        assertNull(run.getString("cursor"));
        assertEquals("MEMBER", Invoke.member(program, downgrading).getString("tier"));

        // Once complete, a further call tonight reviews nobody again and answers the night's totals.
        JsonPath again = ok("evaluate-tier", event("programId", program)).setRootPath("program");
        assertTrue(again.getBoolean("complete"));
        assertEquals(230, again.getInt("membersReviewed"));
        assertEquals(1, again.getInt("downgraded"));

        // An operator's explicit cursor reviews exactly that slice, whatever the night's state.
        String cursor = runs.get(0).getString("cursor");
        JsonPath slice = ok("evaluate-tier", event("programId", program, "cursor", cursor)).setRootPath("program");
        assertEquals(130, slice.getInt("membersReviewed"));
        assertTrue(slice.getBoolean("complete"));
        assertEquals(0, slice.getInt("downgraded"));
    }

    @Test
    void badEvaluationsAreRejected() {
        rejected("evaluate-tier", event("programId", P, "cursor", "not-a-cursor"), 400,
                "[400] INVALID_FIELD cursor: is not a cursor returned by evaluate-tier");
        rejected("evaluate-tier", event("programId", P, "limit", 0), 400, "[400] INVALID_FIELD limit: must be from 1");
        rejected("evaluate-tier", event("programId", P, "memberId", "m", "limit", 5), 400,
                "[400] INVALID_FIELD limit: is only used for a whole-program run");
        rejected("evaluate-tier", event("programId", P, "memberId", unique("ghost")), 404,
                "[404] MEMBER_NOT_FOUND memberId: ");
        rejected("evaluate-tier", event("memberId", "m"), 400, "[400] MISSING_FIELD programId: is required");
    }
}
