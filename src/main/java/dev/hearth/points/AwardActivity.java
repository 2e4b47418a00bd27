package dev.hearth.points;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.dynamodb.Transactions;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.Activity;
import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.CapCounts;
import dev.hearth.ledger.DailyCounts;
import dev.hearth.ledger.Earning;
import dev.hearth.ledger.LedgerEntry;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.ActivityType;
import dev.hearth.program.Program;
import dev.hearth.retention.Bookkeeping;
import dev.hearth.retention.StatsDelta;
import dev.hearth.retention.StatsTable;
import dev.hearth.squad.SquadDelta;
import dev.hearth.squad.SquadPulse;
import dev.hearth.squad.SquadTable;
import dev.hearth.tier.PrivilegeGrants;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * award-points' use case: records one activity exactly once. The member (under an optimistic lock
 * on its version), the ledger entry (only if its activityId is new), the day's capped counts, the
 * privileges or cancellations a tier change calls for, the inviter's credit on a first purchase
 * and the squad counters are written in one transaction; a lost race is decided again from a
 * fresh read, so concurrent awards never lose points and a repeated activityId never counts twice.
 * The retention counters the activity moves are stored on its entry, and the activities stream
 * folds them into the stats table exactly once (retention/CounterFold).
 */
@ApplicationScoped
public class AwardActivity {

    private final Transactions transactions;
    private final MemberTable members;
    private final ActivityTable activities;
    private final PrivilegeGrants privileges;
    private final ReferralCredits referrals;
    private final SquadTable squads;

    public AwardActivity(Transactions transactions, MemberTable members, ActivityTable activities,
            PrivilegeGrants privileges, ReferralCredits referrals, SquadTable squads) {
        this.squads = squads;
        this.transactions = transactions;
        this.members = members;
        this.activities = activities;
        this.privileges = privileges;
        this.referrals = referrals;
    }

    /** The entry recorded for an activity, and whether it had been recorded before this call. */
    public record Award(Member member, LedgerEntry entry, boolean duplicate) {
    }

    public Award award(Program program, String memberId, Activity activity, Instant now) {
        String programId = program.programId();
        Transactions.Attempts attempts = transactions.attempts("award " + activity.activityId(), members.tableName());
        // No read of the ledger entry first: the transaction writes it only if its activityId is new,
        // so a repeat fails it and is answered from the stored entry then. A refund is the exception:
        // its repeat must be told from a second refund of the purchase before the rules reject that.
        boolean lookForPrior = activity.type() == ActivityType.REFUND;
        while (true) {
            if (lookForPrior) {
                Optional<LedgerEntry> prior = activities.find(programId, memberId, activity.activityId());
                if (prior.isPresent()) {
                    return new Award(member(programId, memberId, "memberId"), prior.get(), true);
                }
            }
            lookForPrior = true;
            // The member first, then the day's counts: a later change of either moves the member's version.
            Member member = member(programId, memberId, "memberId");
            LedgerEntry purchase = null;
            boolean newConnection = false;
            if (activity.type() == ActivityType.REFUND) {
                // A purchase of an erased earlier membership of the id is not this member's to refund.
                purchase = Earning.refundable(activities.find(programId, memberId, activity.refundOf())
                        .filter(p -> member.recordedInThisMembership(p.recordedAt())), memberId, activity.refundOf());
                members.readAllLots(member); // its points are taken back from the purchase's lot
            } else if (activity.type() == ActivityType.INTERACTION) {
                member(programId, activity.withMemberId(), "withMemberId");
                newConnection = !activities.hasConnection(programId, memberId, activity.withMemberId());
            }
            DailyCounts counts = dayCounts(activities, program, member, activity.type(), activity.occurredAt());
            Earning.Recorded recorded = Earning.record(program, member, activity, purchase, newConnection, counts, now);
            Member after = recorded.member();
            List<TransactWriteItem> writes = new ArrayList<>();
            Map<String, StatsDelta> deltas = new HashMap<>();
            Map<String, SquadDelta> squadDeltas = new HashMap<>();
            writes.addAll(keepDayCounts(activities, programId, member, after, recorded.dayCounts()));
            writes.addAll(privileges.afterChange(program, member.tier, after, recorded.tierChange(), now));
            if (purchase != null) {
                writes.add(activities.markRefunded(programId, memberId, purchase.activityId(), activity.activityId()));
            }
            if (newConnection) {
                writes.add(activities.mark(programId, memberId, "C#" + activity.withMemberId(), recorded.entry()));
            }
            if (Earning.referralDue(program, after, activity.type())) {
                after.referralCredited = true;
                referrals.credit(program, after.invitedBy, memberId, activity.occurredAt(), now, writes, deltas,
                        squadDeltas);
            }
            writes.addAll(members.update(after));
            deltas.put(memberId, Bookkeeping.forActivity(program, member, after, recorded.entry()));
            // The retention counters ride on the entry; the activities stream folds them into the stats
            // table once (retention/CounterFold), so an award writes no counter item itself.
            writes.add(activities.record(programId, memberId, recorded.entry(), StatsTable.byShard(deltas)));
            squadDeltas.put(memberId, SquadPulse.forActivity(member, after));
            writes.addAll(squads.updates(programId, SquadDelta.merged(squadDeltas.values()), Set.of()));
            if (attempts.committed(writes)) {
                return new Award(after, recorded.entry(), false);
            }
        }
    }

    private Member member(String programId, String memberId, String field) {
        return members.require(programId, memberId, field);
    }

    /**
     * The counts of the activity's local day, if its type is capped (an award's and a referral
     * credit's): the member's own when they hold that day, else its item, read after the member
     * (see ActivityTable and {@link CapCounts}).
     */
    static DailyCounts dayCounts(ActivityTable activities, Program program, Member member, ActivityType type,
            Instant at) {
        if (program.earning().dailyCap(type) == null) {
            return null;
        }
        LocalDate day = program.localDay(at);
        return CapCounts.held(member, day) ? CapCounts.of(member, day)
                : activities.dayCounts(program.programId(), member.memberId, day);
    }

    /** The write that keeps a day's counts in their own item, if they go there ({@link CapCounts#keep}); none else. */
    static List<TransactWriteItem> keepDayCounts(ActivityTable activities, String programId, Member before,
            Member after, DailyCounts counted) {
        DailyCounts stored = counted == null ? null : CapCounts.keep(before, after, counted);
        return stored == null ? List.of() : List.of(activities.putDayCounts(programId, after.memberId, stored));
    }
}
