package dev.hearth.program;

/**
 * When a squad counts as dying: quiet after {@code quietDays} local days with no member active,
 * silent after {@code silentDays} (the brief's 3 and 7; 40% of groups go silent within a week).
 */
public record SquadRules(int quietDays, int silentDays) {

    public static final SquadRules DEFAULT = new SquadRules(3, 7);
    /** The snapshot's and the health read's look-back is bounded by this. */
    public static final int MAX_DAYS = 90;

    public SquadRules {
        if (quietDays < 1 || silentDays <= quietDays || silentDays > MAX_DAYS) {
            throw new IllegalArgumentException("squad thresholds must be 1 <= quietDays < silentDays <= " + MAX_DAYS
                    + ", got " + quietDays + " and " + silentDays);
        }
    }
}
