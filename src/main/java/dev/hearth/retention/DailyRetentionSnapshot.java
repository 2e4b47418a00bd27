package dev.hearth.retention;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import dev.hearth.program.Program;
import dev.hearth.program.Programs;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The day's retention figures for a program, computed from counters kept as activity arrives
 * (never a scan of members), stored, and comparable day by day; or a range of stored snapshots
 * with each join cohort's retention curve, for dashboards.
 */
@Answered
public class DailyRetentionSnapshot {

    /** Either one day's snapshot, or a range: exactly one is present. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(String programId, Snapshot snapshot, List<Snapshot> snapshots,
            List<Snapshot.CohortCurve> cohorts) {
    }

    private final Programs programs;
    private final TakeSnapshot retention;
    private final Clock clock;

    public DailyRetentionSnapshot(Programs programs, TakeSnapshot retention, Clock clock) {
        this.programs = programs;
        this.retention = retention;
        this.clock = clock;
    }

    @Funq("daily-retention-snapshot")
    public Report snapshot(JsonNode event) {
        SnapshotEvent read = SnapshotEvent.read(event);
        String programId = read.programId();
        Program program = programs.require(programId);
        LocalDate today = clock.instant().atZone(program.timeZone()).toLocalDate();
        SnapshotEvent.Request request = read.on(today);
        if (request instanceof SnapshotEvent.Range range) {
            return new Report(programId, null, retention.stored(program, range.from(), range.to()),
                    retention.curves(program, range.from(), range.to(), today));
        }
        return new Report(programId, retention.compute(program, ((SnapshotEvent.OneDay) request).date()), null, null);
    }
}
