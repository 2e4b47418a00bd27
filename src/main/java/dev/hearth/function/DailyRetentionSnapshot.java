package dev.hearth.function;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.error.HearthException;
import dev.hearth.program.Program;
import dev.hearth.retention.Snapshot;
import dev.hearth.store.RetentionSnapshots;
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
    private final RetentionSnapshots retention;
    private final Clock clock;

    public DailyRetentionSnapshot(Programs programs, RetentionSnapshots retention, Clock clock) {
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
            LocalDate date = date(fields, "date");
            date = date == null ? today.minusDays(1) : notAfter(date, today, "date");
            return new Report(programId, retention.compute(program, date), null, null);
        }
        LocalDate from = date(fields, "from");
        LocalDate to = date(fields, "to");
        if (from == null) {
            throw HearthException.missing("from");
        }
        if (to == null) {
            throw HearthException.missing("to");
        }
        notAfter(to, today, "to");
        if (from.isAfter(to)) {
            throw HearthException.invalid("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
            throw HearthException.invalid("to", "a range covers at most " + MAX_RANGE_DAYS + " days");
        }
        return new Report(programId, null, retention.stored(program, from, to),
                retention.curves(program, from, to, today));
    }

    private static LocalDate date(EventFields fields, String field) {
        String text = fields.optionalText(field, 10);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw HearthException.invalid(field, "must be a local date such as 2026-11-22");
        }
    }

    private static LocalDate notAfter(LocalDate date, LocalDate today, String field) {
        if (date.isAfter(today)) {
            throw HearthException.invalid(field, "is in the future (today is " + today + " in the program's time zone)");
        }
        return date;
    }
}
