package dev.hearth.edge;

/**
 * Logged once for each member or perk a whole-program run had to pass over; the stack counts these
 * lines (a metric filter per function) and alarms, so that a skipped member is never silent.
 */
public final class FailureMarker {

    public static final String MEMBER_FAILED = "HEARTH_MEMBER_FAILED";

    private FailureMarker() {
    }
}
