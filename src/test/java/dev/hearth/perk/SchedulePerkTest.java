package dev.hearth.perk;

import static dev.hearth.testing.Invoke.award;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hearth.events.OutboxTable;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.DefaultProgram;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramTable;
import dev.hearth.squad.SquadTable;
import dev.hearth.testing.TestPrograms;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** schedule-perk against DynamoDB Local: grants to every audience, the daily run, changes, the outbox. */
@QuarkusTest
class SchedulePerkTest {

    /**
     * A purchase refunded after the return window lapses its tier into the grace period; one refunded
     * inside the window takes it back at once (FairPlayTest).
     */
    private static final String BEFORE_RETURN_WINDOW = java.time.Instant.now()
            .minus(java.time.Duration.ofDays(20)).toString();

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Map<String, Object> TEA = event("kind", "SAMPLE", "title", "Jin Jun Mei sample", "note",
            "清风大哥, 这是我们从福建茶农那里找到的私房茶");

    @Inject
    ProgramTable programs;
    @Inject
    SquadTable squads;
    @Inject
    MemberTable members;
    @Inject
    OutboxTable outbox;
    /** The perks stream's deliveries, copied into the outbox before it is read here directly (not through its route). */
    @Inject
    dev.hearth.local.LocalStreams streams;
    @Inject
    software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo;
    @Inject
    dev.hearth.config.TableNames tables;

    @AfterEach
    void putTheClockBack() {
        TestClock.reset();
    }

    /** A copy of the default program (its catalogue included) under a new id, so audiences are this test's own. */
    private String program() {
        return program(DefaultProgram.create().downgradeGraceDays());
    }

    private String program(int graceDays) {
        Program d = DefaultProgram.create();
        String id = unique("perks");
        programs.put(new Program(id, d.name(), d.timeZone(), d.currency(), d.tiers(), d.earning(), graceDays,
                d.pointsExpiryMonths(), d.perks()));
        TestPrograms.seedDefaultSquads(squads, id);
        return id;
    }

    private static String join(String programId, Object... more) {
        String memberId = unique("m");
        Map<String, Object> e = event("programId", programId, "memberId", memberId, "displayName", "会员",
                "channel", "STOREFRONT");
        e.putAll(event(more));
        ok("onboard-member", e);
        return memberId;
    }

    private static JsonPath grant(String programId, String perkId, Map<String, Object> audience, Object... more) {
        Map<String, Object> e = event("programId", programId, "perkId", perkId, "perk", TEA, "audience", audience);
        e.putAll(event(more));
        return ok("schedule-perk", e);
    }

    private static JsonPath daily(String programId, Object... more) {
        Map<String, Object> e = event("programId", programId, "run", "DAILY");
        e.putAll(event(more));
        return ok("schedule-perk", e);
    }

    /** A member's perks as get-member shows them: perkId -> status. */
    private static Map<String, String> perks(String programId, String memberId) {
        List<Map<String, Object>> perks = Invoke.member(programId, memberId).getList("perks");
        return perks.stream().collect(Collectors.toMap(p -> (String) p.get("perkId"), p -> (String) p.get("status")));
    }

    /** The outbox's events for one perkId, as memberIds. */
    private static List<String> events(String programId, String perkId) {
        List<Map<String, Object>> events = Invoke.outbox(programId).getList("$");
        return events.stream().filter(e -> perkId.equals(Invoke.detail(e).get("perkId"))).map(e -> (String) e.get("memberId"))
                .sorted().toList();
    }

    @Test
    void aGrantToOneMemberIsDeliveredAtOnceWithOneEventAndARepeatChangesNothing() {
        String p = program();
        String m = join(p);
        JsonPath first = grant(p, "tea-for-m", event("memberId", m));
        assertTrue(first.getBoolean("grant.complete"));
        assertEquals(1, first.getLong("grant.granted"));
        assertEquals(1, first.getLong("grant.delivered"));
        assertFalse(first.getBoolean("grant.duplicate"));

        JsonPath again = grant(p, "tea-for-m", event("memberId", m));
        assertTrue(again.getBoolean("grant.duplicate"));
        assertEquals(1, again.getLong("grant.granted"));
        assertEquals(List.of(m), events(p, "tea-for-m"));
        Map<String, Object> event = Invoke.outbox(p).<Map<String, Object>>getList("$").stream()
                .filter(e -> "tea-for-m".equals(Invoke.detail(e).get("perkId"))).findFirst().orElseThrow();
        assertEquals("PerkDelivered", event.get("type"));
        assertEquals("清风大哥, 这是我们从福建茶农那里找到的私房茶", Invoke.detail(event).get("note"));

        JsonPath member = Invoke.member(p, m);
        Map<String, Object> perk = member.<Map<String, Object>>getList("perks").stream()
                .filter(x -> x.get("perkId").equals("tea-for-m")).findFirst().orElseThrow();
        assertEquals("DELIVERED", perk.get("status"));
        assertEquals("清风大哥, 这是我们从福建茶农那里找到的私房茶", perk.get("note"));
        assertEquals(List.of("SCHEDULED", "DELIVERED"), ((List<Map<String, Object>>) perk.get("history")).stream()
                .map(h -> h.get("status")).toList());
        // The same perkId for another request is a conflict, not a second grant.
        rejected("schedule-perk", event("programId", p, "perkId", "tea-for-m", "perk", TEA, "audience",
                event("tag", "black-tea")), 409, "[409] PERK_ID_IN_USE perkId");
    }

    @Test
    void everyAudienceKindReachesExactlyItsMembers() {
        String p = program();
        Instant now = Instant.now();
        String fan = join(p, "tags", List.of("black-tea"));
        award(p, fan, "o-1", "PURCHASE", "amountFen", 60_000);
        String baker = join(p, "squads", List.of("baking"), "tags", List.of("sleepless"));
        String silent = join(p, "joinedAt", now.minus(Duration.ofDays(20)).toString());
        String thirdDay = join(p, "joinedAt", LocalDate.now(SHANGHAI).minusDays(2).atTime(12, 0).atZone(SHANGHAI)
                .toInstant().toString());
        String fresh = join(p, "tags", List.of("east-china"));

        Map<String, Set<String>> expected = Map.of(
                "tier", Set.of(fan),
                "tag", Set.of(fan),
                "squad", Set.of(baker),
                "silentDays", Set.of(silent),
                "firstWeekDay", Set.of(thirdDay),
                "memberId", Set.of(fresh));
        Map<String, Object> values = Map.of("tier", "FAN", "tag", "black-tea", "squad", "baking", "silentDays", 10,
                "firstWeekDay", 3, "memberId", fresh);
        for (String kind : expected.keySet()) {
            String perkId = "perk-" + kind;
            JsonPath r = grant(p, perkId, event(kind, values.get(kind)));
            assertTrue(r.getBoolean("grant.complete"), kind);
            assertEquals(expected.get(kind).size(), r.getLong("grant.granted"), kind);
            Set<String> holders = new TreeSet<>();
            for (String m : List.of(fan, baker, silent, thirdDay, fresh)) {
                if (perks(p, m).containsKey(perkId)) {
                    holders.add(m);
                }
            }
            assertEquals(new TreeSet<>(expected.get(kind)), holders, kind);
            assertEquals(new ArrayList<>(new TreeSet<>(expected.get(kind))), events(p, perkId), kind);
        }
    }

    @Test
    void aScheduledPerkIsDeliveredByTheDailyRunOfItsDayAndExpiresAfterItsExpiry() {
        String p = program();
        String m = join(p);
        Instant now = Instant.now();
        JsonPath g = grant(p, "salon", event("memberId", m), "deliverAt", now.plus(Duration.ofDays(2)).toString(),
                "expiresAt", now.plus(Duration.ofDays(5)).toString());
        assertEquals(0, g.getLong("grant.delivered"));
        assertEquals("SCHEDULED", perks(p, m).get("salon"));
        assertEquals(0, daily(p).getInt("daily.delivered"));
        assertEquals("SCHEDULED", perks(p, m).get("salon"));

        TestClock.advance(Duration.ofDays(2).plusMinutes(1));
        JsonPath due = daily(p);
        assertEquals(1, due.getInt("daily.delivered"), due.prettify());
        assertEquals("DELIVERED", perks(p, m).get("salon"));
        assertEquals(List.of(m), events(p, "salon"));
        JsonPath rerun = daily(p);
        assertEquals(0, rerun.getInt("daily.delivered"), "re-running a day changes nothing");
        assertEquals(0, rerun.getInt("daily.expired"));
        assertEquals(List.of(m), events(p, "salon"));

        TestClock.advance(Duration.ofDays(3));
        // The salon, and the routine's day-3 offers (valid for 2 days) with it.
        assertEquals(3, daily(p).getInt("daily.expired"));
        assertEquals("EXPIRED", perks(p, m).get("salon"));
        rejected("schedule-perk", event("programId", p, "memberId", m, "perkId", "salon", "action", "REDEEM"), 409,
                "[409] PERK_NOT_REDEEMABLE perkId");
        assertEquals(0, daily(p).getInt("daily.expired"));
    }

    /** A perk's item as stored, to see whether it carries its delivery's event. */
    private Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> perkItem(String p, String m,
            String perkId) {
        return dynamo.getItem(r -> r.tableName(tables.perks()).consistentRead(true).key(PerkTable.key(p, m, perkId)))
                .item();
    }

    /**
     * A delivery is one conditional Put of the perk carrying its PerkDelivered event: no outbox item,
     * no transaction. The perks stream announces it (locally: copied into the outbox, as the pipe puts
     * it on the bus) once: the perk's later writes leave the event out, and handing the stream on
     * again announces nothing twice.
     */
    @Test
    void aDeliveryIsOnePutOfThePerkCarryingItsEventWhichTheStreamAnnouncesOnce() {
        String p = program();
        String m = join(p);
        List<Object> requests = dev.hearth.dynamodb.CallRecorder.requestsOf(() -> grant(p, "tea-now", event("memberId", m)));
        List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> perkWrites = requests.stream()
                .filter(r -> r instanceof software.amazon.awssdk.services.dynamodb.model.PutItemRequest put
                        && put.item().get("sk").s().startsWith("P#"))
                .map(r -> ((software.amazon.awssdk.services.dynamodb.model.PutItemRequest) r).item()).toList();
        assertEquals(1, perkWrites.size(), "one write of the perk");
        assertTrue(requests.stream().noneMatch(r -> r.toString().contains(tables.outbox())
                || r instanceof software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest), requests.toString());
        dev.hearth.events.HearthEvent carried = OutboxTable.fromItem(perkWrites.get(0));
        assertEquals("PerkDelivered", carried.type());
        assertEquals("PerkDelivered", perkWrites.get(0).get(OutboxTable.TYPE).s());
        assertEquals(m, carried.memberId());
        assertEquals("tea-now", carried.detail().get("perkId"));
        assertEquals(List.of(m), events(p, "tea-now"));
        assertEquals(0, streams.announcePerks(), "the stream handed on again announces nothing twice");
        assertEquals(carried.eventId(), Invoke.outbox(p).<Map<String, Object>>getList("$").stream()
                .filter(e -> "tea-now".equals(Invoke.detail(e).get("perkId"))).findFirst().orElseThrow().get("eventId"));

        // Scheduled: written without an event; the daily run's delivery carries it; a redemption drops it.
        grant(p, "salon-later", event("memberId", m), "deliverAt", Instant.now().plus(Duration.ofDays(1)).toString());
        assertFalse(perkItem(p, m, "salon-later").containsKey(OutboxTable.ENVELOPE));
        assertTrue(events(p, "salon-later").isEmpty());
        TestClock.advance(Duration.ofDays(1).plusMinutes(1));
        assertEquals(1, daily(p).getInt("daily.delivered"));
        assertEquals("PerkDelivered", OutboxTable.fromItem(perkItem(p, m, "salon-later")).type());
        ok("schedule-perk", event("programId", p, "memberId", m, "perkId", "salon-later", "action", "REDEEM"));
        assertFalse(perkItem(p, m, "salon-later").containsKey(OutboxTable.ENVELOPE), "a later change leaves the event out");
        assertFalse(perkItem(p, m, "salon-later").containsKey(OutboxTable.TYPE));
        assertEquals(List.of(m), events(p, "salon-later"));
    }

    @Test
    void aDeliveredPerkIsRedeemedOnceAndAScheduledOneCancelledIsNeverDelivered() {
        String p = program();
        String m = join(p);
        grant(p, "coupon", event("memberId", m));
        JsonPath redeemed = ok("schedule-perk", event("programId", p, "memberId", m, "perkId", "coupon", "action",
                "REDEEM"));
        assertTrue(redeemed.getBoolean("changed"));
        assertEquals("REDEEMED", redeemed.getString("perk.status"));
        JsonPath again = ok("schedule-perk", event("programId", p, "memberId", m, "perkId", "coupon", "action",
                "REDEEM"));
        assertFalse(again.getBoolean("changed"));
        assertEquals(redeemed.getList("perk.history"), again.getList("perk.history"));
        rejected("schedule-perk", event("programId", p, "memberId", m, "perkId", "coupon", "action", "CANCEL"), 409,
                "[409] PERK_NOT_CANCELLABLE perkId");

        grant(p, "later", event("memberId", m), "deliverAt", Instant.now().plus(Duration.ofDays(1)).toString());
        assertEquals("CANCELLED", ok("schedule-perk", event("programId", p, "memberId", m, "perkId", "later",
                "action", "CANCEL")).getString("perk.status"));
        TestClock.advance(Duration.ofDays(2));
        assertEquals(0, daily(p).getInt("daily.delivered"));
        assertEquals("CANCELLED", perks(p, m).get("later"));
        assertTrue(events(p, "later").isEmpty(), "no event for a perk that was not delivered");
        rejected("schedule-perk", event("programId", p, "memberId", m, "perkId", "nope", "action", "REDEEM"), 404,
                "[404] PERK_NOT_FOUND perkId");
    }

    @Test
    void theRoutineGivesEachOfTheFirstSevenDaysItsStepAndTheEighthNothing() {
        String p = program();
        Program program = programs.find(p).orElseThrow();
        String m = join(p);
        Set<String> expected = new TreeSet<>();
        for (int day = 1; day <= 8; day++) {
            if (day > 1) {
                TestClock.advance(Duration.ofDays(1));
                JsonPath run = daily(p);
                assertEquals(day <= 7 ? program.perks().routine().get(day).size() : 0, run.getInt("daily.routinePerks"),
                        "day " + day);
                assertEquals(0, daily(p).getInt("daily.routinePerks"), "re-running day " + day + " gives nothing");
            }
            if (day <= 7) {
                program.perks().routine().get(day).forEach(c -> expected.add(c.perkId()));
            }
            Set<String> routine = perks(p, m).keySet().stream().filter(id -> id.startsWith("routine."))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, routine, "day " + day);
        }
        for (String perkId : expected) {
            assertEquals(List.of(m), events(p, perkId), perkId);
        }
    }

    @Test
    void tierPrivilegesAreGivenOnceAcrossUpgradeDowngradeAndUpgradeAgain() {
        String p = program(0);
        String m = join(p);
        award(p, m, "o-1", "PURCHASE", "amountFen", 50_000, "occurredAt", BEFORE_RETURN_WINDOW);
        assertEquals("FAN", Invoke.member(p, m).getString("tier"));
        Set<String> fanPerks = Set.of("tier.fan.early-access", "tier.fan.study-material");
        assertTrue(perks(p, m).keySet().containsAll(fanPerks));

        award(p, m, "r-1", "REFUND", "refundOf", "o-1", "amountFen", 10_000);
        assertEquals("DOWNGRADED", ok("evaluate-tier", event("programId", p, "memberId", m)).getString("member.change"));
        award(p, m, "o-2", "PURCHASE", "amountFen", 20_000);
        assertEquals("FAN", Invoke.member(p, m).getString("tier"));
        for (String perkId : fanPerks) {
            assertEquals(List.of(m), events(p, perkId), perkId + " given once");
        }
        assertEquals(2, perks(p, m).keySet().stream().filter(id -> id.startsWith("tier.")).count());
    }

    @Test
    void tagRulesGiveTheirPerksOnJoining() {
        String p = program();
        String m = join(p, "tags", List.of("black-tea", "sleepless"));
        Map<String, String> perks = perks(p, m);
        assertEquals("DELIVERED", perks.get("tag.black-tea.jin-jun-mei"));
        assertEquals("DELIVERED", perks.get("tag.sleepless.lavender"));
        assertEquals("DELIVERED", perks.get("routine.day-1.welcome"));
        String plain = join(p);
        assertFalse(perks(p, plain).containsKey("tag.black-tea.jin-jun-mei"));
    }

    /** 1,000 in the suite; the proof profile ({@code ./mvnw verify -Pproof}) fans out to 20,000. */
    private static final int FAN_OUT = Integer.getInteger("proof.fan-out", 1_000);

    @Test
    void aFanOutOverThousandsOfMembersCompletesInPagesAndGivesNobodyTwice() {
        String p = program();
        int size = FAN_OUT;
        int limit = size * 3 / 10;
        List<Member> community = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Member m = new Member();
            m.programId = p;
            m.memberId = String.format("bulk-%05d", i);
            m.displayName = m.memberId;
            m.channel = "QR";
            m.joinedAt = Instant.now().minus(Duration.ofDays(40));
            m.joinedDay = m.joinedAt.atZone(SHANGHAI).toLocalDate();
            m.tier = "MEMBER";
            m.tags = new ArrayList<>(i % 2 == 0 ? List.of("night-owl") : List.of());
            m.markActive(m.joinedDay);
            community.add(m);
        }
        members.putAll(community);

        long started = System.nanoTime();
        JsonPath first = grant(p, "owl-lamp", event("tier", "MEMBER"), "limit", limit);
        assertFalse(first.getBoolean("grant.complete"));
        assertEquals(limit, first.getLong("grant.membersExamined"));
        assertEquals(limit, first.getLong("grant.granted"));
        // The schedule's run carries the grant on ...
        JsonPath run = daily(p, "limit", limit);
        assertEquals(1, run.getInt("daily.grantsContinued"));
        // ... and a re-delivered request finishes it, giving nobody a second perk.
        JsonPath last = grant(p, "owl-lamp", event("tier", "MEMBER"));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(last.getBoolean("grant.complete"));
        assertTrue(last.getBoolean("grant.duplicate"));
        assertEquals(size, last.getLong("grant.membersExamined"));
        assertEquals(size, last.getLong("grant.granted"));
        assertEquals(0, last.getLong("grant.alreadyHad"));
        assertTrue(last.getInt("grant.pages") >= size / 100, "pages of at most 100: " + last.getInt("grant.pages"));
        streams.announcePerks();
        List<String> delivered = outbox.latest(p, 3 * size).stream().filter(e -> "owl-lamp".equals(e.detail().get("perkId")))
                .map(e -> e.memberId()).toList();
        assertEquals(size, delivered.size());
        assertEquals(size, new TreeSet<>(delivered).size());
        System.out.printf("fan-out: %,d members in %d pages, %.1f s, %.0f members/s%n", size,
                last.getInt("grant.pages"), seconds, size / seconds);

        JsonPath repeat = grant(p, "owl-lamp", event("tier", "MEMBER"));
        assertEquals(size, repeat.getLong("grant.granted"));
        streams.announcePerks();
        assertEquals(size, outbox.latest(p, 3 * size).stream().filter(e -> "owl-lamp".equals(e.detail().get("perkId"))).count());

        JsonPath tagged = grant(p, "owl-tea", event("tag", "night-owl"));
        assertEquals(size, tagged.getLong("grant.membersExamined"));
        assertEquals(size / 2, tagged.getLong("grant.granted"));
    }

    @Test
    void badRequestsAreNamedAndChangeNothing() {
        String p = program();
        String m = join(p);
        Map<String, Object> one = event("memberId", m);
        rejected("schedule-perk", event("programId", p, "perkId", "x", "audience", one), 400,
                "[400] MISSING_FIELD perk: is required");
        rejected("schedule-perk", event("programId", p, "perkId", "x", "perk", event("kind", "HUG", "title", "t"),
                "audience", one), 400, "[400] INVALID_FIELD perk.kind: must be one of");
        rejected("schedule-perk", event("programId", p, "perkId", "x", "perk", event("kind", "GIFT", "title", "t",
                "colour", "red"), "audience", one), 400, "[400] UNKNOWN_FIELD perk.colour");
        rejected("schedule-perk", event("programId", p, "perkId", "x", "perk", TEA, "audience",
                event("tag", "a", "squad", "b")), 400, "[400] INVALID_FIELD audience: must name exactly one");
        rejected("schedule-perk", event("programId", p, "perkId", "x", "perk", TEA, "audience",
                event("silentDays", 0)), 400, "[400] INVALID_FIELD audience.silentDays: must be from 1 to 365");
        rejected("schedule-perk", event("programId", p, "perkId", "x", "perk", TEA, "audience",
                event("firstWeekDay", 8)), 400, "[400] INVALID_FIELD audience.firstWeekDay: must be from 1 to 7");
        rejected("schedule-perk", event("programId", p, "perkId", "x", "perk", TEA, "audience",
                event("tier", "GOLD")), 400, "[400] INVALID_FIELD audience.tier: no tier GOLD");
        rejected("schedule-perk", event("programId", p, "perkId", "x", "perk", TEA, "audience",
                event("memberId", "ghost")), 404, "[404] MEMBER_NOT_FOUND audience.memberId");
        rejected("schedule-perk", event("programId", p, "perkId", "x", "perk", TEA, "audience",
                event("squad", "no-such-squad")), 404, "[404] SQUAD_NOT_FOUND audience.squad: no squad no-such-squad");
        rejected("schedule-perk", event("programId", p, "perkId", "x", "perk", TEA, "audience", one,
                "deliverAt", Instant.now().plus(Duration.ofDays(2)).toString(), "expiresAt",
                Instant.now().plus(Duration.ofDays(1)).toString()), 400,
                "[400] INVALID_FIELD expiresAt: must be after the perk is delivered");
        rejected("schedule-perk", event("programId", p, "perkId", "tier.fan.early-access", "perk", TEA, "audience",
                one), 409, "[409] PERK_ID_IN_USE perkId");
        rejected("schedule-perk", event("programId", p, "run", "WEEKLY"), 400, "[400] INVALID_FIELD run");
        rejected("schedule-perk", event("programId", p, "run", "DAILY", "date", "2099-01-01"), 400,
                "[400] INVALID_FIELD date: is in the future");
        rejected("schedule-perk", event("programId", p, "run", "DAILY", "perkId", "x"), 400,
                "[400] INVALID_FIELD perkId: is not used by the daily run");
        rejected("schedule-perk", event("programId", p, "memberId", m, "perkId", "x", "action", "USE"), 400,
                "[400] INVALID_FIELD action");
        rejected("schedule-perk", event("programId", "nowhere", "perkId", "x", "perk", TEA, "audience", one), 404,
                "[404] PROGRAM_NOT_FOUND programId");
        assertEquals(Set.of("routine.day-1.welcome"), perks(p, m).keySet(), "nothing was granted");
    }
}
