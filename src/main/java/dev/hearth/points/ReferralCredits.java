package dev.hearth.points;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.DailyCounts;
import dev.hearth.ledger.Earning;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.ActivityType;
import dev.hearth.program.Program;
import dev.hearth.retention.Bookkeeping;
import dev.hearth.retention.StatsDelta;
import dev.hearth.squad.SquadDelta;
import dev.hearth.squad.SquadPulse;
import dev.hearth.tier.PrivilegeGrants;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * An inviter's credit for a successful referral, written into the transaction of the invitee's
 * join or first purchase: a ledger entry in Hearth's own namespace, once per invitee
 * (attribute_not_exists), counted against the inviter's daily referral cap, under the inviter's
 * version lock.
 */
@ApplicationScoped
public class ReferralCredits {

    private final MemberTable members;
    private final ActivityTable activities;
    private final PrivilegeGrants privileges;

    public ReferralCredits(MemberTable members, ActivityTable activities, PrivilegeGrants privileges) {
        this.members = members;
        this.activities = activities;
        this.privileges = privileges;
    }

    /**
     * Adds the inviter's credit to {@code writes}, its counters to {@code deltas} and its squads'
     * counters to {@code squadDeltas}; nothing if the inviter is gone.
     */
    public void credit(Program program, String inviterId, String inviteeId, Instant at, Instant now,
            List<TransactWriteItem> writes, Map<String, StatsDelta> deltas, Map<String, SquadDelta> squadDeltas) {
        // An inviter who is gone (erased) has nothing to be credited.
        members.find(program.programId(), inviterId).filter(inviter -> !inviter.erased())
                .ifPresent(inviter -> credit(program, inviter, inviteeId, at, now, writes, deltas, squadDeltas));
    }

    /** The same, for an inviter (not erased) the caller has just read: a join reads them to check the invitation. */
    public void credit(Program program, Member inviter, String inviteeId, Instant at, Instant now,
            List<TransactWriteItem> writes, Map<String, StatsDelta> deltas, Map<String, SquadDelta> squadDeltas) {
        String programId = program.programId();
        String inviterId = inviter.memberId;
        DailyCounts counts = AwardActivity.dayCounts(activities, program, inviter, ActivityType.REFERRAL, at);
        Earning.Recorded recorded = Earning.referral(program, inviter, inviteeId, at, counts, now);
        writes.add(activities.record(programId, inviterId, recorded.entry()));
        writes.addAll(AwardActivity.keepDayCounts(activities, programId, inviter, recorded.member(),
                recorded.dayCounts()));
        writes.addAll(privileges.afterChange(program, inviter.tier, recorded.member(), recorded.tierChange(), now));
        writes.addAll(members.update(recorded.member()));
        deltas.put(inviterId, Bookkeeping.forActivity(program, inviter, recorded.member(), recorded.entry()));
        squadDeltas.put(inviterId, SquadPulse.forActivity(inviter, recorded.member()));
    }
}
