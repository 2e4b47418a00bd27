package dev.hearth.tier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.config.HearthConfig;
import dev.hearth.dynamodb.ShardCursor;
import dev.hearth.dynamodb.ShardWalk;
import dev.hearth.dynamodb.Shards;
import dev.hearth.dynamodb.Transactions;
import dev.hearth.edge.FailureMarker;
import dev.hearth.events.EventType;
import dev.hearth.events.HearthEvent;
import dev.hearth.events.OutboxTable;
import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.ledger.NightlyReview;
import dev.hearth.ledger.PointLots;
import dev.hearth.program.Program;
import dev.hearth.retention.Bookkeeping;
import dev.hearth.retention.StatsTable;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The whole-program review: pages through the members of a program shard by shard (never holding
 * more than one page), reviews each, logs progress per page, and stops with a cursor when its
 * time budget or member limit is reached so that the next invocation carries on.
 */
@ApplicationScoped
public class ReviewTiers {

    private static final Logger LOG = Logger.getLogger(ReviewTiers.class);

    /**
     * Counts of one run (one invocation); complete = false means call again with cursor. A member
     * whose review failed is skipped, counted in {@code failed} and named in {@code failedMembers}
     * (the first {@value #MAX_NAMED_FAILURES}), so that one member's bad state never stops the run.
     */
    public record ReviewCounts(int membersReviewed, int upgraded, int downgraded, int graceStarted, int graceCleared,
            long pointsExpired, int membersWithPointsExpired, boolean complete, String cursor, int failed,
            List<String> failedMembers) {
    }

    static final int MAX_NAMED_FAILURES = 20;

    private final MemberTable members;
    private final Transactions transactions;
    private final ActivityTable activities;
    private final PrivilegeGrants privileges;
    private final OutboxTable outbox;
    private final StatsTable stats;
    private final ReviewRuns runs;
    private final Clock clock;
    private final Duration timeBudget;

    public ReviewTiers(Transactions transactions, MemberTable members, ActivityTable activities,
            PrivilegeGrants privileges, StatsTable stats, ReviewRuns runs, OutboxTable outbox, Clock clock,
            HearthConfig config) {
        this.outbox = outbox;
        this.transactions = transactions;
        this.members = members;
        this.activities = activities;
        this.privileges = privileges;
        this.stats = stats;
        this.runs = runs;
        this.clock = clock;
        this.timeBudget = config.evaluateTier().timeBudget();
    }

    /**
     * Reviews one member (points expiry, tier with grace, privileges owed) in one transaction under
     * the member's version lock; empty if the member does not exist.
     */
    public Optional<NightlyReview.Reviewed> member(Program program, String memberId, Instant now) {
        String programId = program.programId();
        Transactions.Attempts attempts = transactions.attempts("review " + memberId, members.tableName());
        while (true) {
            Optional<Member> member = members.find(programId, memberId);
            if (member.isEmpty() || member.get().erased()) {
                return Optional.empty(); // nobody to review (an erased member is kept for totals only)
            }
            if (PointLots.mayExpire(member.get(), program.localDay(now), program.pointsExpiryMonths())) {
                members.readAllLots(member.get()); // a lot expires today: all of them are looked at
            }
            NightlyReview.Reviewed reviewed = NightlyReview.review(program, member.get(), now);
            List<TransactWriteItem> owed = privileges.afterChange(program, member.get().tier, reviewed.member(),
                    reviewed.tierChange(), now);
            if (!reviewed.changed() && owed.isEmpty()) {
                return Optional.of(reviewed);
            }
            List<TransactWriteItem> writes = new ArrayList<>(owed);
            writes.addAll(members.update(reviewed.member()));
            writes.addAll(stats.updates(programId, memberId, Bookkeeping.forReview(program, member.get(),
                    reviewed.member(), reviewed.pointsExpired(), now)));
            if (reviewed.pointsExpired() > 0) {
                writes.add(activities.record(programId, memberId,
                        NightlyReview.expiryEntry(program, member.get(), reviewed, now)));
                writes.add(outbox.put(expiredEvent(program, reviewed, now)));
            }
            if (attempts.committed(writes)) {
                reviewed.member().version++;
                return Optional.of(reviewed);
            }
        }
    }

    /**
     * The night's review, continued from where the night's previous invocation stopped: the schedule
     * calls again every 15 minutes and each call carries on until the run is complete, after which a
     * call returns the night's totals without reviewing anyone twice.
     */
    public ReviewCounts tonight(Program program, int memberLimit) {
        return tonight(program, memberLimit, timeBudget);
    }

    /** {@link #tonight(Program, int)} within {@code budget} (run-programs shares one among programs). */
    public ReviewCounts tonight(Program program, int memberLimit, Duration budget) {
        LocalDate night = clock.instant().atZone(program.timeZone()).toLocalDate();
        ReviewCounts before = runs.find(program.programId(), night)
                .orElse(new ReviewCounts(0, 0, 0, 0, 0, 0, 0, false, null, 0, List.of()));
        if (before.complete()) {
            LOG.infof("evaluate-tier %s: tonight's review is already complete", program.programId());
            return before;
        }
        ReviewCounts now = run(program, before.cursor(), memberLimit, budget);
        ReviewCounts total = new ReviewCounts(before.membersReviewed() + now.membersReviewed(), before.upgraded() + now.upgraded(),
                before.downgraded() + now.downgraded(), before.graceStarted() + now.graceStarted(),
                before.graceCleared() + now.graceCleared(), before.pointsExpired() + now.pointsExpired(),
                before.membersWithPointsExpired() + now.membersWithPointsExpired(), now.complete(), now.cursor(),
                before.failed() + now.failed(), named(before.failedMembers(), now.failedMembers()));
        runs.put(program.programId(), night, total);
        return total;
    }

    /** Whether the review of a night (a program's local date) has reached every member. */
    public boolean finished(Program program, LocalDate night) {
        return runs.find(program.programId(), night).map(ReviewCounts::complete).orElse(false);
    }

    private static List<String> named(List<String> before, List<String> now) {
        List<String> all = new ArrayList<>(before);
        all.addAll(now);
        return List.copyOf(all.subList(0, Math.min(MAX_NAMED_FAILURES, all.size())));
    }

    /** One invocation's share of a review, from {@code cursor} (null: the start). */
    public ReviewCounts run(Program program, String cursor, int memberLimit) {
        return run(program, cursor, memberLimit, timeBudget);
    }

    private ReviewCounts run(Program program, String cursor, int memberLimit, Duration budget) {
        Instant started = clock.instant();
        ShardCursor position = ShardCursor.decode(cursor, "cursor", "evaluate-tier");
        Tally tally = new Tally();
        LOG.infof("evaluate-tier %s: review starts at shard %d of %d", program.programId(), position.shard(),
                Shards.COUNT);
        ShardWalk walk = new ShardWalk(memberLimit,
                () -> Duration.between(started, clock.instant()).compareTo(budget) > 0);
        ShardWalk.End end = walk.from(position, (at, limit) -> {
            MemberTable.Page page = members.page(program.programId(), at.shard(), at.after(), limit);
            int before = tally.reviewed + tally.failures;
            for (String memberId : page.memberIds()) {
                try {
                    member(program, memberId, clock.instant()).ifPresent(tally::add);
                } catch (RuntimeException e) {
                    if (Transactions.passes(e)) {
                        throw e; // DynamoDB failed or was contended: the call fails, the schedule sends it again
                    }
                    LOG.errorf(e, "%s evaluate-tier %s: member %s could not be reviewed; skipped",
                            FailureMarker.MEMBER_FAILED, program.programId(), memberId);
                    tally.skip(memberId);
                }
            }
            ShardCursor next = at.next(page.continueAfter());
            LOG.infof("evaluate-tier %s: shard %d/%d, %d members reviewed, %d upgraded, %d downgraded, %d points expired",
                    program.programId(), Math.min(next.shard() + 1, Shards.COUNT), Shards.COUNT, tally.reviewed,
                    tally.upgraded, tally.downgraded, tally.expired);
            return ShardWalk.Page.of(tally.reviewed + tally.failures - before, next);
        });
        if (!end.done()) {
            String next = end.position().encode();
            LOG.infof("evaluate-tier %s: paused after %d members, continue with cursor %s", program.programId(),
                    tally.reviewed, next);
            return tally.run(false, next);
        }
        LOG.infof("evaluate-tier %s: review complete, %d members, %d failed", program.programId(), tally.reviewed,
                tally.failures);
        return tally.run(true, null);
    }

    /** One call's counts, as the review goes. */
    private static final class Tally {
        int reviewed, upgraded, downgraded, graceStarted, graceCleared, expiredMembers, failures;
        long expired;
        final List<String> failed = new ArrayList<>();

        void skip(String memberId) {
            failures++;
            if (failed.size() < MAX_NAMED_FAILURES) {
                failed.add(memberId);
            }
        }

        void add(NightlyReview.Reviewed r) {
            reviewed++;
            if (r.pointsExpired() > 0) {
                expired += r.pointsExpired();
                expiredMembers++;
            }
            switch (r.tierChange()) {
                case UPGRADED -> upgraded++;
                case DOWNGRADED -> downgraded++;
                case GRACE_STARTED -> graceStarted++;
                case GRACE_CLEARED -> graceCleared++;
                case NONE, REVERSED -> {
                }
            }
        }

        ReviewCounts run(boolean complete, String cursor) {
            return new ReviewCounts(reviewed, upgraded, downgraded, graceStarted, graceCleared, expired, expiredMembers,
                    complete, cursor, failures, failed);
        }
    }

    /**
     * Points past their date, taken from the balance: once per review that took them (the member
     * version it wrote, as the expiry's ledger line).
     */
    static HearthEvent expiredEvent(Program program, NightlyReview.Reviewed reviewed, Instant now) {
        Member member = reviewed.member();
        LocalDate today = now.atZone(program.timeZone()).toLocalDate();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("pointsExpired", reviewed.pointsExpired());
        detail.put("pointsBalance", member.pointsBalance);
        detail.put("earnedOnOrBefore", today.minusMonths(program.pointsExpiryMonths()).toString());
        return HearthEvent.of(EventType.POINTS_EXPIRED, program.programId(), member.memberId,
                List.of(today.toString(), "v" + (member.version + 1)), now, detail);
    }
}
