package dev.hearth.dynamodb;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hearth.program.DefaultProgram;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Throttling or 5xx at every DynamoDB call site of each change: each site a clean run of the step
 * calls fails once (throttling and a 5xx taking turns). The caller is told (500, no detail), nothing
 * is half-written, and sending the same request again gives exactly the state one clean call gives.
 */
@QuarkusTest
class FaultInjectionTest {

    @Inject
    ProgramTable programs;

    @AfterEach
    void disarm() {
        FaultInjector.disarm();
        TestClock.reset();
    }

    /** One change to try: set up (no faults), the request, and the state to check after it. */
    record Step(String name, Function<String, Map<String, Object>> setUp, String function,
            Consumer<Scenario> check) {
    }

    /** A fresh program, what the set-up made, and the request. */
    record Scenario(String programId, Map<String, Object> made, Map<String, Object> request) {
        String member() {
            return (String) made.get("member");
        }
    }

    @Test
    void everyCallSiteFailingLeavesNothingHalfWrittenAndTheNextCallSucceeds() {
        int injected = 0;
        for (Step step : steps()) {
            // A clean run names the step's call sites; then each fails once, the kinds taking turns
            // (throttling at the 1st, 3rd ... site, a 5xx at the 2nd, 4th ...): both kinds reach
            // every step. A site is the code that calls, not each call: the 16 shards' pages of one
            // loop are one site (failing each of them tried the same code 16 times, and the suite
            // has five minutes). Hearth answers both kinds alike (this test holds it to that).
            Scenario clean = scenario(step);
            FaultInjector.arm(FaultInjector.Fault.THROTTLING, Integer.MAX_VALUE);
            Response cleanly = post(step.function(), clean.request());
            List<String> sites = FaultInjector.sites();
            FaultInjector.disarm();
            assertEquals(200, cleanly.statusCode(), step.name());
            step.check().accept(clean);
            assertTrue(!sites.isEmpty(), step.name());
            for (int i = 0; i < sites.size(); i++) {
                FaultInjector.Fault fault = FaultInjector.Fault.values()[i % FaultInjector.Fault.values().length];
                Scenario scenario = scenario(step);
                FaultInjector.arm(fault, sites.get(i));
                Response first = post(step.function(), scenario.request());
                FaultInjector.disarm();
                String where = step.name() + ": " + fault + " at " + sites.get(i);
                assertNotNull(FaultInjector.injectedInto(), where + ": the site was not called again");
                injected++;
                assertEquals(500, first.statusCode(), where + ": " + first.asString());
                assertTrue(first.jsonPath().getString("errorMessage").startsWith("[500] INTERNAL_ERROR"), where);
                // The client sends it again: one clean call's state, whatever the first did.
                Response again = post(step.function(), scenario.request());
                assertEquals(200, again.statusCode(), where + ": " + again.asString());
                try {
                    step.check().accept(scenario);
                } catch (AssertionError e) {
                    throw new AssertionError(where + ": " + e.getMessage(), e);
                }
            }
        }
        assertTrue(injected > 40, "faults injected: " + injected);
    }

    /** A fresh program, the step's set-up made in it, and the request. */
    private Scenario scenario(Step step) {
        String p = program();
        Map<String, Object> made = step.setUp().apply(p);
        Map<String, Object> request = event();
        request.putAll(made);
        request.remove("member");
        request.remove("other");
        return new Scenario(p, made, request);
    }

    private List<Step> steps() {
        return List.of(
                new Step("an invited join", p -> {
                    String inviter = Invoke.newMember(p);
                    return event("programId", p, "memberId", unique("m"), "displayName", "Friend", "channel", "INVITE",
                            "invitedBy", inviter, "other", inviter);
                }, "onboard-member", s -> {
                    String invitee = (String) s.request().get("memberId");
                    JsonPath inviter = Invoke.member(s.programId(), (String) s.made().get("other"));
                    assertEquals(1, inviter.getLong("counters.referrals"));
                    assertEquals(200, inviter.getLong("pointsBalance"));
                    assertEquals(1, inviter.getList("ledger").size());
                    JsonPath m = Invoke.member(s.programId(), invitee);
                    assertEquals("DELIVERED", status(m, "routine.day-1.welcome"));
                    assertEquals(1, events(s.programId(), invitee, "routine.day-1.welcome"));
                }),
                new Step("a purchase that reaches Fan", p -> {
                    String m = Invoke.newMember(p);
                    return event("programId", p, "memberId", m, "activityId", "o-1", "type", "PURCHASE",
                            "amountFen", 60_000, "member", m);
                }, "award-points", s -> {
                    JsonPath m = Invoke.member(s.programId(), s.member());
                    assertEquals(600, m.getLong("pointsBalance"));
                    assertEquals("FAN", m.getString("tier"));
                    assertEquals(1, m.getList("ledger").size());
                    assertEquals("DELIVERED", status(m, "tier.fan.early-access"));
                    assertEquals(1, events(s.programId(), s.member(), "tier.fan.early-access"));
                }),
                new Step("a check-in (a capped type)", p -> {
                    String m = Invoke.newMember(p);
                    return event("programId", p, "memberId", m, "activityId", "c-1", "type", "CHECK_IN", "member", m);
                }, "award-points", s -> {
                    JsonPath m = Invoke.member(s.programId(), s.member());
                    assertEquals(5, m.getLong("pointsBalance"));
                    assertEquals(1, m.getLong("counters.checkIns"));
                }),
                new Step("a refund that takes the tier back", p -> {
                    String m = Invoke.newMember(p);
                    Invoke.award(p, m, "o-1", "PURCHASE", "amountFen", 60_000);
                    return event("programId", p, "memberId", m, "activityId", "r-1", "type", "REFUND", "refundOf", "o-1",
                            "member", m);
                }, "award-points", s -> {
                    JsonPath m = Invoke.member(s.programId(), s.member());
                    assertEquals(0, m.getLong("pointsBalance"));
                    assertEquals("MEMBER", m.getString("tier"));
                    assertEquals("CANCELLED", status(m, "tier.fan.early-access"));
                    assertEquals(2, m.getList("ledger").size());
                }),
                new Step("an erasure", p -> {
                    String m = Invoke.newMember(p);
                    ok("update-member", event("programId", p, "memberId", m, "changeId", "c-1", "note", "secret"));
                    ok("schedule-perk", event("programId", p, "perkId", "gift", "perk", event("kind", "GIFT", "title",
                            "A gift", "note", "secret"), "audience", event("memberId", m)));
                    return event("programId", p, "memberId", m, "requestId", "r-1", "reason", "asked", "member", m);
                }, "erase-member", s -> {
                    // Whatever call failed, the same request finished it: complete, and said once.
                    JsonPath again = ok("erase-member", s.request());
                    assertTrue(again.getBoolean("complete") && again.getBoolean("duplicate"), again.prettify());
                    assertEquals(Map.of("perks", 2, "historyLines", 1, "snapshots", 0), again.getMap("removed"));
                    List<Map<String, Object>> events = Invoke.outbox(s.programId()).getList("$");
                    assertEquals(List.of("MemberErased"), events.stream().filter(e -> s.member().equals(e.get("memberId")))
                            .map(e -> e.get("type")).filter(t -> !"MemberJoined".equals(t)).toList());
                    Invoke.rejected("get-member", event("programId", s.programId(), "memberId", s.member()), 410,
                            "[410] MEMBER_ERASED");
                }),
                new Step("a grant to one member", p -> {
                    String m = Invoke.newMember(p);
                    return event("programId", p, "perkId", "gift", "perk", event("kind", "GIFT", "title", "A gift"),
                            "audience", event("memberId", m), "member", m);
                }, "schedule-perk", s -> {
                    JsonPath g = ok("schedule-perk", s.request());
                    assertTrue(g.getBoolean("grant.complete"), g.prettify());
                    assertEquals(1, g.getLong("grant.granted"));
                    assertEquals("DELIVERED", status(Invoke.member(s.programId(), s.member()), "gift"));
                    assertEquals(1, events(s.programId(), s.member(), "gift"));
                }),
                new Step("a member's review that expires points", p -> {
                    String m = Invoke.newMember(p);
                    Invoke.award(p, m, "o-1", "PURCHASE", "amountFen", 10_000);
                    TestClock.advance(Duration.ofDays(400));
                    return event("programId", p, "memberId", m, "member", m);
                }, "evaluate-tier", s -> {
                    JsonPath m = Invoke.member(s.programId(), s.member());
                    assertEquals(0, m.getLong("pointsBalance"));
                    assertEquals(-100, m.getLong("ledger.find { it.type == 'EXPIRY' }.points"));
                    assertEquals(2, m.getList("ledger").size());
                    TestClock.reset();
                }),
                new Step("the night's whole-program review", p -> {
                    String m = Invoke.newMember(p);
                    Invoke.award(p, m, "o-1", "PURCHASE", "amountFen", 10_000);
                    TestClock.advance(Duration.ofDays(400));
                    return event("programId", p, "member", m);
                }, "evaluate-tier", s -> {
                    // A DynamoDB failure fails the call; it never passes the member over for the night.
                    JsonPath run = ok("evaluate-tier", s.request());
                    assertTrue(run.getBoolean("program.complete"), run.prettify());
                    assertEquals(0, run.getInt("program.failed"));
                    JsonPath m = Invoke.member(s.programId(), s.member());
                    assertEquals(0, m.getLong("pointsBalance"));
                    assertEquals(2, m.getList("ledger").size());
                    TestClock.reset();
                }),
                new Step("the daily run", p -> {
                    Program d = DefaultProgram.create();
                    // Without a routine: the run's call sites are the same, without 96 more routine queries.
                    programs.put(new Program(p, d.name(), d.timeZone(), d.currency(), d.tiers(), d.earning(),
                            d.downgradeGraceDays(), d.pointsExpiryMonths(), new dev.hearth.program.PerkCatalogue(
                                    d.perks().tierPrivileges(), d.perks().tagRules(), Map.of(1,
                                            d.perks().routine().get(1)))));
                    String m = Invoke.newMember(p);
                    ok("schedule-perk", event("programId", p, "perkId", "later", "perk",
                            event("kind", "GIFT", "title", "Later"), "audience", event("memberId", m), "deliverAt",
                            java.time.Instant.now().plusSeconds(60).toString()));
                    TestClock.advance(Duration.ofMinutes(5));
                    return event("programId", p, "run", "DAILY", "member", m);
                }, "schedule-perk", s -> {
                    JsonPath run = ok("schedule-perk", s.request());
                    assertTrue(run.getBoolean("daily.complete"), run.prettify());
                    assertEquals("DELIVERED", status(Invoke.member(s.programId(), s.member()), "later"));
                    assertEquals(1, events(s.programId(), s.member(), "later"));
                    TestClock.reset();
                }));
    }

    private String program() {
        return TestPrograms.copyOfDefault(programs, unique("faults")).programId();
    }

    private static Response post(String function, Map<String, Object> request) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return given().port(port).contentType(ContentType.JSON).body(request).post("/" + function);
    }

    private static String status(JsonPath member, String perkId) {
        String status = member.getString("perks.find { it.perkId == '" + perkId + "' }.status");
        assertNotNull(status, perkId + " is there");
        return status;
    }

    private static long events(String programId, String memberId, String perkId) {
        List<Map<String, Object>> events = Invoke.outbox(programId).getList("$");
        return events.stream().filter(e -> memberId.equals(e.get("memberId")) && perkId.equals(Invoke.detail(e).get("perkId")))
                .count();
    }
}
