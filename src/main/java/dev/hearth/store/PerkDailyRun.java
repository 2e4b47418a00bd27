package dev.hearth.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hearth.perk.Audience;
import dev.hearth.perk.Perk;
import dev.hearth.perk.PerkCatalogue;
import dev.hearth.program.Program;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The daily run of a program's perks for one local day: each member on day 2..7 of membership gets
 * that day's routine step; every perk due by then is delivered (with its event) and every perk
 * past its expiry expires; unfinished grants carry on. Everything it does is conditional on the
 * state it found, so running a day again changes nothing, and a run cut short by its time budget
 * is simply run again (the schedule calls every 15 minutes).
 */
@ApplicationScoped
public class PerkDailyRun {

    private static final Logger LOG = Logger.getLogger(PerkDailyRun.class);
    static final int PAGE_SIZE = 100;

    private final MemberTable members;
    private final PerkTable perks;
    private final MemberPerks memberPerks;
    private final PerkFanOut fanOut;
    private final Workers workers;
    private final Clock clock;
    private final Duration budget;

    public PerkDailyRun(MemberTable members, PerkTable perks, MemberPerks memberPerks, PerkFanOut fanOut,
            Workers workers, Clock clock,
            @ConfigProperty(name = "hearth.schedule-perk.time-budget", defaultValue = "PT10M") Duration budget) {
        this.members = members;
        this.perks = perks;
        this.memberPerks = memberPerks;
        this.fanOut = fanOut;
        this.workers = workers;
        this.clock = clock;
        this.budget = budget;
    }

    /** What one invocation of the daily run did; complete = false: call again (the schedule will). */
    public record Run(String date, int routinePerks, int delivered, int expired, int grantsContinued,
            boolean routineDone, boolean complete) {
    }

    /** What the run did to one due perk (NONE: someone else changed it first). */
    private enum Step {
        DELIVERED, EXPIRED, NONE
    }

    public Run run(Program program, LocalDate date, int limit) {
        Instant started = clock.instant();
        Instant deadline = started.plus(budget);
        String programId = program.programId();
        Instant endOfDay = date.plusDays(1).atStartOfDay(program.timeZone()).toInstant();
        Instant cutoff = started.isBefore(endOfDay) ? started : endOfDay;
        int[] work = new int[1];

        int routine = 0;
        boolean routineDone = perks.routineDone(programId, date);
        if (!routineDone) {
            Instant stepAt = date.atStartOfDay(program.timeZone()).toInstant();
            routine = routineSteps(program, date, stepAt, deadline, limit, work);
            routineDone = work[0] < limit && clock.instant().isBefore(deadline);
            if (routineDone) {
                perks.markRoutineDone(programId, date, routine, clock.instant());
            }
            LOG.infof("schedule-perk %s: %s routine steps: %d perks for members on day 2..%d%s", programId, date,
                    routine, PerkCatalogue.ROUTINE_DAYS, routineDone ? "" : " (paused: run again)");
        }

        int delivered = 0;
        int expired = 0;
        boolean drained = true;
        for (int shard = 0; shard < MemberTable.SHARDS; shard++) {
            Map<String, AttributeValue> start = null;
            do {
                if (work[0] >= limit || !clock.instant().isBefore(deadline)) {
                    drained = false;
                    break;
                }
                PerkTable.DuePage page = perks.due(programId, shard, cutoff, start, PAGE_SIZE);
                work[0] += page.perks().size();
                Instant now = clock.instant();
                List<Step> steps = workers.each(page.perks(), p -> {
                    if (p.expiredBy(cutoff)) {
                        return memberPerks.expire(p, now) ? Step.EXPIRED : Step.NONE;
                    }
                    return p.dueBy(cutoff) && memberPerks.deliver(p, now) ? Step.DELIVERED : Step.NONE;
                });
                delivered += (int) steps.stream().filter(Step.DELIVERED::equals).count();
                expired += (int) steps.stream().filter(Step.EXPIRED::equals).count();
                start = page.next();
            } while (start != null);
            if (!drained) {
                break;
            }
        }
        LOG.infof("schedule-perk %s: %s: %d perks delivered, %d expired%s", programId, date, delivered, expired,
                drained ? "" : " (paused: run again)");

        int grants = 0;
        if (drained && date.equals(started.atZone(program.timeZone()).toLocalDate())) {
            grants = fanOut.resumeOpen(program, deadline, Math.max(0, limit - work[0]));
        }
        return new Run(date.toString(), routine, delivered, expired, grants, routineDone, routineDone && drained);
    }

    /** Day N's routine perks (N = 2..7) for every member who joined N - 1 days before {@code date}. */
    private int routineSteps(Program program, LocalDate date, Instant stepAt, Instant deadline, int limit, int[] work) {
        String programId = program.programId();
        int given = 0;
        for (int day = 2; day <= PerkCatalogue.ROUTINE_DAYS; day++) {
            if (!program.perks().routine().containsKey(day)) {
                continue;
            }
            Audience.FirstWeekDay audience = new Audience.FirstWeekDay(day);
            for (int shard = 0; shard < MemberTable.SHARDS; shard++) {
                String after = null;
                do {
                    if (work[0] >= limit || !clock.instant().isBefore(deadline)) {
                        return given;
                    }
                    MemberTable.CandidatePage page = members.candidates(programId, audience, date, shard, after,
                            PAGE_SIZE);
                    work[0] += page.members().size();
                    Instant now = clock.instant();
                    long membershipDay = day;
                    List<Perk> step = page.members().stream().flatMap(m -> program.perks()
                            .routineStep(programId, m.memberId(), membershipDay, stepAt, now).stream()).toList();
                    given += (int) workers.each(step, p -> memberPerks.grant(p, now)).stream()
                            .filter(g -> g != MemberPerks.Granted.ALREADY_HAD).count();
                    after = page.continueAfter();
                } while (after != null);
            }
        }
        return given;
    }
}
