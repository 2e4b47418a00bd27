package dev.hearth.runs;

import java.time.LocalTime;

/** A piece of scheduled work, and when in a program's local day it is due. */
public enum Job {
    /** Yesterday's retention snapshot, once it has closed: from 00:30 local, once (a stored one is kept). */
    SNAPSHOT,
    /** The night's tier review, carried on from its stored cursor: 02:00 to 06:00 local. */
    TIER_REVIEW,
    /** The perk day (routine steps, deliveries, expiries, unfinished grants): every run. */
    PERK_DAY;

    static final LocalTime SNAPSHOT_FROM = LocalTime.of(0, 30);
    /** By then yesterday's snapshot is stored (three ticks after SNAPSHOT_FROM); later, it is late. */
    static final LocalTime SNAPSHOT_BY = LocalTime.of(2, 0);
    static final LocalTime REVIEW_FROM = LocalTime.of(2, 0);
    static final LocalTime REVIEW_UNTIL = LocalTime.of(6, 0);
    /** The first quarter hour after the review's window: its one tick tells whether the night's review finished. */
    static final LocalTime REVIEW_CHECKED_UNTIL = LocalTime.of(6, 15);

    /** Whether the job is due at this local time (a stored snapshot is checked apart). */
    public boolean dueAt(LocalTime local) {
        return switch (this) {
            case SNAPSHOT -> !local.isBefore(SNAPSHOT_FROM);
            case TIER_REVIEW -> !local.isBefore(REVIEW_FROM) && local.isBefore(REVIEW_UNTIL);
            case PERK_DAY -> true;
        };
    }
}
