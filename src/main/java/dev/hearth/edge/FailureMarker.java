package dev.hearth.edge;

/**
 * Markers the stack counts in each function's log (a metric filter per marker and function), so
 * that nothing fails silently and a rejection is not mistaken for a failure.
 */
public final class FailureMarker {

    /** Logged once for each member or perk a whole-program run had to pass over; alarmed. */
    public static final String MEMBER_FAILED = "HEARTH_MEMBER_FAILED";
    /** Logged once for each request the function rejected (a [4xx] or [503] answer): the caller's to fix or repeat. */
    public static final String REJECTED = "HEARTH_REJECTED";
    /**
     * Logged by run-programs when a program's nightly work is late: yesterday's snapshot still
     * missing at 02:00 local, or the night's tier review not complete at 06:00 local; alarmed.
     */
    public static final String RUN_LATE = "HEARTH_RUN_LATE";
    /** Logged once for each request that failed in Hearth (a [500] answer), with the failure; alarmed. */
    public static final String FAILED = "HEARTH_FAILED";

    private FailureMarker() {
    }
}
