package dev.hearth.runs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.hearth.config.HearthConfig;
import dev.hearth.edge.FailureMarker;

import dev.hearth.perk.RunPerkDay;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramTable;
import dev.hearth.program.Programs;
import dev.hearth.retention.TakeSnapshot;
import dev.hearth.tier.ReviewTiers;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * run-programs' use case: a job for every program (or one), each at its own local time: a program
 * in Asia/Shanghai and one in Europe/Berlin each get their own yesterday's snapshot and their own
 * night's review. Each program's run keeps its own position (review cursor, perk day state), so a
 * run cut short carries on at the next tick.
 */
@ApplicationScoped
public class RunPrograms {

    private static final Logger LOG = Logger.getLogger(RunPrograms.class);
    static final int NO_LIMIT = 10_000_000;

    private final ProgramTable table;
    private final Programs programs;
    private final TakeSnapshot snapshots;
    private final ReviewTiers reviews;
    private final RunPerkDay perkDays;
    private final Clock clock;
    private final Duration budget;

    public RunPrograms(ProgramTable table, Programs programs, TakeSnapshot snapshots, ReviewTiers reviews,
            RunPerkDay perkDays, Clock clock, HearthConfig config) {
        this.budget = config.runPrograms().timeBudget();
        this.table = table;
        this.programs = programs;
        this.snapshots = snapshots;
        this.reviews = reviews;
        this.perkDays = perkDays;
        this.clock = clock;
    }

    /**
     * What the job did for one program: its local time, whether it ran (not due, already done, or
     * no time left: the next tick carries on), the date it ran for, and the run's outcome (the
     * snapshot, or the review's or the perk day's counts: each registered in NativeReflection) or failure.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProgramRun(String programId, String localTime, boolean ran, String date, Object outcome,
            String failure, String late) {
        ProgramRun(String programId, String localTime, boolean ran, String date, Object outcome) {
            this(programId, localTime, ran, date, outcome, null, null);
        }

        ProgramRun(String programId, String localTime, boolean ran, String date, Object outcome, String failure) {
            this(programId, localTime, ran, date, outcome, failure, null);
        }

        ProgramRun lateBy(String what) {
            return new ProgramRun(programId, localTime, ran, date, outcome, failure, what);
        }
    }

    /**
     * The job for every program (or one), in program id order, within one time budget: the first
     * program always runs; a program whose run fails is named and the others still run, then the
     * call fails so that the schedule's retries and alarm see it.
     */
    public List<ProgramRun> run(Job job, String onlyProgramId) {
        List<String> ids = onlyProgramId == null ? table.programIds() : List.of(onlyProgramId);
        Instant deadline = clock.instant().plus(budget);
        List<ProgramRun> runs = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String programId : ids) {
            Program program = programs.require(programId);
            Duration left = Duration.between(clock.instant(), deadline);
            if (!runs.isEmpty() && (left.isNegative() || left.isZero())) {
                runs.add(new ProgramRun(programId, null, false, null, null, "no time left in this call"));
                continue;
            }
            try {
                runs.add(runOne(job, program, left));
            } catch (RuntimeException e) {
                LOG.errorf(e, "run-programs %s: program %s failed", job, programId);
                failed.add(programId);
                runs.add(new ProgramRun(programId, null, false, null, null, e.getClass().getSimpleName()));
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("run-programs " + job + ": the run of " + failed + " failed (see the log); "
                    + "the other programs' runs are done");
        }
        return runs;
    }

    private ProgramRun runOne(Job job, Program program, Duration left) {
        String programId = program.programId();
        ZonedDateTime local = clock.instant().atZone(program.timeZone());
        LocalDate today = local.toLocalDate();
        String localTime = local.toLocalDateTime().withNano(0).toString();
        if (!job.dueAt(local.toLocalTime())) {
            ProgramRun notDue = new ProgramRun(programId, localTime, false, null, null);
            boolean reviewJustClosed = job == Job.TIER_REVIEW && !local.toLocalTime().isBefore(Job.REVIEW_UNTIL)
                    && local.toLocalTime().isBefore(Job.REVIEW_CHECKED_UNTIL);
            return reviewJustClosed && !reviews.finished(program, today)
                    ? notDue.lateBy(late(programId, "the tier review of the night of " + today + " did not finish by "
                            + Job.REVIEW_UNTIL + " local; the members it did not reach are reviewed the next night"))
                    : notDue;
        }
        Object outcome;
        LocalDate date = today;
        String late = null;
        switch (job) {
            case SNAPSHOT -> {
                date = today.minusDays(1);
                if (!snapshots.stored(program, date, date).isEmpty()) {
                    return new ProgramRun(programId, localTime, false, date.toString(), null);
                }
                if (!local.toLocalTime().isBefore(Job.SNAPSHOT_BY)) {
                    // Said before it is taken: if taking it fails, the lateness is still on record.
                    late = late(programId, "the snapshot of " + date + " was still missing at " + localTime
                            + " local (due by " + Job.SNAPSHOT_BY + "); taken now");
                }
                outcome = snapshots.compute(program, date);
            }
            case TIER_REVIEW -> outcome = reviews.tonight(program, NO_LIMIT, left);
            default -> outcome = perkDays.run(program, today, NO_LIMIT, left);
        }
        LOG.infof("run-programs %s: program %s at %s local", job, programId, localTime);
        ProgramRun run = new ProgramRun(programId, localTime, true, date.toString(), outcome);
        return late == null ? run : run.lateBy(late);
    }

    /** The program's nightly work is late: logged with the marker the stack alarms on. */
    private static String late(String programId, String what) {
        LOG.warnf("%s program %s: %s", FailureMarker.RUN_LATE, programId, what);
        return what;
    }
}
