package dev.hearth.ledger;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

import dev.hearth.program.ActivityType;

/**
 * How many activities of each capped type counted for one member on one local day. Kept per day
 * (not only for the latest day) so that a cap holds for every day, whatever order activities
 * arrive in: a check-in dated yesterday counts against yesterday's cap.
 */
public final class DailyCounts {

    private final LocalDate day;
    private final EnumMap<ActivityType, Integer> counts = new EnumMap<>(ActivityType.class);

    public DailyCounts(LocalDate day, Map<ActivityType, Integer> counts) {
        this.day = day;
        this.counts.putAll(counts);
    }

    public static DailyCounts none(LocalDate day) {
        return new DailyCounts(day, Map.of());
    }

    public LocalDate day() {
        return day;
    }

    public int count(ActivityType type) {
        return counts.getOrDefault(type, 0);
    }

    /** Counts one more of {@code type} if it is under {@code cap}; false (nothing counted) once the cap is reached. */
    public boolean countUnder(ActivityType type, int cap) {
        if (count(type) >= cap) {
            return false;
        }
        counts.merge(type, 1, Integer::sum);
        return true;
    }

    public Map<ActivityType, Integer> counts() {
        return Map.copyOf(counts);
    }

    public DailyCounts copy() {
        return new DailyCounts(day, counts);
    }
}
