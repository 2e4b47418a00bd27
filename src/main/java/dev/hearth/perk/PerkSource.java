package dev.hearth.perk;

/**
 * Why a member has a perk: an operator's or storefront's grant, a rule of the program's catalogue,
 * or a reward the member bought with points (redeem-reward).
 */
public enum PerkSource {
    GRANT, TIER, TAG, ROUTINE, REWARD
}
