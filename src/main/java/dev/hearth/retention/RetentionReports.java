package dev.hearth.retention;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.program.Program;
import dev.hearth.program.Programs;

/**
 * The daily retention report ({@link RetentionReport}): kept on the shelf each time a day's
 * snapshot is taken, and drawn on request (locally, {@code GET /report/<programId>?date=}) from
 * the stored snapshots and the cohort counters. Either way it reads one query of stored snapshots
 * and the cohort counters of 61 days, however old the program.
 */
@ApplicationScoped
public class RetentionReports {

    private final StatsTable stats;
    private final Programs programs;
    private final ReportShelf shelf;
    private final Clock clock;

    public RetentionReports(StatsTable stats, Programs programs, ReportShelf shelf, Clock clock) {
        this.stats = stats;
        this.programs = programs;
        this.shelf = shelf;
        this.clock = clock;
    }

    /** The cohort counters a report needs, from the first day of its curves to the day. */
    static String firstCohort(LocalDate date) {
        return "C#" + date.minusDays(RetentionReport.CURVE_COHORT_DAYS - 1);
    }

    /**
     * The report of a program's day, asked for as daily-retention-snapshot is ({@code date}: default
     * yesterday in the program's time zone, never in the future); the day's snapshot must be stored.
     */
    public String page(String programId, String date) {
        ObjectNode asked = JsonNodeFactory.instance.objectNode().put("programId", programId);
        if (date != null) {
            asked.put("date", date);
        }
        SnapshotEvent read = SnapshotEvent.read(asked);
        Program program = programs.require(read.programId());
        LocalDate day = ((SnapshotEvent.OneDay) read.on(clock.instant().atZone(program.timeZone()).toLocalDate())).date();
        List<Snapshot> trend = trend(program, day);
        Snapshot snapshot = trend.stream().filter(s -> s.date().equals(day.toString())).findFirst()
                .orElseThrow(() -> new HearthException(ErrorCode.SNAPSHOT_NOT_FOUND, "date", "no snapshot of " + day
                        + " is stored for program " + program.programId()
                        + "; take it with daily-retention-snapshot {\"programId\", \"date\"} first"));
        return RetentionReport.page(figures(program, snapshot, trend,
                stats.sum(program.programId(), firstCohort(day), "C#" + day)));
    }

    /** Keeps the day's report on the shelf, if reports are kept: called with the day's snapshot just computed. */
    void shelve(Program program, Snapshot snapshot, Map<String, Map<String, Long>> cohorts) {
        if (!shelf.open()) {
            return;
        }
        LocalDate day = LocalDate.parse(snapshot.date());
        // The day's stored copy, if any, is the one this snapshot replaces: draw the fresh one.
        List<Snapshot> trend = new ArrayList<>(trend(program, day).stream()
                .filter(s -> !s.date().equals(snapshot.date())).toList());
        trend.add(snapshot);
        shelf.put(program.programId(), day, RetentionReport.page(figures(program, snapshot, trend, cohorts)));
    }

    private List<Snapshot> trend(Program program, LocalDate last) {
        return stats.snapshots(program.programId(), last.minusDays(RetentionReport.TREND_DAYS - 1), last).stream()
                .map(TakeSnapshot::read).toList();
    }

    private static RetentionReport.Figures figures(Program program, Snapshot snapshot, List<Snapshot> trend,
            Map<String, Map<String, Long>> cohorts) {
        LocalDate day = LocalDate.parse(snapshot.date());
        return new RetentionReport.Figures(program, snapshot, trend,
                RetentionFigures.curves(cohorts, day.minusDays(RetentionReport.HEAT_MAP_COHORTS - 1), day, day),
                RetentionFigures.blended(cohorts, day.minusDays(RetentionReport.CURVE_COHORT_DAYS - 1), day, day));
    }
}
