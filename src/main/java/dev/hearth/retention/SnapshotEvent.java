package dev.hearth.retention;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.EventReader;
import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;
import dev.hearth.edge.HearthException;

/**
 * daily-retention-snapshot's event: one day ({@code date}, default yesterday) or a range of stored
 * days ({@code from}, {@code to}). Dates are checked against the program's today, so they are read
 * once the program is known ({@link #on}).
 */
public record SnapshotEvent(String programId, boolean range, EventReader fields) {

    static final int MAX_RANGE_DAYS = 366;
    static final Field PROGRAM_ID = Field.id("programId");
    static final Field DATE = Field.date("date");
    static final Field FROM = Field.date("from");
    static final Field TO = Field.date("to");
    public static final EventShape SHAPE = EventShape.of("daily-retention-snapshot", PROGRAM_ID, DATE, FROM, TO);

    /** What is asked for, with the dates read. */
    public sealed interface Request {
    }

    /** One day's snapshot. */
    public record OneDay(LocalDate date) implements Request {
    }

    /** The stored snapshots of [from, to], and the cohorts' curves. */
    public record Range(LocalDate from, LocalDate to) implements Request {
    }

    public static SnapshotEvent read(JsonNode json) {
        EventReader fields = SHAPE.read(json);
        String programId = fields.requiredId(PROGRAM_ID);
        boolean range = fields.has(FROM) || fields.has(TO);
        if (range) {
            fields.reject(DATE, "is not used with from/to");
        }
        return new SnapshotEvent(programId, range, fields);
    }

    /** The request, its dates checked against {@code today} in the program's time zone. */
    public Request on(LocalDate today) {
        if (!range) {
            LocalDate date = fields.optionalDate(DATE, today);
            return new OneDay(date == null ? today.minusDays(1) : date);
        }
        LocalDate from = fields.optionalDate(FROM, null);
        LocalDate to = fields.optionalDate(TO, today);
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
        return new Range(from, to);
    }
}
