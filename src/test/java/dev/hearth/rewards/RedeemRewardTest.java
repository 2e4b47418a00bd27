package dev.hearth.rewards;

import static dev.hearth.testing.Invoke.award;
import static dev.hearth.testing.Invoke.detail;
import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.rejected;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.perk.PerkTable;
import dev.hearth.program.DefaultProgram;
import dev.hearth.program.PerkCatalogue;
import dev.hearth.program.PerkKind;
import dev.hearth.program.PerkOffer;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramTable;
import dev.hearth.program.Reward;
import dev.hearth.testing.Concurrently;
import dev.hearth.testing.Invoke;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** redeem-reward against DynamoDB Local: points buy something, exactly once, and come back whole. */
@QuarkusTest
class RedeemRewardTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    ProgramTable programs;
    @Inject
    MemberTable members;
    @Inject
    ActivityTable activities;
    @Inject
    PerkTable perks;

    /** A copy of the default program whose rewards are these. */
    private String program(Reward... rewards) {
        String programId = unique("rewards");
        Program d = DefaultProgram.create();
        programs.put(new Program(programId, d.name(), d.timeZone(), d.currency(), d.tiers(), d.earning(),
                d.downgradeGraceDays(), d.pointsExpiryMonths(), new PerkCatalogue(d.perks().tierPrivileges(),
                        d.perks().tagRules(), d.perks().routine(), List.of(rewards)), d.referralCredit(),
                d.returnWindowDays()));
        return programId;
    }

    private static Reward reward(String id, long cost, Long stock, Integer perMember, List<String> tiers) {
        return new Reward(id, new PerkOffer(PerkKind.GIFT, "Reward " + id, null, 30), cost, stock, perMember, tiers,
                null, null);
    }

    private static JsonPath redeem(String p, String m, String redemptionId, String rewardId) {
        return ok("redeem-reward", event("programId", p, "memberId", m, "redemptionId", redemptionId, "rewardId", rewardId));
    }

    private static JsonPath cancel(String p, String m, String redemptionId) {
        return ok("redeem-reward", event("programId", p, "memberId", m, "redemptionId", redemptionId, "action", "CANCEL"));
    }

    private Member stored(String p, String m) {
        return members.find(p, m).orElseThrow();
    }

    /** A purchase of {@code cny} CNY (as many points) on the local day {@code daysAgo} days before today. */
    private static LocalDate earn(String p, String m, long cny, int daysAgo) {
        Instant at = Instant.now().minus(Duration.ofDays(daysAgo));
        award(p, m, unique("order"), "PURCHASE", "amountFen", cny * 100, "occurredAt", at.toString());
        return at.atZone(SHANGHAI).toLocalDate();
    }

    @Test
    void pointsComeFromTheOldestLotsFirstAndACancellationPutsTheSameBack() {
        String p = program(reward("kit", 200, 5L, null, List.of()), reward("pen", 10, null, null, List.of()));
        String m = Invoke.newMember(p);
        LocalDate oldest = earn(p, m, 100, 100);
        LocalDate middle = earn(p, m, 150, 40);
        LocalDate newest = earn(p, m, 300, 0);
        Member before = stored(p, m);
        assertEquals(550, before.pointsBalance);

        JsonPath redeemed = redeem(p, m, "r-1", "kit");
        assertEquals("REDEEMED", redeemed.getString("status"));
        assertEquals(200, redeemed.getLong("pointsSpent"));
        assertEquals(350, redeemed.getLong("pointsBalance"));
        assertFalse(redeemed.getBoolean("duplicate"));
        assertEquals(List.of(oldest.toString(), middle.toString()), redeemed.getList("lots.earnedOn"));
        assertEquals(List.of(100, 100), redeemed.getList("lots.points"));
        assertEquals(oldest.plusMonths(12).toString(), redeemed.getString("lots[0].expiresOn"));
        assertEquals("reward:r-1", redeemed.getString("perk.perkId"));
        assertEquals("DELIVERED", redeemed.getString("perk.status"));
        assertEquals("REWARD", redeemed.getString("perk.source"));
        Member after = stored(p, m);
        assertEquals(new TreeMap<>(Map.of(middle, 50L, newest, 300L)), after.pointLots, "the oldest lot went first");
        assertEquals(1L, after.rewardsHeld.get("kit"));
        assertEquals(1, perks.stockTaken(p, "kit"));

        // Exactly once: the same redemptionId changes nothing and answers the first answer.
        JsonPath again = redeem(p, m, "r-1", "kit");
        assertTrue(again.getBoolean("duplicate"));
        assertEquals(350, again.getLong("pointsBalance"));
        assertEquals(350, stored(p, m).pointsBalance);
        assertEquals(1, perks.stockTaken(p, "kit"));
        assertEquals(1, Invoke.events(p, m, "RewardRedeemed").size());
        Map<String, Object> event = detail(Invoke.events(p, m, "RewardRedeemed").get(0));
        assertEquals(200, event.get("pointsSpent"));
        assertEquals(350, event.get("pointsBalance"));
        assertEquals(2, ((List<?>) event.get("lots")).size());
        assertEquals(1, Invoke.events(p, m, "PerkDelivered").stream()
                .filter(e -> "reward:r-1".equals(detail(e).get("perkId"))).count());
        // Another reward under the same redemptionId is refused.
        rejected("redeem-reward", event("programId", p, "memberId", m, "redemptionId", "r-1", "rewardId", "pen"),
                409, "[409] REDEMPTION_ID_IN_USE redemptionId");
        assertEquals(350, stored(p, m).pointsBalance);

        // Given back unused: the same points to the same lots (so they expire when they always would have).
        JsonPath cancelled = cancel(p, m, "r-1");
        assertEquals("CANCELLED", cancelled.getString("status"));
        assertEquals(200, cancelled.getLong("pointsReturned"));
        assertEquals(550, cancelled.getLong("pointsBalance"));
        assertEquals("CANCELLED", cancelled.getString("perk.status"));
        Member back = stored(p, m);
        assertEquals(before.pointLots, back.pointLots);
        assertEquals(550, back.pointsBalance);
        assertTrue(back.rewardsHeld.isEmpty());
        assertEquals(0, perks.stockTaken(p, "kit"), "the stock is back");
        // The ledger shows both sides.
        JsonPath member = Invoke.member(p, m);
        assertEquals(List.of("REDEMPTION_CANCELLED", "REDEMPTION"), member.getList("ledger.type").subList(0, 2));
        assertEquals(List.of(200, -200), member.getList("ledger.points").subList(0, 2));
        // Once: a second cancellation, and the redemption sent again, answer what happened.
        assertTrue(cancel(p, m, "r-1").getBoolean("duplicate"));
        JsonPath replay = redeem(p, m, "r-1", "kit");
        assertTrue(replay.getBoolean("duplicate"));
        assertEquals("CANCELLED", replay.getString("status"));
        assertEquals(550, stored(p, m).pointsBalance);
        assertEquals(1, Invoke.events(p, m, "RewardCancelled").size());
        assertEquals(1, Invoke.events(p, m, "RewardRedeemed").size());
        // A new redemption may take the same points again.
        assertEquals(350, redeem(p, m, "r-2", "kit").getLong("pointsBalance"));
    }

    @Test
    void aRejectedRedemptionNamesTheRuleAndWritesNothing() {
        Instant now = Instant.now();
        String p = program(reward("salon", 500, 30L, 1, List.of("CLOSE_FRIEND", "PARTNER")),
                reward("sample", 200, 1L, 1, List.of()), reward("kit", 800, null, null, List.of()),
                new Reward("spring", new PerkOffer(PerkKind.GIFT, "Spring", null, 0), 10, null, null, List.of(),
                        now.plus(Duration.ofDays(30)), null));
        String m = Invoke.newMember(p);
        String other = Invoke.newMember(p);
        earn(p, m, 600, 0); // a Fan with 600 points
        earn(p, other, 600, 0);
        Member before = stored(p, m);
        rejected("redeem-reward", event("programId", p, "memberId", m, "redemptionId", "a", "rewardId", "salon"), 403,
                "[403] TIER_NOT_ALLOWED rewardId");
        rejected("redeem-reward", event("programId", p, "memberId", m, "redemptionId", "b", "rewardId", "kit"), 409,
                "[409] INSUFFICIENT_POINTS rewardId");
        rejected("redeem-reward", event("programId", p, "memberId", m, "redemptionId", "c", "rewardId", "spring"), 409,
                "[409] REWARD_NOT_AVAILABLE rewardId");
        rejected("redeem-reward", event("programId", p, "memberId", m, "redemptionId", "d", "rewardId", "nope"), 404,
                "[404] REWARD_NOT_FOUND rewardId");
        rejected("redeem-reward", event("programId", p, "memberId", m, "redemptionId", "e"), 400,
                "[400] MISSING_FIELD rewardId");
        rejected("redeem-reward", event("programId", p, "memberId", m, "redemptionId", "e", "action", "CANCEL",
                "rewardId", "kit"), 400, "[400] INVALID_FIELD rewardId");
        rejected("redeem-reward", event("programId", p, "memberId", m, "redemptionId", "e", "action", "CANCEL"), 404,
                "[404] REDEMPTION_NOT_FOUND redemptionId");
        Member unchanged = stored(p, m);
        assertEquals(before.version, unchanged.version, "nothing written");
        assertEquals(before.pointLots, unchanged.pointLots);
        for (String id : List.of("a", "b", "c", "d", "e")) {
            assertTrue(activities.findRedemption(p, m, id).isEmpty());
        }
        assertEquals(0, Invoke.events(p, m, "RewardRedeemed").size());

        // One of one sample, one per member.
        redeem(p, m, "s-1", "sample");
        rejected("redeem-reward", event("programId", p, "memberId", m, "redemptionId", "s-2", "rewardId", "sample"), 409,
                "[409] LIMIT_REACHED rewardId");
        rejected("redeem-reward", event("programId", p, "memberId", other, "redemptionId", "s-1", "rewardId", "sample"),
                409, "[409] OUT_OF_STOCK rewardId");
        assertEquals(600, stored(p, other).pointsBalance);
        assertEquals(1, perks.stockTaken(p, "sample"));
        // A used reward is not given back; and its perk is not cancelled by schedule-perk.
        rejected("schedule-perk", event("programId", p, "memberId", m, "perkId", "reward:s-1", "action", "CANCEL"), 409,
                "[409] PERK_NOT_CANCELLABLE perkId");
        ok("schedule-perk", event("programId", p, "memberId", m, "perkId", "reward:s-1", "action", "REDEEM"));
        rejected("redeem-reward", event("programId", p, "memberId", m, "redemptionId", "s-1", "action", "CANCEL"), 409,
                "[409] PERK_NOT_CANCELLABLE redemptionId");
        assertEquals(400, stored(p, m).pointsBalance);
        assertEquals(1, perks.stockTaken(p, "sample"));
    }

    @Test
    void aHundredMembersRacingForTheLastTenSeatsGetExactlyTen() throws Exception {
        String p = program(reward("seat", 100, 10L, 1, List.of()));
        List<String> racing = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String m = Invoke.newMember(p);
            earn(p, m, 150, 0);
            racing.add(m);
        }
        List<Response> answers = Concurrently.call(100, i -> {
            Map<String, Object> request = event("programId", p, "memberId", racing.get(i), "redemptionId", "seat-1",
                    "rewardId", "seat");
            Response answer = Invoke.post("redeem-reward", request);
            // [503] CONCURRENT_UPDATE says: send the same request again (as a storefront would).
            while (answer.statusCode() == 503) {
                answer = Invoke.post("redeem-reward", request);
            }
            return answer;
        });
        List<String> won = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Response answer = answers.get(i);
            if (answer.statusCode() == 200) {
                won.add(racing.get(i));
            } else {
                assertEquals(409, answer.statusCode(), answer.asString());
                assertTrue(answer.jsonPath().getString("errorMessage").startsWith("[409] OUT_OF_STOCK rewardId"),
                        answer.asString());
            }
        }
        assertEquals(10, won.size());
        assertEquals(10, perks.stockTaken(p, "seat"));
        long balances = 0;
        for (String m : racing) {
            Member member = stored(p, m);
            balances += member.pointsBalance;
            assertEquals(won.contains(m) ? 50 : 150, member.pointsBalance, m);
            assertEquals(won.contains(m), activities.findRedemption(p, m, "seat-1").isPresent(), m);
        }
        assertEquals(100 * 150 - 10 * 100, balances);
        List<Map<String, Object>> all = Invoke.outbox(p).getList("$");
        assertEquals(10, all.stream().filter(e -> "RewardRedeemed".equals(e.get("type"))).count());
    }
}
