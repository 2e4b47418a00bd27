package dev.hearth.perk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.edge.BusinessMetrics;
import dev.hearth.dynamodb.ShardCursor;
import dev.hearth.dynamodb.ShardWalk;
import dev.hearth.dynamodb.Shards;
import dev.hearth.dynamodb.Workers;
import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.MemberSummary;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.Program;
import dev.hearth.squad.Squads;

/**
 * Gives a grant's perk to every member of its audience, page by page (16 index shards, 100 members
 * a page, the page's writes side by side), saving the cursor after each page. An invocation
 * stops at its member limit or time budget and leaves the job to the next one: a re-sent grant
 * or the schedule's run. One invocation works on a job at a time (a lease); a page done twice
 * after a crash gives nobody anything twice (each perk is written only if the member lacks it).
 */
@ApplicationScoped
public class GrantPerk {

    private static final Logger LOG = Logger.getLogger(GrantPerk.class);
    /** A lease outlives its invocation's time budget by this much, so a crashed one is taken over soon. */
    private static final Duration LEASE_MARGIN = Duration.ofMinutes(1);

    private final MemberTable members;
    private final PerkTable perks;
    private final MemberPerks memberPerks;
    private final Workers workers;
    private final Clock clock;
    private final Squads squads;

    public GrantPerk(MemberTable members, PerkTable perks, MemberPerks memberPerks, Workers workers, Clock clock,
            Squads squads) {
        this.squads = squads;
        this.members = members;
        this.perks = perks;
        this.memberPerks = memberPerks;
        this.workers = workers;
        this.clock = clock;
    }

    /**
     * A grant's job as this call leaves it; duplicate: the request had been received before;
     * deliveredLater: its perks the daily run has delivered since (a grant with a future deliverAt).
     */
    public record Outcome(GrantJob job, boolean duplicate, long deliveredLater) {
    }

    /** Starts a grant, or carries on with it if this perkId was granted before with the same request. */
    public Outcome grant(Program program, Grant grant, int memberLimit, Duration timeBudget) {
        Instant now = clock.instant();
        String programId = program.programId();
        for (int attempt = 0; attempt < 3; attempt++) {
            GrantJob existing = perks.job(programId, grant.perkId()).orElse(null);
            if (existing != null) {
                if (!existing.fingerprint().equals(grant.fingerprint())) {
                    throw new HearthException(ErrorCode.PERK_ID_IN_USE, "perkId", "perkId " + grant.perkId()
                            + " was already used for a different grant (" + existing.grant().audience().kind() + " "
                            + existing.grant().audience().value() + ", \"" + existing.grant().offer().title() + "\")");
                }
                return new Outcome(resume(program, existing, memberLimit, timeBudget), true,
                        perks.deliveredLater(programId, grant.perkId()));
            }
            String owner = UUID.randomUUID().toString();
            GrantJob job = GrantJob.start(resolved(program, grant, now), programId, now.atZone(program.timeZone()).toLocalDate(),
                    grant.deliverAt() == null ? now : grant.deliverAt(), now, owner,
                    now.plus(timeBudget).plus(LEASE_MARGIN));
            if (perks.createJob(job)) {
                return new Outcome(work(program, job, memberLimit, timeBudget), false, 0);
            }
        }
        throw new HearthException(ErrorCode.CONCURRENT_UPDATE, "perkId", "grant " + grant.perkId()
                + " is being created concurrently; retry the request");
    }

    /** The grant with a SQUAD_STATUS audience's squads taken as they are now (they stay with the job). */
    private Grant resolved(Program program, Grant grant, Instant now) {
        if (grant.audience() instanceof Audience.InSquadsWithStatus a && a.squads() == null) {
            return new Grant(grant.perkId(), grant.offer(), new Audience.InSquadsWithStatus(a.status(),
                    squads.withStatus(program, a.status(), now)), grant.deliverAt(), grant.expiresAt());
        }
        return grant;
    }

    /** Carries on with a running job if no other invocation is on it; a complete job is returned as is. */
    public GrantJob resume(Program program, GrantJob job, int memberLimit, Duration timeBudget) {
        if (job.complete()) {
            return job;
        }
        Instant now = clock.instant();
        GrantJob leased = job.leased(UUID.randomUUID().toString(), now.plus(timeBudget).plus(LEASE_MARGIN));
        if (!perks.leaseJob(leased, now)) {
            LOG.infof("schedule-perk %s: grant %s is being worked on by another invocation", program.programId(),
                    job.grant().perkId());
            return job;
        }
        return work(program, leased, memberLimit, timeBudget);
    }

    /** Carries on with every unfinished grant of a program, within one time budget; returns how many were touched. */
    public int resumeOpen(Program program, Instant deadline, int memberLimit) {
        int touched = 0;
        for (String perkId : perks.openGrants(program.programId())) {
            Duration left = Duration.between(clock.instant(), deadline);
            // The first grant gets its page even when the run's budget is spent: every run makes progress.
            if (touched > 0 && (left.isNegative() || left.isZero())) {
                break;
            }
            GrantJob job = perks.job(program.programId(), perkId).orElse(null);
            if (job != null && !job.complete()) {
                resume(program, job, memberLimit, left);
                touched++;
            }
        }
        return touched;
    }

    /**
     * Works on a leased job; if a call fails midway, the lease is given back (best effort) so that
     * the next call carries on at once instead of waiting for the lease to run out. The job as last
     * saved is right: a page redone gives nobody anything twice.
     */
    private GrantJob work(Program program, GrantJob job, int memberLimit, Duration timeBudget) {
        try {
            return workLeased(program, job, memberLimit, timeBudget);
        } catch (RuntimeException e) {
            try {
                perks.releaseJob(program.programId(), job.grant().perkId(), job.leaseOwner());
            } catch (RuntimeException release) {
                e.addSuppressed(release);
            }
            throw e;
        }
    }

    private GrantJob workLeased(Program program, GrantJob job, int memberLimit, Duration timeBudget) {
        Instant started = clock.instant();
        String owner = job.leaseOwner();
        Grant grant = job.grant();
        String programId = program.programId();
        GrantJob[] saved = { job };
        ShardWalk walk = new ShardWalk(memberLimit,
                () -> Duration.between(started, clock.instant()).compareTo(timeBudget) > 0);
        ShardWalk.End end = walk.from(ShardCursor.decode(job.cursor(), "cursor", "schedule-perk"), (position, limit) -> {
            Instant now = clock.instant();
            GrantJob current = saved[0];
            List<MemberSummary> candidates;
            ShardCursor next;
            long pageExamined;
            if (grant.audience() instanceof Audience.OneMember one) {
                candidates = List.of(new MemberSummary(one.memberId(), null, null, null, null, null));
                pageExamined = 1;
                next = ShardCursor.END;
            } else {
                MemberTable.ListedPage page = listed(programId, grant.audience(), current.audienceDay(),
                        position.shard(), position.after(), limit);
                candidates = page.members().stream().filter(c -> grant.audience().includes(c, current.audienceDay()))
                        .toList();
                pageExamined = page.members().size();
                next = position.next(page.continueAfter());
            }
            List<MemberPerks.Granted> results = workers.each(candidates, c -> memberPerks.grant(
                    Perk.scheduled(programId, c.memberId(), grant.perkId(), PerkSource.GRANT, grant.offer(),
                            current.deliverAt(), grant.expiresAt(), now), now));
            // A member who already has this perkId got it from this grant (no other request can use the
            // perkId), in an earlier attempt at this page cut short before its cursor was saved: it
            // counts as granted (and delivered, if due) like the rest, so the counts stay true.
            long already = results.stream().filter(r -> r == MemberPerks.Granted.ALREADY_HAD).count();
            long delivered = results.stream().filter(r -> r == MemberPerks.Granted.DELIVERED).count()
                    + (current.deliverAt().isAfter(now) ? 0 : already);
            boolean done = next.done();
            GrantJob progressed = current.progressed(next.encode(), done, pageExamined, results.size(),
                    delivered, already, clock.instant());
            saved[0] = done ? progressed.leased(null, null) : progressed;
            if (!perks.saveJob(saved[0], owner)) {
                LOG.warnf("schedule-perk %s: grant %s was taken over by another invocation; stopping", programId,
                        grant.perkId());
                return new ShardWalk.Page(pageExamined, next, true);
            }
            BusinessMetrics.emit(clock.instant(), Map.of("programId", programId), Map.of(
                    "PerksDelivered", BusinessMetrics.Value.count(results.stream()
                            .filter(r -> r == MemberPerks.Granted.DELIVERED).count())));
            LOG.infof("schedule-perk %s: grant %s shard %d/%d, %d members examined, %d granted (%d delivered), "
                    + "%d already had it", programId, grant.perkId(), Math.min(next.shard() + 1, Shards.COUNT),
                    Shards.COUNT, saved[0].examined(), saved[0].granted(), saved[0].delivered(), saved[0].alreadyHad());
            return ShardWalk.Page.of(pageExamined, next);
        });
        if (end.stopped() || end.done()) {
            return saved[0];
        }
        GrantJob paused = saved[0].leased(null, null);
        perks.saveJob(paused, owner);
        LOG.infof("schedule-perk %s: grant %s paused after %d members this call (%d in all), cursor saved",
                programId, grant.perkId(), walk.examined(), saved[0].examined());
        return paused;
    }

    /** One page of the shard's members from the index that narrows the audience best; the audience filters it. */
    private MemberTable.ListedPage listed(String programId, Audience audience, LocalDate today, int shard,
            String after, int limit) {
        if (audience instanceof Audience.SilentFor silent) {
            return members.listed(programId, MemberTable.Listing.LAST_ACTIVE_ON_OR_BEFORE,
                    silent.lastActiveOnOrBefore(today), shard, after, limit);
        }
        if (audience instanceof Audience.FirstWeekDay day) {
            return members.listed(programId, MemberTable.Listing.JOINED_ON, day.joinedOn(today), shard, after, limit);
        }
        return members.listed(programId, MemberTable.Listing.EVERY_MEMBER, null, shard, after, limit);
    }
}
