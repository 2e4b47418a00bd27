package dev.hearth.retention;

import dev.hearth.edge.EventFields;
import dev.hearth.program.Programs;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.HearthException;
import dev.hearth.program.Program;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The day's retention figures for a program, computed from counters kept as activity arrives
 * (never a scan of members), stored, and comparable day by day; or a range of stored snapshots
 * with each join cohort's retention curve, for dashboards.
 */
public class DailyRetentionSnapshot {

    static final int MAX_RANGE_DAYS = 366;

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
        EventFields fields = EventFields.of(event, "daily-retention-snapshot", "programId", "date", "from", "to");
        String programId = fields.requiredId("programId");
        boolean range = fields.has("from") || fields.has("to");
        if (range) {
            fields.reject("date", "is not used with from/to");
        }
        Program program = programs.require(programId);
        LocalDate today = clock.instant().atZone(program.timeZone()).toLocalDate();
        if (!range) {
            LocalDate date = fields.optionalDate("date", today);
            date = date == null ? today.minusDays(1) : date;
            return new Report(programId, retention.compute(program, date), null, null);
        }
        LocalDate from = fields.optionalDate("from", null);
        LocalDate to = fields.optionalDate("to", today);
        if (from == null) {
            throw HearthException.missing("from");
        }
        if (to == null) {
            throw HearthException.missing("to");
        }
        if (from.isAfter(to)) {
            throw HearthException.invalid("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
            throw HearthException.invalid("to", "a range covers at most " + MAX_RANGE_DAYS + " days");
        }
        return new Report(programId, null, retention.stored(program, from, to),
                retention.curves(program, from, to, today));
    }
}
