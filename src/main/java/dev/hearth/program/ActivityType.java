package dev.hearth.program;

/** What a member did. */
public enum ActivityType {
    PURCHASE,
    REFUND,
    QUALITY_POST,
    REFERRAL,
    EVENT_ATTENDANCE,
    FEEDBACK,
    INTERACTION,
    CHECK_IN,
    /** Written by Hearth itself when points pass their expiry date; never sent by a client. */
    EXPIRY
}
