package dev.hearth.program;

import java.util.Map;

/**
 * How activity turns into points: purchases earn per whole CNY (per 100 fen), other activity a
 * fixed amount; some activity types are capped per member and local day.
 */
public record EarningRules(long pointsPerCny, Map<ActivityType, Long> pointsPerActivity,
        Map<ActivityType, Integer> dailyCaps) {

    public EarningRules {
        pointsPerActivity = Map.copyOf(pointsPerActivity);
        dailyCaps = Map.copyOf(dailyCaps);
    }

    public long pointsForPurchase(long amountFen) {
        return Math.multiplyExact(amountFen / 100, pointsPerCny);
    }

    public long pointsFor(ActivityType type) {
        return pointsPerActivity.getOrDefault(type, 0L);
    }

    /** The most activities of this type a member earns points for in one local day, or null. */
    public Integer dailyCap(ActivityType type) {
        return dailyCaps.get(type);
    }
}
