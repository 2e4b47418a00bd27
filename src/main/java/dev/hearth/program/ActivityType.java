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
    EXPIRY,
    /** Written by Hearth itself: points spent on a reward (redeem-reward); never sent by a client. */
    REDEMPTION,
    /** Written by Hearth itself: a redemption cancelled, its points given back; never sent by a client. */
    REDEMPTION_CANCELLED
}
