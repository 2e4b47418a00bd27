package dev.hearth.program;

/** What a perk is, so that the systems that fulfil it know how (an order attachment, a message, a seat). */
public enum PerkKind {
    EARLY_ACCESS, GIFT, SAMPLE, COUPON, INVITATION, SERVICE_CHANNEL, CUSTOM
}
