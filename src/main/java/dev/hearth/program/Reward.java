package dev.hearth.program;

import java.time.Instant;
import java.util.List;

/**
 * A perk members buy with points: what it gives ({@code offer}: kind, title, note, validDays), what it
 * costs, and who may have it when.
 *
 * @param stock how many there are in all (the salon's 30 seats); null: no limit
 * @param perMemberLimit how many one member may hold at once (a cancelled one no longer counts); null: no limit
 * @param tiers the tiers whose members may redeem it; empty: every tier
 * @param from the first instant it may be redeemed; null: from now
 * @param until the instant it may no longer be redeemed; null: no end
 */
public record Reward(String rewardId, PerkOffer offer, long pointsCost, Long stock, Integer perMemberLimit,
        List<String> tiers, Instant from, Instant until) {

    /**
     * A redeemed reward is the member's perk {@code reward:<redemptionId>}: no catalogue perk or grant
     * may take an id that starts so.
     */
    public static final String PERK_ID_PREFIX = "reward:";

    public static String perkId(String redemptionId) {
        return PERK_ID_PREFIX + redemptionId;
    }

    public Reward {
        tiers = List.copyOf(tiers);
        if (pointsCost < 1) {
            throw new IllegalArgumentException("a reward costs at least 1 point");
        }
        if (from != null && until != null && !until.isAfter(from)) {
            throw new IllegalArgumentException("a reward's window must end after it starts");
        }
    }

    /** Whether a member of this tier may redeem it. */
    public boolean allows(String tier) {
        return tiers.isEmpty() || tiers.contains(tier);
    }

    /** Whether it may be redeemed at this instant. */
    public boolean openAt(Instant at) {
        return (from == null || !at.isBefore(from)) && (until == null || at.isBefore(until));
    }
}
