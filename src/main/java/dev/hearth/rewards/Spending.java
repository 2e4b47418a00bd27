package dev.hearth.rewards;

import java.time.Duration;
import java.time.Instant;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.PointLots;
import dev.hearth.ledger.PointsExpiring;
import dev.hearth.ledger.Redemption;
import dev.hearth.perk.Perk;
import dev.hearth.perk.PerkSource;
import dev.hearth.program.Program;
import dev.hearth.program.Reward;

/**
 * The rules of spending points on a reward and of giving them back: plain Java, decided on the
 * member and stock as read; the transaction's conditions make them hold under concurrency.
 */
public final class Spending {

    private Spending() {
    }

    /** A redemption as decided: the member after it, and what it records. */
    public record Spent(Member member, Redemption redemption) {
    }

    /**
     * Spends the reward's cost from the member's oldest lots first (those that expire soonest).
     *
     * @param stockTaken how many of the reward's stock are taken, as read (0 on a first attempt, which
     *        reads no stock: the transaction's condition then decides)
     * @throws HearthException {@code [409] REWARD_NOT_AVAILABLE}, {@code [403] TIER_NOT_ALLOWED},
     *         {@code [409] LIMIT_REACHED}, {@code [409] OUT_OF_STOCK}, {@code [409] INSUFFICIENT_POINTS}
     */
    public static Spent redeem(Reward reward, Member member, long stockTaken, String redemptionId, Instant now) {
        String id = reward.rewardId();
        if (!reward.openAt(now)) {
            throw new HearthException(ErrorCode.REWARD_NOT_AVAILABLE, "rewardId", "reward " + id + " can be redeemed "
                    + (reward.from() == null ? "" : "from " + reward.from() + " ")
                    + (reward.until() == null ? "" : "until " + reward.until()));
        }
        if (!reward.allows(member.tier)) {
            throw new HearthException(ErrorCode.TIER_NOT_ALLOWED, "rewardId", "reward " + id + " is for members of "
                    + String.join(", ", reward.tiers()) + "; member " + member.memberId + " is " + member.tier);
        }
        long held = member.rewardsHeld.getOrDefault(id, 0L);
        if (reward.perMemberLimit() != null && held >= reward.perMemberLimit()) {
            throw new HearthException(ErrorCode.LIMIT_REACHED, "rewardId", "member " + member.memberId + " holds " + held
                    + " of reward " + id + ", as many as one member may (" + reward.perMemberLimit() + ")");
        }
        if (reward.stock() != null && stockTaken >= reward.stock()) {
            throw new HearthException(ErrorCode.OUT_OF_STOCK, "rewardId", "all " + reward.stock() + " of reward " + id
                    + " are taken");
        }
        if (member.pointsBalance < reward.pointsCost()) {
            throw new HearthException(ErrorCode.INSUFFICIENT_POINTS, "rewardId", "reward " + id + " costs "
                    + reward.pointsCost() + " points; member " + member.memberId + " has " + member.pointsBalance);
        }
        Member after = member.copy();
        var lots = PointLots.spend(after, reward.pointsCost());
        after.rewardsHeld.merge(id, 1L, Long::sum);
        return new Spent(after, new Redemption(redemptionId, id, Reward.perkId(redemptionId), reward.pointsCost(), lots,
                reward.stock() != null, now, after.pointsBalance, null, null));
    }

    /** The perk a redemption gives: delivered at once, expiring {@code validDays} later (0: never). */
    public static Perk perk(Reward reward, Member member, Redemption redemption, Instant now) {
        int days = reward.offer().validDays();
        return Perk.scheduled(member.programId, member.memberId, redemption.perkId(), PerkSource.REWARD, reward.offer(),
                now, days == 0 ? null : now.plus(Duration.ofDays(days)), now);
    }

    /** A cancellation: the same points back to the same lots (their original expiry), the reward no longer held. */
    public static Member giveBack(Program program, Member member, Redemption redemption) {
        Member after = member.copy();
        PointLots.restore(after, redemption.lots());
        // Points back in an old lot may be close to their expiry again: the daily run looks.
        redemption.lots().keySet().forEach(day -> PointsExpiring.lookFrom(program, after, day));
        after.rewardsHeld.computeIfPresent(redemption.rewardId(), (id, n) -> n <= 1 ? null : n - 1);
        return after;
    }
}
