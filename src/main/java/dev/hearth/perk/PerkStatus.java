package dev.hearth.perk;

/** A perk's life: SCHEDULED -> DELIVERED -> REDEEMED, or EXPIRED, or CANCELLED. */
public enum PerkStatus {
    SCHEDULED, DELIVERED, REDEEMED, EXPIRED, CANCELLED;

    /** Still waiting for delivery or for its member to use it. */
    public boolean open() {
        return this == SCHEDULED || this == DELIVERED;
    }
}
