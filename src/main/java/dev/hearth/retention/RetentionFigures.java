package dev.hearth.retention;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.hearth.program.Program;
import dev.hearth.program.Tier;
import dev.hearth.squad.Squad;

/** The snapshot's arithmetic over the counters {@link Bookkeeping} keeps. Pure: no storage. */
public final class RetentionFigures {

    private RetentionFigures() {
    }

    /**
     * @param running the running counters ({@link RollUps#running}) summed over every day up to {@code date}
     * @param days counters per day item ("D#yyyy-mm-dd"), at least for the program's silent days ending {@code date}
     * @param cohorts counters per cohort item ("C#yyyy-mm-dd") for at least the 31 days up to {@code date}
     * @param known the program's squads by id (manage-squad's)
     */
    public static Snapshot snapshot(Program program, LocalDate date, Map<String, Long> running,
            Map<String, Map<String, Long>> days,
            Map<String, Map<String, Long>> cohorts, Map<String, Squad> known, List<Snapshot.KocCandidate> koc,
            Map<String, List<Snapshot.SilentMember>> churnRisk) {
        Map<String, Long> today = days.getOrDefault("D#" + date, Map.of());

        long total = running.getOrDefault("newMembers", 0L);
        long active7 = running.getOrDefault("w7", 0L);
        long active14 = running.getOrDefault("w14", 0L);
        long active30 = running.getOrDefault("w30", 0L);
        long newMembers = today.getOrDefault("newMembers", 0L);
        long referralJoins = today.getOrDefault("referralJoins", 0L);
        long buyers = running.getOrDefault("buyers", 0L);
        long repeatBuyers = running.getOrDefault("repeatBuyers", 0L);
        long feedbackCount = today.getOrDefault("feedbackCount", 0L);
        Map<String, Long> tiers = new LinkedHashMap<>();
        for (Tier tier : program.tiers()) {
            tiers.put(tier.id(), running.getOrDefault("tier." + tier.id(), 0L));
        }
        Map<String, Snapshot.Split> splits = new LinkedHashMap<>();
        for (String split : Snapshot.SPLITS) {
            splits.put(split, new Snapshot.Split(retention(cohorts, date, 1, split), retention(cohorts, date, 7, split),
                    retention(cohorts, date, 30, split)));
        }
        // Squads with members by the day that existed and were open on it; silent: none of their
        // members active in the program's silent days ending it, and at least that old.
        int silentDays = program.squadRules().silentDays();
        TreeSet<String> squads = new TreeSet<>();
        running.forEach((name, value) -> {
            String squadId = name.startsWith("squadMembers.") ? name.substring("squadMembers.".length()) : null;
            Squad squad = squadId == null ? null : known.get(squadId);
            if (value > 0 && squad != null && !squad.createdDay().isAfter(date)
                    && !squad.archivedBy(date, program.timeZone())) {
                squads.add(squadId);
            }
        });
        TreeSet<String> silent = new TreeSet<>(squads);
        silent.removeIf(id -> known.get(id).createdDay().isAfter(date.minusDays(silentDays)));
        for (int back = 0; back < silentDays; back++) {
            days.getOrDefault("D#" + date.minusDays(back), Map.of()).forEach((name, value) -> {
                if (name.startsWith("squadActive.") && value > 0) {
                    silent.remove(name.substring("squadActive.".length()));
                }
            });
        }
        return new Snapshot(program.programId(), date.toString(), total, newMembers, referralJoins,
                Snapshot.rate(referralJoins, newMembers), today.getOrDefault("active", 0L), active7, active30,
                total - active7, total - active14, total - active30,
                retention(cohorts, date, 1, null), retention(cohorts, date, 7, null),
                retention(cohorts, date, 30, null), splits,
                buyers, repeatBuyers, Snapshot.rate(repeatBuyers, buyers), feedbackCount,
                feedbackCount == 0 ? null
                        : Math.round(today.getOrDefault("feedbackSum", 0L) * 10_000.0 / feedbackCount) / 10_000.0,
                tiers, today.getOrDefault("issued", 0L), today.getOrDefault("reversed", 0L),
                today.getOrDefault("expired", 0L), squads.size(), silent.size(), Snapshot.rate(silent.size(),
                        squads.size()), silent.stream().limit(MAX_SQUAD_NAMES).map(id -> known.get(id).name()).toList(), koc,
                churnRisk);
    }

    static final int MAX_SQUAD_NAMES = 50;

    private static Snapshot.Retention retention(Map<String, Map<String, Long>> cohorts, LocalDate date, int offset,
            String split) {
        LocalDate joinDay = date.minusDays(offset);
        Map<String, Long> cohort = cohorts.getOrDefault("C#" + joinDay, Map.of());
        long size = count(cohort, "size", split);
        long active = count(cohort, "o" + offset, split);
        return new Snapshot.Retention(joinDay.toString(), size, active, Snapshot.rate(active, size));
    }

    /** A cohort counter for everyone (split null) or one split; the complements are differences. */
    private static long count(Map<String, Long> cohort, String counter, String split) {
        long all = cohort.getOrDefault(counter, 0L);
        if (split == null) {
            return all;
        }
        return switch (split) {
            case "connected" -> cohort.getOrDefault(counter + ".connected", 0L);
            case "notConnected" -> all - cohort.getOrDefault(counter + ".connected", 0L);
            case "referral" -> cohort.getOrDefault(counter + ".referral", 0L);
            case "direct" -> all - cohort.getOrDefault(counter + ".referral", 0L);
            default -> throw new IllegalArgumentException(split);
        };
    }

    /** The curve of each cohort that joined in [from, to], known up to {@code asOf}. */
    public static List<Snapshot.CohortCurve> curves(Map<String, Map<String, Long>> cohorts, LocalDate from,
            LocalDate to, LocalDate asOf) {
        List<Snapshot.CohortCurve> curves = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Map<String, Long> cohort = cohorts.getOrDefault("C#" + day, Map.of());
            long size = cohort.getOrDefault("size", 0L);
            if (size == 0) {
                continue;
            }
            List<Long> active = new ArrayList<>();
            List<Double> rate = new ArrayList<>();
            Map<String, List<Double>> splits = new LinkedHashMap<>();
            for (int n = 0; n <= Bookkeeping.MAX_OFFSET && !day.plusDays(n).isAfter(asOf); n++) {
                long a = cohort.getOrDefault("o" + n, 0L);
                active.add(a);
                rate.add(Snapshot.rate(a, size));
                for (String split : Snapshot.SPLITS) {
                    splits.computeIfAbsent(split, k -> new ArrayList<>()).add(Snapshot.rate(count(cohort, "o" + n, split),
                            count(cohort, "size", split)));
                }
            }
            curves.add(new Snapshot.CohortCurve(day.toString(), size, active, rate, splits));
        }
        return curves;
    }

    /**
     * One retention curve per split ({@link Snapshot#SPLITS}) over the cohorts that joined in [from, to]:
     * rate[n] = members active n days after joining over the members of the cohorts that had reached
     * day n by {@code asOf} (n = 0..30), null where none had.
     */
    public static Map<String, List<Double>> blended(Map<String, Map<String, Long>> cohorts, LocalDate from,
            LocalDate to, LocalDate asOf) {
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        for (String split : Snapshot.SPLITS) {
            List<Double> rates = new ArrayList<>();
            for (int n = 0; n <= Bookkeeping.MAX_OFFSET; n++) {
                long size = 0;
                long active = 0;
                for (LocalDate day = from; !day.isAfter(to) && !day.plusDays(n).isAfter(asOf); day = day.plusDays(1)) {
                    Map<String, Long> cohort = cohorts.getOrDefault("C#" + day, Map.of());
                    size += count(cohort, "size", split);
                    active += count(cohort, "o" + n, split);
                }
                rates.add(Snapshot.rate(active, size));
            }
            curves.put(split, rates);
        }
        return curves;
    }
}
