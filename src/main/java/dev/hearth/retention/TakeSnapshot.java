package dev.hearth.retention;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;

import dev.hearth.dynamodb.Shards;
import dev.hearth.edge.BusinessMetrics;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.Program;
import dev.hearth.squad.Squad;
import dev.hearth.squad.SquadTable;

/**
 * Computes a day's snapshot from the stats counters and the members' sparse indexes (the capped
 * lists), stores it, and reads stored ones back.
 */
@ApplicationScoped
public class TakeSnapshot {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(TakeSnapshot.class);

    private final StatsTable stats;
    private final MemberTable members;
    private final SquadTable squads;
    private final java.time.Clock clock;
    private final RetentionReports reports;

    public TakeSnapshot(StatsTable stats, MemberTable members, SquadTable squads, java.time.Clock clock,
            RetentionReports reports) {
        this.stats = stats;
        this.members = members;
        this.squads = squads;
        this.clock = clock;
        this.reports = reports;
    }

    public Snapshot compute(Program program, LocalDate date) {
        String programId = program.programId();
        Map<String, Long> running = new TreeMap<>();
        Map<String, Map<String, Long>> days = new TreeMap<>();
        dayCounters(program, date, running, days);
        // The cohorts the day's report draws (61 days) hold the 31 the snapshot needs: one read serves both.
        var cohorts = stats.sum(programId, RetentionReports.firstCohort(date), "C#" + date);
        List<Snapshot.KocCandidate> koc = members.topKoc(programId, Snapshot.LIST_SIZE).stream()
                .map(k -> new Snapshot.KocCandidate(k.memberId(), k.displayName(), k.qualityPosts(), k.activities()))
                .toList();
        Map<String, List<Snapshot.SilentMember>> churn = new LinkedHashMap<>();
        churn.put("sevenDays", silent(programId, date.minusDays(7)));
        churn.put("fourteenDays", silent(programId, date.minusDays(14)));
        churn.put("thirtyDays", silent(programId, date.minusDays(30)));
        Map<String, Squad> known = new HashMap<>();
        squads.all(programId).forEach(squad -> known.put(squad.squadId(), squad));
        Snapshot snapshot = RetentionFigures.snapshot(program, date, running, days, cohorts, known, koc, churn);
        publish(program, date, snapshot);
        // The report first, the snapshot last: the schedule takes a day whose snapshot is not stored
        // again, so a run that fails keeping the report is taken again whole.
        reports.shelve(program, snapshot, cohorts);
        try {
            stats.putSnapshot(program.programId(), date, JSON.writeValueAsString(snapshot));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the snapshot", e);
        }
        return snapshot;
    }

    /**
     * The running counters as of {@code date} and the days the figures read alone, summed over the
     * shards; each shard read from the top down to its roll-up (see {@link RollUps}), whose upkeep
     * follows: a month that has closed rolled up, late items folded.
     */
    private void dayCounters(Program program, LocalDate date, Map<String, Long> running,
            Map<String, Map<String, Long>> days) {
        LocalDate recentFrom = date.minusDays(Math.max(1, program.squadRules().silentDays()) - 1);
        LocalDate today = program.localDay(clock.instant());
        LocalDate firstRead = java.util.Collections.min(List.of(recentFrom, date.withDayOfMonth(1),
                date.minusDays(RollUps.REACH - 1)));
        // The roll-up and what is above it: two items (day, window) a day from firstRead, a few late items.
        int firstPage = (int) Math.min(1_000, 2 * (Math.max(0, ChronoUnit.DAYS.between(firstRead, today)) + 1) + 4);
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            String pk = Shards.key(program.programId(), shard);
            RollUps.Shard counters = fromTheTop(pk, firstPage, date, recentFrom);
            counters.runningAsOf(date).forEach((name, value) -> running.merge(name, value, Long::sum));
            counters.days().subMap(recentFrom, true, date, true).forEach((day, values) -> values
                    .forEach((name, value) -> days.computeIfAbsent(RollUps.dayKey(day), k -> new TreeMap<>())
                            .merge(name, value, Long::sum)));
            // Up to date in one run: a long history takes a few transactions (24 months each), each read afresh.
            for (RollUps.Roll due = counters.due(date, clock.instant()); due != null;) {
                Map<LocalDate, Map<String, Long>> rolled = due.firstDay() == null ? Map.of()
                        : RollUps.byDay(stats.items(pk, RollUps.dayKey(due.firstDay()), RollUps.dayEnd(due.lastDay())));
                if (!stats.roll(pk, due, due.counters(rolled))) {
                    // A late write came in between: its item changed. The next run rolls up again.
                    LOG.infof("stats roll-up of %s to %s put off: a late write came in", pk, due.newThrough());
                    break;
                }
                due = fromTheTop(pk, firstPage, date, recentFrom).due(date, clock.instant());
            }
        }
    }

    /** A shard read from the top down to what a snapshot of {@code date} needs (see {@link RollUps.Shard#enough}). */
    private RollUps.Shard fromTheTop(String pk, int firstPage, LocalDate date, LocalDate recentFrom) {
        var read = stats.fromTheTop(pk, firstPage, items -> RollUps.Shard.enough(items, date, recentFrom));
        return RollUps.Shard.of(read.getKey(), read.getValue());
    }

    /**
     * The day's figures as metrics, at noon of the day (local), so a trend lines up by day. A day
     * further back than CloudWatch takes (two weeks) is not published: its figures stay in the
     * stored snapshot. Rates with no base (no cohort that day) are left out, not written as 0.
     */
    private void publish(Program program, LocalDate date, Snapshot s) {
        java.time.Instant noon = date.atTime(12, 0).atZone(program.timeZone()).toInstant();
        if (noon.isBefore(clock.instant().minus(java.time.Duration.ofDays(13)))) {
            return;
        }
        Map<String, BusinessMetrics.Value> figures = new LinkedHashMap<>();
        figures.put("TotalMembers", BusinessMetrics.Value.count(s.totalMembers()));
        figures.put("NewMembers", BusinessMetrics.Value.count(s.newMembers()));
        figures.put("ActiveDay", BusinessMetrics.Value.count(s.activeDay()));
        figures.put("ActiveSevenDays", BusinessMetrics.Value.count(s.activeSevenDays()));
        figures.put("ActiveThirtyDays", BusinessMetrics.Value.count(s.activeThirtyDays()));
        figures.put("SilentSevenDays", BusinessMetrics.Value.count(s.silentSevenDays()));
        figures.put("SilentThirtyDays", BusinessMetrics.Value.count(s.silentThirtyDays()));
        figures.put("SilentSquads", BusinessMetrics.Value.count(s.silentSquads()));
        ratio(figures, "D1", s.d1().rate());
        ratio(figures, "D7", s.d7().rate());
        ratio(figures, "D30", s.d30().rate());
        ratio(figures, "RepurchaseRate", s.repurchaseRate());
        ratio(figures, "ReferralShare", s.referralShare());
        BusinessMetrics.emit(noon, Map.of("programId", program.programId()), figures);
        // Members per tier, a line each (the tier a dimension: programs name their own tiers).
        s.tierDistribution().forEach((tier, members) -> BusinessMetrics.emit(noon,
                Map.of("programId", program.programId(), "tier", tier),
                Map.of("TierMembers", BusinessMetrics.Value.count(members))));
    }

    private static void ratio(Map<String, BusinessMetrics.Value> figures, String name, Double rate) {
        if (rate != null) {
            figures.put(name, BusinessMetrics.Value.ratio(rate));
        }
    }

    private List<Snapshot.SilentMember> silent(String programId, LocalDate lastActiveOnOrBefore) {
        return members.silentSince(programId, lastActiveOnOrBefore, Snapshot.LIST_SIZE).stream().map(seq -> {
            int hash = seq.indexOf('#');
            return new Snapshot.SilentMember(seq.substring(hash + 1), seq.substring(0, hash));
        }).toList();
    }

    /**
     * Takes an erased member's name off every stored snapshot's KOC list (their id stays, as in the
     * churn lists: figures do not change); returns how many stored snapshots list them.
     */
    public int forgetName(String programId, String memberId) {
        int listing = 0;
        try {
            String idField = "\"memberId\":" + JSON.writeValueAsString(memberId);
            for (var stored : stats.snapshotsHolding(programId, idField).entrySet()) {
                Snapshot snapshot = JSON.readValue(stored.getValue(), Snapshot.class);
                Snapshot without = snapshot.withoutName(memberId);
                if (!without.equals(snapshot)) {
                    stats.putSnapshot(programId, stored.getKey(), JSON.writeValueAsString(without));
                }
                listing++;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored snapshot", e);
        }
        return listing;
    }

    public List<Snapshot> stored(Program program, LocalDate from, LocalDate to) {
        return stats.snapshots(program.programId(), from, to).stream().map(TakeSnapshot::read).toList();
    }

    static Snapshot read(String figures) {
        try {
            return JSON.readValue(figures, Snapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored snapshot", e);
        }
    }

    public List<Snapshot.CohortCurve> curves(Program program, LocalDate from, LocalDate to, LocalDate asOf) {
        var cohorts = stats.sum(program.programId(), "C#" + from, "C#" + to);
        return RetentionFigures.curves(cohorts, from, to, asOf);
    }
}
