package dev.hearth.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.error.HearthException;
import dev.hearth.member.Activity;
import dev.hearth.member.ActivityType;
import dev.hearth.member.Earning;
import dev.hearth.member.LedgerEntry;
import dev.hearth.member.Member;
import dev.hearth.member.NightlyReview;
import dev.hearth.perk.Perk;
import dev.hearth.perk.Privileges;
import dev.hearth.program.Program;
import dev.hearth.retention.Bookkeeping;
import dev.hearth.retention.StatsDelta;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

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
    private static final int MAX_ATTEMPTS = 60;

    private final DynamoDbClient dynamo;
    private final MemberTable members;
    private final ActivityTable activities;
    private final StatsTable stats;
    private final MemberPerks perks;

    public MemberLedger(DynamoDbClient dynamo, MemberTable members, ActivityTable activities, StatsTable stats,
            MemberPerks perks) {
        this.dynamo = dynamo;
        this.members = members;
        this.activities = activities;
        this.stats = stats;
        this.perks = perks;
    }

    /** The entry recorded for an activity, and whether it had been recorded before this call. */
    public record Award(Member member, LedgerEntry entry, boolean duplicate) {
    }

    /** The member after joining (or as they were, if already a member). */
    public record Join(Member member, boolean alreadyMember, boolean inviterCredited) {
    }

    public Award award(Program program, String memberId, Activity activity, Instant now) {
        String programId = program.programId();
        for (int attempt = 1;; attempt++) {
            Optional<LedgerEntry> prior = activities.find(programId, memberId, activity.activityId());
            if (prior.isPresent()) {
                return new Award(member(programId, memberId, "memberId"), prior.get(), true);
            }
            Member member = member(programId, memberId, "memberId");
            LedgerEntry purchase = null;
            boolean newConnection = false;
            List<TransactWriteItem> writes = new ArrayList<>();
            if (activity.type() == ActivityType.REFUND) {
                purchase = refundablePurchase(programId, memberId, activity.refundOf());
            } else if (activity.type() == ActivityType.INTERACTION || activity.type() == ActivityType.REFERRAL) {
                member(programId, activity.withMemberId(), "withMemberId");
                if (activity.type() == ActivityType.INTERACTION) {
                    newConnection = !activities.hasConnection(programId, memberId, activity.withMemberId());
                } else if (activities.hasReferral(programId, memberId, activity.withMemberId())) {
                    throw HearthException.conflict("REFERRAL_ALREADY_CREDITED", "withMemberId",
                            "member " + memberId + " was already credited for referring " + activity.withMemberId());
                }
            }
            Earning.Recorded recorded = Earning.record(program, member, activity, purchase, newConnection, now);
            writes.add(activities.record(programId, memberId, recorded.entry()));
            writes.addAll(privileges(program, recorded.member(), now));
            writes.add(members.update(recorded.member()));
            writes.addAll(stats.updates(programId, memberId,
                    Bookkeeping.forActivity(program, member, recorded.member(), recorded.entry())));
            if (purchase != null) {
                writes.add(activities.markRefunded(programId, memberId, purchase.activityId(), activity.activityId()));
            }
            if (newConnection) {
                writes.add(activities.mark(programId, memberId, "C#" + activity.withMemberId(), recorded.entry()));
            }
            if (activity.type() == ActivityType.REFERRAL) {
                writes.add(activities.mark(programId, memberId, "R#" + activity.withMemberId(), recorded.entry()));
            }
            if (commit(writes, attempt, "award " + activity.activityId())) {
                return new Award(recorded.member(), recorded.entry(), false);
            }
        }
    }

    public Join join(Program program, Member candidate, Instant now) {
        String programId = program.programId();
        for (int attempt = 1;; attempt++) {
            Optional<Member> existing = members.find(programId, candidate.memberId);
            if (existing.isPresent()) {
                return new Join(existing.get(), true, false);
            }
            List<TransactWriteItem> writes = new ArrayList<>();
            // The routine's day 1, the perks the member's tags call for and the entry tier's
            // privileges: given in the joining transaction, so a member never exists without them.
            Member joining = candidate.copy();
            for (Perk perk : program.perks().onJoin(programId, joining.memberId, joining.tags, now)) {
                writes.addAll(perks.grantWrites(perk, now));
            }
            writes.addAll(privileges(program, joining, now));
            writes.add(members.create(joining));
            Map<String, StatsDelta> deltas = new HashMap<>();
            deltas.put(candidate.memberId, Bookkeeping.forJoin(program, candidate));
            boolean credit = candidate.invitedBy != null
                    && !activities.hasReferral(programId, candidate.invitedBy, candidate.memberId);
            if (candidate.invitedBy != null) {
                Member inviter = members.find(programId, candidate.invitedBy).orElseThrow(() -> HearthException.notFound(
                        "INVITER_NOT_FOUND", "invitedBy", "no member " + candidate.invitedBy + " in program " + programId));
                if (credit) {
                    Activity referral = new Activity("referral:" + candidate.memberId, ActivityType.REFERRAL, null, null,
                            candidate.memberId, null, candidate.joinedAt);
                    Earning.Recorded recorded = Earning.record(program, inviter, referral, null, false, now);
                    writes.add(activities.record(programId, inviter.memberId, recorded.entry()));
                    writes.addAll(privileges(program, recorded.member(), now));
                    writes.add(members.update(recorded.member()));
                    deltas.put(inviter.memberId,
                            Bookkeeping.forActivity(program, inviter, recorded.member(), recorded.entry()));
                    writes.add(activities.mark(programId, inviter.memberId, "R#" + candidate.memberId, recorded.entry()));
                }
            }
            writes.addAll(stats.updates(programId, deltas));
            if (commit(writes, attempt, "join " + candidate.memberId)) {
                Member stored = joining.copy();
                stored.version = 1;
                return new Join(stored, false, credit);
            }
        }
    }

    /** Reviews one member (points expiry, tier with grace); empty if the member does not exist. */
    public Optional<NightlyReview.Reviewed> review(Program program, String memberId, Instant now) {
        String programId = program.programId();
        for (int attempt = 1;; attempt++) {
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
                writes.add(activities.record(programId, memberId, NightlyReview.expiryEntry(program, reviewed, now)));
            }
            if (commit(writes, attempt, "review " + memberId)) {
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
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Perk perk : Privileges.owed(program, member, now)) {
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
                .orElseThrow(() -> HearthException.notFound("PURCHASE_NOT_FOUND", "refundOf",
                        "member " + memberId + " has no activity " + purchaseId));
        if (purchase.type() != ActivityType.PURCHASE) {
            throw HearthException.unprocessable("NOT_A_PURCHASE", "refundOf",
                    "activity " + purchaseId + " is a " + purchase.type() + ", not a PURCHASE");
        }
        if (purchase.refundedBy() != null) {
            throw HearthException.conflict("ALREADY_REFUNDED", "refundOf",
                    "purchase " + purchaseId + " was already refunded by " + purchase.refundedBy());
        }
        return purchase;
    }

    /**
     * Runs the transaction; false when a condition failed or it collided with another one, in which
     * case the caller reads again and decides afresh (a repeated id then answers as a duplicate).
     */
    private boolean commit(List<TransactWriteItem> writes, int attempt, String what) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (attempt >= MAX_ATTEMPTS) {
                throw new HearthException(503, "CONCURRENT_UPDATE", null,
                        what + " lost " + attempt + " races with concurrent updates; retry the request");
            }
            LOG.debugf("%s: attempt %d cancelled (%s), retrying", what, attempt, reasons(e));
            backOff(attempt);
            return false;
        }
    }

    private static String reasons(TransactionCanceledException e) {
        return e.hasCancellationReasons()
                ? e.cancellationReasons().stream().map(CancellationReason::code).toList().toString()
                : e.getMessage();
    }

    /** Jittered exponential back-off, so that racing writers spread out instead of colliding again. */
    static void backOff(int attempt) {
        long ceiling = Math.min(200, 1L << Math.min(attempt, 8));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying " + attempt, e);
        }
    }
}
