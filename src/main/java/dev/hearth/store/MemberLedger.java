package dev.hearth.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.error.ErrorCode;
import dev.hearth.error.HearthException;
import dev.hearth.member.Activity;
import dev.hearth.member.ActivityType;
import dev.hearth.member.DailyCounts;
import dev.hearth.member.Earning;
import dev.hearth.member.LedgerEntry;
import dev.hearth.member.Member;
import dev.hearth.member.NightlyReview;
import dev.hearth.member.TierLadder;
import dev.hearth.perk.Perk;
import dev.hearth.perk.Privileges;
import dev.hearth.program.Program;
import dev.hearth.program.ReferralCredit;
import dev.hearth.retention.Bookkeeping;
import dev.hearth.retention.StatsDelta;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Changes to a member and their ledger, written together in one DynamoDB transaction: the member
 * under an optimistic lock on its version, the ledger entry only if its activityId is new, and the
 * retention counters the change moves (so they count each activity exactly once). A lost
 * race is retried from a fresh read, so concurrent awards never lose points and a repeated
 * activityId never counts twice.
 */
@ApplicationScoped
public class MemberLedger {

    private static final Logger LOG = Logger.getLogger(MemberLedger.class);
    /** Re-reads after a lost race on the member's version lock, with back-off, before answering 503. */
    private static final int MAX_ATTEMPTS = 60;

    private final Transactions transactions;
    private final MemberTable members;
    private final ActivityTable activities;
    private final StatsTable stats;
    private final MemberPerks perks;
    private final PerkTable perkTable;

    public MemberLedger(Transactions transactions, MemberTable members, ActivityTable activities, StatsTable stats,
            MemberPerks perks, PerkTable perkTable) {
        this.transactions = transactions;
        this.members = members;
        this.activities = activities;
        this.stats = stats;
        this.perks = perks;
        this.perkTable = perkTable;
    }

    /** The entry recorded for an activity, and whether it had been recorded before this call. */
    public record Award(Member member, LedgerEntry entry, boolean duplicate) {
    }

    /** The member after joining (or as they were, if already a member), and the perks joining gave. */
    public record Join(Member member, boolean alreadyMember, List<Perk> perks) {
    }

    public Award award(Program program, String memberId, Activity activity, Instant now) {
        String programId = program.programId();
        Retry retry = new Retry("award " + activity.activityId());
        while (true) {
            Optional<LedgerEntry> prior = activities.find(programId, memberId, activity.activityId());
            if (prior.isPresent()) {
                return new Award(member(programId, memberId, "memberId"), prior.get(), true);
            }
            // The member first, then the day's counts: a later change of either moves the member's version.
            Member member = member(programId, memberId, "memberId");
            LedgerEntry purchase = null;
            boolean newConnection = false;
            if (activity.type() == ActivityType.REFUND) {
                purchase = refundablePurchase(programId, memberId, activity.refundOf());
            } else if (activity.type() == ActivityType.INTERACTION) {
                member(programId, activity.withMemberId(), "withMemberId");
                newConnection = !activities.hasConnection(programId, memberId, activity.withMemberId());
            }
            DailyCounts counts = dayCounts(program, memberId, activity.type(), activity.occurredAt());
            Earning.Recorded recorded = Earning.record(program, member, activity, purchase, newConnection, counts, now);
            Member after = recorded.member();
            List<TransactWriteItem> writes = new ArrayList<>();
            Map<String, StatsDelta> deltas = new HashMap<>();
            writes.add(activities.record(programId, memberId, recorded.entry()));
            if (recorded.dayCounts() != null) {
                writes.add(activities.putDayCounts(programId, memberId, recorded.dayCounts()));
            }
            if (recorded.tierChange() == TierLadder.Change.REVERSED) {
                for (Perk open : Privileges.revoked(program, after, perkTable.ofMember(programId, memberId))) {
                    writes.add(perks.cancelWrite(open, now));
                }
            }
            writes.addAll(privileges(program, after, now));
            if (purchase != null) {
                writes.add(activities.markRefunded(programId, memberId, purchase.activityId(), activity.activityId()));
            }
            if (newConnection) {
                writes.add(activities.mark(programId, memberId, "C#" + activity.withMemberId(), recorded.entry()));
            }
            if (activity.type() == ActivityType.PURCHASE && program.referralCredit() == ReferralCredit.FIRST_PURCHASE
                    && after.invitedBy != null && !after.referralCredited) {
                after.referralCredited = true;
                creditReferral(program, after.invitedBy, memberId, activity.occurredAt(), now, writes, deltas);
            }
            writes.add(members.update(after));
            deltas.put(memberId, Bookkeeping.forActivity(program, member, after, recorded.entry()));
            writes.addAll(stats.updates(programId, deltas));
            if (retry.committed(writes)) {
                return new Award(after, recorded.entry(), false);
            }
        }
    }

    public Join join(Program program, Member candidate, Instant now) {
        String programId = program.programId();
        Retry retry = new Retry("join " + candidate.memberId);
        while (true) {
            Optional<Member> existing = members.find(programId, candidate.memberId);
            if (existing.isPresent()) {
                return new Join(existing.get(), true, List.of());
            }
            List<TransactWriteItem> writes = new ArrayList<>();
            List<Perk> given = new ArrayList<>();
            // The routine's day 1, the perks the member's tags call for and the entry tier's
            // privileges: given in the joining transaction, so a member never exists without them.
            Member joining = candidate.copy();
            List<Perk> owed = new ArrayList<>(program.perks().onJoin(programId, joining.memberId, joining.tags, now));
            owed.addAll(Privileges.owed(program, joining, now));
            for (Perk perk : owed) {
                writes.addAll(perks.grantWrites(perk, now));
                given.add(MemberPerks.asGiven(perk, now));
            }
            Map<String, StatsDelta> deltas = new HashMap<>();
            if (candidate.invitedBy != null) {
                members.find(programId, candidate.invitedBy).orElseThrow(() -> new HearthException(
                        ErrorCode.INVITER_NOT_FOUND, "invitedBy",
                        "no member " + candidate.invitedBy + " in program " + programId));
                if (program.referralCredit() == ReferralCredit.JOIN) {
                    joining.referralCredited = true;
                    creditReferral(program, candidate.invitedBy, candidate.memberId, candidate.joinedAt, now, writes,
                            deltas);
                }
            }
            writes.add(members.create(joining));
            deltas.put(candidate.memberId, Bookkeeping.forJoin(program, candidate));
            writes.addAll(stats.updates(programId, deltas));
            if (retry.committed(writes)) {
                Member stored = joining.copy();
                stored.version = 1;
                return new Join(stored, false, given);
            }
        }
    }

    /**
     * Credits the inviter with the successful referral of {@code inviteeId} at {@code at}: a ledger
     * entry in Hearth's own namespace, written once per invitee (attribute_not_exists), counted
     * against the inviter's daily referral cap, with the inviter's version lock.
     */
    private void creditReferral(Program program, String inviterId, String inviteeId, Instant at, Instant now,
            List<TransactWriteItem> writes, Map<String, StatsDelta> deltas) {
        String programId = program.programId();
        Optional<Member> found = members.find(programId, inviterId);
        if (found.isEmpty()) {
            return; // the inviter is gone (erased): nobody to credit
        }
        Member inviter = found.get();
        DailyCounts counts = dayCounts(program, inviterId, ActivityType.REFERRAL, at);
        Earning.Recorded recorded = Earning.referral(program, inviter, inviteeId, at, counts, now);
        writes.add(activities.record(programId, inviterId, recorded.entry()));
        if (recorded.dayCounts() != null) {
            writes.add(activities.putDayCounts(programId, inviterId, recorded.dayCounts()));
        }
        writes.addAll(privileges(program, recorded.member(), now));
        writes.add(members.update(recorded.member()));
        deltas.put(inviterId, Bookkeeping.forActivity(program, inviter, recorded.member(), recorded.entry()));
    }

    /** The counts of the activity's local day, if its type is capped; read after the member (see ActivityTable). */
    private DailyCounts dayCounts(Program program, String memberId, ActivityType type, Instant at) {
        if (program.earning().dailyCap(type) == null) {
            return null;
        }
        return activities.dayCounts(program.programId(), memberId, program.localDay(at));
    }

    /** Reviews one member (points expiry, tier with grace); empty if the member does not exist. */
    public Optional<NightlyReview.Reviewed> review(Program program, String memberId, Instant now) {
        String programId = program.programId();
        Retry retry = new Retry("review " + memberId);
        while (true) {
            Optional<Member> member = members.find(programId, memberId);
            if (member.isEmpty()) {
                return Optional.empty();
            }
            NightlyReview.Reviewed reviewed = NightlyReview.review(program, member.get(), now);
            List<TransactWriteItem> privileges = privileges(program, reviewed.member(), now);
            if (!reviewed.changed() && privileges.isEmpty()) {
                return Optional.of(reviewed);
            }
            List<TransactWriteItem> writes = new ArrayList<>(privileges);
            writes.add(members.update(reviewed.member()));
            writes.addAll(stats.updates(programId, memberId, Bookkeeping.forReview(program, member.get(),
                    reviewed.member(), reviewed.pointsExpired(), now)));
            if (reviewed.pointsExpired() > 0) {
                writes.add(activities.record(programId, memberId,
                        NightlyReview.expiryEntry(program, member.get(), reviewed, now)));
            }
            if (retry.committed(writes)) {
                Member stored = reviewed.member();
                stored.version++;
                return Optional.of(reviewed);
            }
        }
    }

    /**
     * The privilege perks a member is owed for reaching their tier (once per tier, ever), delivered
     * now with their events; marks them given on {@code member}, which the caller then writes.
     */
    private List<TransactWriteItem> privileges(Program program, Member member, Instant now) {
        List<Perk> owed = Privileges.owed(program, member, now);
        if (owed.isEmpty()) {
            return List.of();
        }
        // Rare (a tier reached for the first time since joining or since a reversal): worth one read.
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Perk perk : Privileges.notHeld(owed, perkTable.ofMember(program.programId(), member.memberId))) {
            writes.addAll(perks.grantWrites(perk, now));
        }
        return writes;
    }

    private Member member(String programId, String memberId, String field) {
        return members.find(programId, memberId)
                .orElseThrow(() -> HearthException.memberNotFound(field, programId, memberId));
    }

    private LedgerEntry refundablePurchase(String programId, String memberId, String purchaseId) {
        LedgerEntry purchase = activities.find(programId, memberId, purchaseId)
                .orElseThrow(() -> new HearthException(ErrorCode.PURCHASE_NOT_FOUND, "refundOf",
                        "member " + memberId + " has no activity " + purchaseId));
        if (purchase.type() != ActivityType.PURCHASE) {
            throw new HearthException(ErrorCode.NOT_A_PURCHASE, "refundOf",
                    "activity " + purchaseId + " is a " + purchase.type() + ", not a PURCHASE");
        }
        if (purchase.refundedBy() != null) {
            throw new HearthException(ErrorCode.ALREADY_REFUNDED, "refundOf",
                    "purchase " + purchaseId + " was already refunded by " + purchase.refundedBy());
        }
        return purchase;
    }

    /**
     * One change's attempts. A transaction whose condition failed is decided afresh from a new read
     * (a repeated id then answers as a duplicate, a refund raced by another as ALREADY_REFUNDED): on a
     * member's version lock that is a lost race, retried after a back-off; the same other condition
     * failing twice in a row is no race, and is reported instead of retried.
     */
    private final class Retry {
        private final String what;
        private int attempts;
        private String lastFailed;

        Retry(String what) {
            this.what = what;
        }

        boolean committed(List<TransactWriteItem> writes) {
            int failed = transactions.attempt(writes, what);
            if (failed == Transactions.COMMITTED) {
                return true;
            }
            attempts++;
            TransactWriteItem write = writes.get(failed);
            String target = Transactions.target(write);
            boolean versionLock = write.put() != null && write.put().tableName().equals(members.tableName());
            if (!versionLock && target.equals(lastFailed)) {
                throw new IllegalStateException(what + ": the condition of " + target
                        + " failed again after a fresh read; this is no race and will not pass by retrying");
            }
            if (attempts >= MAX_ATTEMPTS) {
                throw Transactions.contended(what, attempts);
            }
            lastFailed = target;
            LOG.debugf("%s: attempt %d lost a race on %s, reading again", what, attempts, target);
            if (versionLock) {
                Transactions.backOff(attempts);
            }
            return false;
        }
    }
}
