package dev.hearth.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.program.Program;
import dev.hearth.retention.RetentionFigures;
import dev.hearth.retention.Snapshot;

/** Computes a day's snapshot from the stats counters, stores it, and reads stored ones back. */
@ApplicationScoped
public class RetentionSnapshots {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StatsTable stats;

    public RetentionSnapshots(StatsTable stats) {
        this.stats = stats;
    }

    public Snapshot compute(Program program, LocalDate date) {
        var days = stats.sum(program.programId(), "D#0000-01-01", "D#" + date);
        var cohorts = stats.sum(program.programId(), "C#" + date.minusDays(31), "C#" + date);
        Snapshot snapshot = RetentionFigures.snapshot(program, date, days, cohorts);
        try {
            stats.putSnapshot(program.programId(), date, JSON.writeValueAsString(snapshot));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the snapshot", e);
        }
        return snapshot;
    }

    public List<Snapshot> stored(Program program, LocalDate from, LocalDate to) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (String figures : stats.snapshots(program.programId(), from, to)) {
            try {
                snapshots.add(JSON.readValue(figures, Snapshot.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable stored snapshot", e);
            }
        }
        return snapshots;
    }

    public List<Snapshot.CohortCurve> curves(Program program, LocalDate from, LocalDate to, LocalDate asOf) {
        var cohorts = stats.sum(program.programId(), "C#" + from, "C#" + to);
        return RetentionFigures.curves(cohorts, from, to, asOf);
    }
}
