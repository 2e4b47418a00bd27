package dev.hearth.program;

/**
 * When an invitation Hearth recorded ({@code invitedBy} at join) becomes a successful referral,
 * credited once to its one inviter.
 */
public enum ReferralCredit {
    /** When the invitee joins (the brief's default). */
    JOIN,
    /** When the invitee makes their first purchase. */
    FIRST_PURCHASE
}
