package dev.hearth.perk;

/** Why a member has a perk: an operator's or storefront's grant, or a rule of the program's catalogue. */
public enum PerkSource {
    GRANT, TIER, TAG, ROUTINE
}
