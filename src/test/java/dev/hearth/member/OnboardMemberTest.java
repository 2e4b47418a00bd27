package dev.hearth.member;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.rejected;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hearth.testing.Invoke;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class OnboardMemberTest {

    private static final String P = "default";

    @Test
    void aNewMemberStartsAtTheEntryTierWithNothing() {
        String id = unique("m");
        JsonPath m = ok("onboard-member", event("programId", P, "memberId", id, "displayName", "山海 🌊 Ada",
                "channel", "QR", "tags", List.of("black-tea", "black-tea", "sleepless"), "squads", List.of("baking"),
                "joinedAt", "2026-11-01T02:00:00Z"));
        assertEquals("MEMBER", m.getString("tier"));
        assertEquals("成员", m.getString("tierLocalName"));
        assertEquals("山海 🌊 Ada", m.getString("displayName"));
        assertEquals(List.of("black-tea", "sleepless"), m.getList("tags"));
        assertEquals("2026-11-01T02:00:00Z", m.getString("joinedAt"));
        assertEquals(0, m.getLong("pointsBalance"));
        assertFalse(m.getBoolean("alreadyMember"));
        assertEquals("FAN", m.getString("progress.nextTier"));
        assertEquals(50_000, m.getLong("progress.missing[0].missing"));
    }

    @Test
    void joiningTwiceReturnsTheExistingMemberUnchanged() {
        String id = unique("m");
        ok("onboard-member", event("programId", P, "memberId", id, "displayName", "First", "channel", "STOREFRONT"));
        JsonPath again = ok("onboard-member", event("programId", P, "memberId", id, "displayName", "Second",
                "channel", "QR", "tags", List.of("x")));
        assertTrue(again.getBoolean("alreadyMember"));
        assertEquals("First", again.getString("displayName"));
        assertEquals("STOREFRONT", again.getString("channel"));
        assertEquals(List.of(), again.getList("tags"));
    }

    @Test
    void theInviterIsCreditedOncePerInvitee() {
        String inviter = Invoke.newMember(P);
        String invitee = unique("m");
        Object invitation = event("programId", P, "memberId", invitee, "displayName", "Invitee", "channel", "INVITE",
                "invitedBy", inviter);
        ok("onboard-member", invitation);
        ok("onboard-member", invitation);
        JsonPath credited = Invoke.member(P, inviter);
        assertEquals(1, credited.getLong("counters.referrals"));
        assertEquals(200, credited.getLong("pointsBalance"));
        assertEquals("REFERRAL", credited.getString("ledger[0].type"));
        assertEquals(invitee, credited.getString("ledger[0].withMemberId"));
        // Nobody can claim a referral: it comes only from an invitation Hearth recorded.
        rejected("award-points", event("programId", P, "memberId", inviter, "activityId", unique("a"), "type",
                "REFERRAL", "withMemberId", invitee), 400, "[400] INVALID_FIELD type: REFERRAL is not sent by clients");
        assertEquals(200, Invoke.member(P, inviter).getLong("pointsBalance"));
    }

    @Test
    void tenInviteesMakeAPartnerOnceSpendIsThere() {
        String inviter = Invoke.newMember(P);
        Invoke.award(P, inviter, "big-order", "PURCHASE", "amountFen", 200_000);
        // Five successful invitations a day count (the default cap): ten friends over two days.
        for (int i = 0; i < 10; i++) {
            ok("onboard-member", event("programId", P, "memberId", unique("m"), "displayName", "Friend " + i,
                    "channel", "INVITE", "invitedBy", inviter, "joinedAt",
                    java.time.Instant.now().minus(java.time.Duration.ofDays(i < 5 ? 2 : 1)).toString()));
        }
        JsonPath m = Invoke.member(P, inviter);
        assertEquals("PARTNER", m.getString("tier"));
        assertEquals(2000 + 10 * 200, m.getLong("pointsBalance"));
    }

    @Test
    void selfInvitationIsRejected() {
        String id = unique("m");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", "Me", "channel", "INVITE",
                "invitedBy", id), 400, "[400] SELF_REFERRAL invitedBy: ");
        rejected("get-member", event("programId", P, "memberId", id), 404, "[404] MEMBER_NOT_FOUND memberId: ");
    }

    @Test
    void anUnknownInviterIsRejectedAndNothingIsWritten() {
        String id = unique("m");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", "Me", "channel", "INVITE",
                "invitedBy", "nobody-" + id), 404, "[404] INVITER_NOT_FOUND invitedBy: ");
        rejected("get-member", event("programId", P, "memberId", id), 404, "[404] MEMBER_NOT_FOUND");
    }

    @Test
    void badEventsAreRejectedWithTheFieldAndTheProblem() {
        String id = unique("m");
        List<String> tooManyTags = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooManyTags.add("tag-" + i);
        }
        rejected("onboard-member", event("programId", P, "displayName", "x", "channel", "QR"), 400,
                "[400] MISSING_FIELD memberId: is required");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", "x", "channel", "FAX"), 400,
                "[400] INVALID_FIELD channel: must be one of INVITE, QR, STOREFRONT");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", "x", "channel", "INVITE"),
                400, "[400] MISSING_FIELD invitedBy: is required when channel is INVITE");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", "名".repeat(101),
                "channel", "QR"), 400, "[400] INVALID_FIELD displayName: must be at most 100 characters");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", "   ", "channel", "QR"),
                400, "[400] INVALID_FIELD displayName: must not be blank");
        rejected("onboard-member", event("programId", P, "memberId", "has space", "displayName", "x", "channel",
                "QR"), 400, "[400] INVALID_FIELD memberId: must not contain white space");
        rejected("onboard-member", event("programId", P, "memberId", "x".repeat(129), "displayName", "x",
                "channel", "QR"), 400, "[400] INVALID_FIELD memberId: must be at most 128 characters");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", "x", "channel", "QR",
                "tags", tooManyTags), 400, "[400] INVALID_FIELD tags: must have at most 50 entries");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", "x", "channel", "QR",
                "tags", List.of("ok", 7)), 400, "[400] INVALID_FIELD tags[1]: must be a string");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", "x", "channel", "QR",
                "squads", "baking"), 400, "[400] INVALID_FIELD squads: must be an array of strings");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", 42, "channel", "QR"), 400,
                "[400] INVALID_FIELD displayName: must be a string, got a whole number");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", "x", "channel", "QR",
                "joinedAt", "2099-01-01T00:00:00Z"), 400, "[400] INVALID_FIELD joinedAt: is in the future");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", "x", "channel", "QR",
                "joinedAt", "yesterday"), 400, "[400] INVALID_FIELD joinedAt: must be an ISO-8601 instant");
        rejected("onboard-member", event("programId", P, "memberId", id, "displayName", "x", "channel", "QR",
                "nickname", "y"), 400, "[400] UNKNOWN_FIELD nickname: is not a field of onboard-member");
        rejected("onboard-member", event("programId", "no-such-program", "memberId", id, "displayName", "x",
                "channel", "QR"), 404, "[404] PROGRAM_NOT_FOUND programId: ");
        rejected("onboard-member", "[1, 2]", 400, "[400] INVALID_EVENT");
        rejected("onboard-member", "{\"programId\": ", 400, "[400] MALFORMED_JSON");
        rejected("get-member", event("programId", P, "memberId", id), 404, "[404] MEMBER_NOT_FOUND");
    }
}
