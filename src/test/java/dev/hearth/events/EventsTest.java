package dev.hearth.events;

import static dev.hearth.testing.Invoke.award;
import static dev.hearth.testing.Invoke.detail;
import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.program.ProgramTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Members hear from Hearth: each event is written once, by the change that causes it, with that
 * change's facts (every one of them is also validated against its schema as it is written: see
 * SchemaCheck).
 */
@QuarkusTest
class EventsTest {

    @Inject
    ProgramTable programs;

    private String program() {
        return TestPrograms.copyOfDefault(programs, unique("events")).programId();
    }

    @Test
    void aJoinIsAnnouncedOnceWithItsFactsAndAnImportOnlyWhenItWelcomes() {
        String p = program();
        String inviter = Invoke.newMember(p);
        Map<String, Object> join = event("programId", p, "memberId", "xiaoyu", "displayName", "小雨", "channel", "INVITE",
                "invitedBy", inviter);
        ok("onboard-member", join);
        ok("onboard-member", join);
        List<Map<String, Object>> joined = Invoke.events(p, "xiaoyu", "MemberJoined");
        assertEquals(1, joined.size(), "a repeated join announces nothing more");
        Map<String, Object> detail = detail(joined.get(0));
        assertEquals("INVITE", detail.get("channel"));
        assertEquals(true, detail.get("invited"));
        assertEquals("MEMBER", detail.get("tier"));
        assertEquals(null, detail.get("importId"));
        assertFalse(joined.get(0).toString().contains("小雨"), "no name in an event an erasure would have to reach");
        assertEquals(1, Invoke.outbox(p).getList("findAll { it.type == 'MemberJoined' && it.memberId == '" + inviter
                + "' }").size());

        String joinedAt = Instant.now().minus(Duration.ofDays(90)).toString();
        ok("import-members", event("programId", p, "importId", "quiet", "members",
                List.of(event("memberId", "old-1", "displayName", "Old", "joinedAt", joinedAt))));
        ok("import-members", event("programId", p, "importId", "welcomed", "welcome", true, "members",
                List.of(event("memberId", "old-2", "displayName", "Old", "joinedAt", joinedAt))));
        assertEquals(0, Invoke.events(p, "old-1", "MemberJoined").size(), "no welcome fuss for an import without welcome");
        List<Map<String, Object>> welcomed = Invoke.events(p, "old-2", "MemberJoined");
        assertEquals(1, welcomed.size());
        assertEquals("welcomed", detail(welcomed.get(0)).get("importId"));
        assertEquals("IMPORT", detail(welcomed.get(0)).get("channel"));
        assertEquals(joinedAt, detail(welcomed.get(0)).get("joinedAt"));
    }

    @Test
    void aTierMoveIsAnnouncedOnceWithWhyAndThePrivilegesGivenOrTaken() {
        String p = program();
        String m = Invoke.newMember(p);
        award(p, m, "small", "PURCHASE", "amountFen", 10_000);
        assertEquals(0, Invoke.events(p, m, "TierChanged").size(), "no move, no event");
        award(p, m, "big", "PURCHASE", "amountFen", 60_000);
        award(p, m, "big", "PURCHASE", "amountFen", 60_000);
        List<Map<String, Object>> moves = Invoke.events(p, m, "TierChanged");
        assertEquals(1, moves.size(), "a repeated activity announces nothing more");
        Map<String, Object> up = detail(moves.get(0));
        assertEquals(Map.of("from", "MEMBER", "to", "FAN", "direction", "UP", "why", "QUALIFIED"), Map.of("from",
                up.get("from"), "to", up.get("to"), "direction", up.get("direction"), "why", up.get("why")));
        assertEquals("Fan", up.get("toName"));
        assertEquals(List.of("tier.fan.early-access", "tier.fan.study-material"), perkIds(up.get("privilegesGiven")));
        assertEquals(List.of(), up.get("privilegesTaken"));

        // A refund inside the return window takes the tier back: announced with what it took.
        award(p, m, "big-back", "REFUND", "refundOf", "big");
        moves = Invoke.events(p, m, "TierChanged");
        assertEquals(2, moves.size());
        Map<String, Object> down = detail(moves.get(0)); // newest first
        assertEquals("DOWN", down.get("direction"));
        assertEquals("REFUNDED_IN_RETURN_WINDOW", down.get("why"));
        assertEquals("FAN", down.get("from"));
        assertEquals("MEMBER", down.get("to"));
        assertEquals(List.of("tier.fan.early-access", "tier.fan.study-material"), perkIds(down.get("privilegesTaken")));
        assertFalse(moves.get(0).get("eventId").equals(moves.get(1).get("eventId")));
    }

    @Test
    void aTierLostAfterTheGraceIsAnnouncedByTheReviewOnce() {
        String p = program();
        String m = Invoke.newMember(p);
        Instant longAgo = Instant.now().minus(Duration.ofDays(20));
        award(p, m, "old", "PURCHASE", "amountFen", 60_000, "occurredAt", longAgo.toString());
        award(p, m, "old-back", "REFUND", "refundOf", "old"); // outside the return window: grace starts
        assertEquals(1, Invoke.events(p, m, "TierChanged").size(), "only the way up so far");
        TestClock.advance(Duration.ofDays(40));
        try {
            ok("evaluate-tier", event("programId", p, "memberId", m));
            ok("evaluate-tier", event("programId", p, "memberId", m));
        } finally {
            TestClock.reset();
        }
        List<Map<String, Object>> moves = Invoke.events(p, m, "TierChanged");
        assertEquals(2, moves.size(), "the review announces the downgrade once");
        Map<String, Object> down = detail(moves.get(0));
        assertEquals("GRACE_ENDED", down.get("why"));
        assertEquals("DOWN", down.get("direction"));
        assertEquals("MEMBER", down.get("to"));
        assertTrue(((List<?>) down.get("privilegesTaken")).isEmpty(), "privileges kept: a lapse is not a reversal");
    }

    @Test
    void pointsPastTheirDateAreAnnouncedOnceByTheReviewThatTakesThem() {
        String p = program();
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        java.time.LocalDate old = today.minusMonths(12).plusDays(10);
        ok("import-members", event("programId", p, "importId", "lots", "members", List.of(event("memberId", "keeper",
                "displayName", "Keeper", "joinedAt", Instant.now().minus(Duration.ofDays(400)).toString(), "points",
                List.of(event("earnedOn", old.toString(), "points", 120), event("earnedOn", today.toString(),
                        "points", 80))))));
        ok("evaluate-tier", event("programId", p, "memberId", "keeper"));
        assertEquals(0, Invoke.events(p, "keeper", "PointsExpired").size(), "nothing past its date yet");
        TestClock.advance(Duration.ofDays(12));
        try {
            ok("evaluate-tier", event("programId", p, "memberId", "keeper"));
            ok("evaluate-tier", event("programId", p, "memberId", "keeper"));
        } finally {
            TestClock.reset();
        }
        List<Map<String, Object>> expired = Invoke.events(p, "keeper", "PointsExpired");
        assertEquals(1, expired.size(), "once, by the review that took them");
        assertEquals(Map.of("pointsExpired", 120, "pointsBalance", 80, "earnedOnOrBefore",
                today.plusDays(12).minusMonths(12).toString()), detail(expired.get(0)));
        assertEquals(80, Invoke.member(p, "keeper").getInt("pointsBalance"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> perkIds(Object privileges) {
        return ((List<Map<String, Object>>) privileges).stream().map(x -> (String) x.get("perkId")).sorted().toList();
    }
}
