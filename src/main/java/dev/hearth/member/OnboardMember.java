package dev.hearth.member;

import dev.hearth.edge.EventFields;
import dev.hearth.program.Programs;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.Member;
import dev.hearth.perk.Perk;
import dev.hearth.program.Program;
import dev.hearth.perk.MemberPerks;
import io.quarkus.funqy.Funq;

/**
 * A customer joins a program: the member is created once, the inviter credited once, and the
 * seven-day routine starts (day 1's perks, and the perks the member's tags call for, delivered).
 */
public class OnboardMember {

    /** How a member found the community. */
    enum Channel {
        INVITE, QR, STOREFRONT
    }

    static final int MAX_TAGS = 50;
    static final int MAX_SQUADS = 20;
    static final int MAX_LABEL_LENGTH = 64;
    static final int MAX_NAME_LENGTH = 100;

    private final Programs programs;
    private final JoinMember joins;
    private final MemberPerks memberPerks;
    private final Clock clock;

    public OnboardMember(Programs programs, JoinMember joins, MemberPerks memberPerks, Clock clock) {
        this.programs = programs;
        this.joins = joins;
        this.memberPerks = memberPerks;
        this.clock = clock;
    }

    @Funq("onboard-member")
    public MemberView onboard(JsonNode event) {
        Instant now = clock.instant();
        EventFields fields = EventFields.of(event, "onboard-member", "programId", "memberId", "displayName",
                "invitedBy", "channel", "tags", "squads", "joinedAt");
        String programId = fields.requiredId("programId");
        Member candidate = new Member();
        candidate.programId = programId;
        candidate.memberId = fields.requiredId("memberId");
        candidate.displayName = fields.requiredText("displayName", MAX_NAME_LENGTH);
        candidate.channel = fields.requiredEnum("channel", EnumSet.allOf(Channel.class)).name();
        candidate.invitedBy = fields.optionalId("invitedBy");
        candidate.tags = fields.optionalTextList("tags", MAX_TAGS, MAX_LABEL_LENGTH);
        candidate.squads = fields.optionalTextList("squads", MAX_SQUADS, MAX_LABEL_LENGTH);
        Instant joinedAt = fields.optionalPastInstant("joinedAt", now);
        candidate.joinedAt = joinedAt == null ? now : joinedAt;
        if (candidate.memberId.equals(candidate.invitedBy)) {
            throw new HearthException(ErrorCode.SELF_REFERRAL, "invitedBy", "a member cannot invite themselves");
        }
        if (candidate.channel.equals(Channel.INVITE.name()) && candidate.invitedBy == null) {
            throw new HearthException(ErrorCode.MISSING_FIELD, "invitedBy", "is required when channel is INVITE");
        }
        Program program = programs.require(programId);
        candidate.tier = program.entryTier().id();
        candidate.tierReachedAt = candidate.joinedAt;
        candidate.lastActiveAt = candidate.joinedAt;
        candidate.joinedDay = candidate.joinedAt.atZone(program.timeZone()).toLocalDate();
        candidate.markActive(candidate.joinedDay);
        JoinMember.Join join = joins.join(program, candidate, now);
        List<Perk> perks = join.alreadyMember() ? memberPerks.ofMember(programId, candidate.memberId) : join.perks();
        return MemberView.of(program, join.member(), null, GetMember.shown(perks, now), join.alreadyMember());
    }
}
