package dev.hearth.points;

import static dev.hearth.testing.Invoke.award;
import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.rejected;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.config.TableNames;
import dev.hearth.program.DefaultProgram;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramTable;
import dev.hearth.program.ReferralCredit;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Points nobody can farm: each way the first design could be farmed or poisoned, tried against the
 * real functions and DynamoDB Local (issue 10, items 1 to 4).
 */
@QuarkusTest
class FairPlayTest {

    private static final String P = "default";

    @Inject
    ProgramTable programs;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    TableNames tables;

    private static String yesterday() {
        return Instant.now().minus(Duration.ofDays(1)).toString();
    }

    @Test
    void backDatedCheckInsAndInteractionsAreCappedOnTheirOwnDay() {
        String m = Invoke.newMember(P);
        String other = Invoke.newMember(P);
        award(P, m, "today-check-in", "CHECK_IN");
        long checkIns = 0;
        for (int i = 0; i < 50; i++) {
            checkIns += award(P, m, "old-check-in-" + i, "CHECK_IN", "occurredAt", yesterday()).getLong("pointsAwarded");
        }
        long interactions = 0;
        for (int i = 0; i < 30; i++) {
            interactions += award(P, m, "old-chat-" + i, "INTERACTION", "withMemberId", other, "occurredAt", yesterday())
                    .getLong("pointsAwarded");
        }
        assertEquals(5, checkIns, "one check-in earns on yesterday too");
        assertEquals(20, interactions, "twenty interactions earn on yesterday too");
        JsonPath member = Invoke.member(P, m);
        assertEquals(5 + 5 + 20, member.getLong("pointsBalance"));
        assertEquals(2, member.getLong("counters.checkIns"));
    }

    @Test
    void aDayLeftBehindKeepsItsCountsWhenTheMemberMovesOnToTheNext() {
        String m = Invoke.newMember(P);
        Instant first = Instant.now();
        assertEquals(5, award(P, m, "day-1", "CHECK_IN").getLong("pointsAwarded"));
        try {
            TestClock.advance(Duration.ofDays(1));
            // The next day's first check-in stores the day before's counts in their own item ...
            assertEquals(5, award(P, m, "day-2", "CHECK_IN").getLong("pointsAwarded"));
            // ... so a late check-in dated that day is still held to its cap of one.
            assertEquals(0, award(P, m, "day-1-late", "CHECK_IN", "occurredAt", first.toString())
                    .getLong("pointsAwarded"));
            assertEquals(0, award(P, m, "day-2-again", "CHECK_IN").getLong("pointsAwarded"));
        } finally {
            TestClock.reset();
        }
        assertEquals(10, Invoke.member(P, m).getLong("pointsBalance"));
    }

    @Test
    void aMemberStoredWhenTheDaysCountsLivedApartIsStillHeldToThem() {
        String m = Invoke.newMember(P);
        award(P, m, "first", "CHECK_IN");
        // As stored before the member item held the day's counts: none in it, the day's in its own item.
        String pk = P + "#" + m;
        dynamo.updateItem(u -> u.tableName(tables.members()).key(Map.of("pk", AttributeValue.fromS(pk)))
                .updateExpression("REMOVE dayCounts"));
        Map<String, AttributeValue> day = new java.util.HashMap<>(Map.of("pk", AttributeValue.fromS(pk),
                "sk", AttributeValue.fromS("D#" + DefaultProgram.create().localDay(Instant.now())),
                "counts", AttributeValue.fromM(Map.of("CHECK_IN", AttributeValue.fromN("1")))));
        dynamo.putItem(r -> r.tableName(tables.activities()).item(day));
        assertEquals(0, award(P, m, "second", "CHECK_IN").getLong("pointsAwarded"));
        assertEquals(5, Invoke.member(P, m).getLong("pointsBalance"));
    }

    @Test
    void qualityPostsEventsAndFeedbackHaveDailyCapsToo() {
        String m = Invoke.newMember(P);
        long posts = 0;
        for (int i = 0; i < 6; i++) {
            posts += award(P, m, "post-" + i, "QUALITY_POST").getLong("pointsAwarded");
        }
        assertEquals(3 * 50, posts);
        assertEquals(3, Invoke.member(P, m).getLong("counters.qualityPosts"));
    }

    @Test
    void anInvitersSixthSuccessfulInvitationOfADayEarnsNothing() {
        String inviter = Invoke.newMember(P);
        for (int i = 0; i < 8; i++) {
            ok("onboard-member", event("programId", P, "memberId", unique("friend"), "displayName", "Friend",
                    "channel", "INVITE", "invitedBy", inviter));
        }
        JsonPath m = Invoke.member(P, inviter);
        assertEquals(5, m.getLong("counters.referrals"));
        assertEquals(5 * 200, m.getLong("pointsBalance"));
        // Every invitation is on the ledger, the capped ones with 0 points.
        List<Map<String, Object>> referrals = m.getList("ledger.findAll { it.type == 'REFERRAL' }");
        assertEquals(8, referrals.size());
        assertEquals(3, referrals.stream().filter(r -> ((Number) r.get("points")).longValue() == 0).count());
    }

    @Test
    void underTheFirstPurchaseRuleTheInviterIsCreditedOnceWhenTheInviteeFirstBuys() {
        Program d = DefaultProgram.create();
        String p = unique("first-purchase");
        programs.put(new Program(p, d.name(), d.timeZone(), d.currency(), d.tiers(), d.earning(),
                d.downgradeGraceDays(), d.pointsExpiryMonths(), d.perks(), ReferralCredit.FIRST_PURCHASE, 14));
        String inviter = Invoke.newMember(p);
        String invitee = unique("friend");
        ok("onboard-member", event("programId", p, "memberId", invitee, "displayName", "Friend", "channel",
                "INVITE", "invitedBy", inviter));
        assertEquals(0, Invoke.member(p, inviter).getLong("counters.referrals"), "joining is not yet a success");
        award(p, invitee, "o-1", "PURCHASE", "amountFen", 10_000);
        award(p, invitee, "o-2", "PURCHASE", "amountFen", 10_000);
        JsonPath credited = Invoke.member(p, inviter);
        assertEquals(1, credited.getLong("counters.referrals"));
        assertEquals(200, credited.getLong("pointsBalance"));
        assertEquals(invitee, credited.getString("ledger[0].withMemberId"));
        // A member who joined without an invitation credits nobody.
        String direct = Invoke.newMember(p);
        award(p, direct, "o-3", "PURCHASE", "amountFen", 10_000);
        assertEquals(1, Invoke.member(p, inviter).getLong("counters.referrals"));
    }

    @Test
    void aClientIdCannotSquatTheIdsHearthWritesItself() {
        String inviter = Invoke.newMember(P);
        String victim = unique("victim");
        // Points bought 13 months ago expire at the next review, whose entry would be expiry:<today>:v3.
        award(P, inviter, "old-order", "PURCHASE", "amountFen", 10_000, "occurredAt",
                Instant.now().minus(Duration.ofDays(400)).toString());
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        // A client records the id Hearth uses for the victim's referral, and that expiry id.
        award(P, inviter, "referral:" + victim, "CHECK_IN");
        award(P, inviter, "expiry:" + today + ":v4", "EVENT_ATTENDANCE");
        JsonPath review = ok("evaluate-tier", event("programId", P, "memberId", inviter));
        assertEquals(100, review.getLong("member.pointsExpired"));
        ok("onboard-member", event("programId", P, "memberId", victim, "displayName", "Victim", "channel", "INVITE",
                "invitedBy", inviter));
        JsonPath m = Invoke.member(P, inviter);
        assertEquals(1, m.getLong("counters.referrals"));
        assertEquals(5 + 100 + 200, m.getLong("pointsBalance"));
        List<String> ids = m.getList("ledger.activityId");
        assertTrue(ids.contains("expiry:" + today + ":v4") && ids.contains("referral:" + victim), ids.toString());
        assertEquals(2, ids.stream().filter(id -> id.equals("expiry:" + today + ":v4")).count(),
                "the client's entry and Hearth's, apart: " + ids);
    }

    @Test
    void oneMembersBadStateNeverStopsTheWholeReviewTiers() {
        String p = TestPrograms.copyOfDefault(programs, unique("review")).programId();
        List<String> fine = List.of(Invoke.newMember(p), Invoke.newMember(p), Invoke.newMember(p));
        String broken = Invoke.newMember(p);
        // Poison the member's stored item: its point lots name a day that is no date.
        dynamo.updateItem(u -> u.tableName(tables.members()).key(Map.of("pk", AttributeValue.fromS(p + "#" + broken)))
                .updateExpression("SET pointLots = :l")
                .expressionAttributeValues(Map.of(":l", AttributeValue.fromM(Map.of("not-a-day",
                        AttributeValue.fromN("5"))))));
        // The night's run, one member a call: each call carries on where the last one stopped.
        JsonPath run = ok("evaluate-tier", event("programId", p, "limit", 1));
        for (int i = 0; i < 20 && !run.getBoolean("program.complete"); i++) {
            run = ok("evaluate-tier", event("programId", p, "limit", 1));
        }
        assertTrue(run.getBoolean("program.complete"));
        assertEquals(1, run.getInt("program.failed"));
        assertEquals(List.of(broken), run.getList("program.failedMembers"));
        assertEquals(fine.size(), run.getInt("program.membersReviewed"));
    }

    @Test
    void aPerkItemBrokenByHandNeverStopsTheDailyRun() {
        String p = TestPrograms.copyOfDefault(programs, unique("daily")).programId();
        String broken = Invoke.newMember(p);
        String fine = Invoke.newMember(p);
        ok("schedule-perk", event("programId", p, "perkId", "soon", "perk", event("kind", "GIFT", "title", "Soon"),
                "audience", event("tier", "MEMBER"), "deliverAt", Instant.now().plusSeconds(30).toString()));
        dynamo.updateItem(u -> u.tableName(tables.perks()).key(Map.of("pk", AttributeValue.fromS(p + "#" + broken),
                "sk", AttributeValue.fromS("P#soon"))).updateExpression("SET #s = :x")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":x", AttributeValue.fromS("LOST"))));
        TestClock.advance(Duration.ofMinutes(2));
        try {
            JsonPath run = ok("schedule-perk", event("programId", p, "run", "DAILY", "limit", 1));
            int failed = run.getInt("daily.failed");
            for (int i = 0; i < 50 && !run.getBoolean("daily.complete"); i++) {
                run = ok("schedule-perk", event("programId", p, "run", "DAILY", "limit", 1));
                failed += run.getInt("daily.failed");
            }
            assertTrue(run.getBoolean("daily.complete"));
            assertEquals(1, failed, "the broken item was passed over once in the sweep, and named in the log");
            assertEquals("DELIVERED", perks(p, fine).get("soon"));
        } finally {
            TestClock.reset();
        }
    }

    private static Map<String, String> perks(String programId, String memberId) {
        List<Map<String, Object>> perks = Invoke.member(programId, memberId).getList("perks");
        return perks.stream().collect(Collectors.toMap(p -> (String) p.get("perkId"), p -> (String) p.get("status")));
    }

    @Test
    void aRefundInsideTheReturnWindowTakesBackTheTierAndItsOpenPrivileges() {
        String m = Invoke.newMember(P);
        JsonPath bought = award(P, m, "big", "PURCHASE", "amountFen", 200_000);
        assertEquals("FAN", bought.getString("tier"));
        assertEquals("DELIVERED", perks(m).get("tier.fan.early-access"));
        ok("schedule-perk", event("programId", P, "memberId", m, "perkId", "tier.fan.study-material", "action",
                "REDEEM"));
        JsonPath refund = award(P, m, "big-back", "REFUND", "refundOf", "big");
        assertEquals("MEMBER", refund.getString("tier"));
        assertTrue(refund.getBoolean("tierChanged"));
        JsonPath member = Invoke.member(P, m);
        assertEquals(0, member.getLong("counters.spendFen"));
        assertNull(member.getString("downgradePendingSince"), "no grace for a reversal");
        Map<String, String> perks = perks(m);
        assertEquals("CANCELLED", perks.get("tier.fan.early-access"));
        assertEquals("REDEEMED", perks.get("tier.fan.study-material"), "a redeemed privilege stays redeemed");
        // Reaching the tier again for real gives its privileges again.
        award(P, m, "real", "PURCHASE", "amountFen", 60_000);
        assertEquals("DELIVERED", perks(m).get("tier.fan.early-access"));
    }

    @Test
    void aRefundAfterTheReturnWindowKeepsTheTierThroughTheGrace() {
        String m = Invoke.newMember(P);
        Instant longAgo = Instant.now().minus(Duration.ofDays(20));
        award(P, m, "old", "PURCHASE", "amountFen", 60_000, "occurredAt", longAgo.toString());
        JsonPath refund = award(P, m, "old-back", "REFUND", "refundOf", "old");
        assertEquals("FAN", refund.getString("tier"));
        assertFalse(refund.getBoolean("tierChanged"));
        assertTrue(Invoke.member(P, m).getString("downgradePendingSince") != null);
    }

    private static Map<String, String> perks(String memberId) {
        List<Map<String, Object>> perks = Invoke.member(P, memberId).getList("perks");
        return perks.stream().collect(Collectors.toMap(p -> (String) p.get("perkId"), p -> (String) p.get("status")));
    }

    @Test
    void aReferralClaimIsRejectedAndWritesNothing() {
        String m = Invoke.newMember(P);
        String other = Invoke.newMember(P);
        rejected("award-points", event("programId", P, "memberId", m, "activityId", "claim", "type", "REFERRAL",
                "withMemberId", other), 400, "[400] INVALID_FIELD type: REFERRAL is not sent by clients");
        assertEquals(0, Invoke.member(P, m).getList("ledger").size());
    }
}
