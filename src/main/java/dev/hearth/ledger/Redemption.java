package dev.hearth.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * A member's redemption of a reward, once per redemptionId: what it cost, the lots the points came
 * from (by earning day: a cancellation gives them back there, so they expire when they always
 * would have), whether it took one of the reward's stock (a cancellation gives exactly that back),
 * the perk it gave, and its cancellation once there is one.
 */
public record Redemption(String redemptionId, String rewardId, String perkId, long pointsCost,
        Map<LocalDate, Long> lots, boolean stockTaken, Instant redeemedAt, long balanceAfter, Instant cancelledAt,
        Long balanceAfterCancel) {

    public Redemption {
        lots = java.util.Collections.unmodifiableMap(new TreeMap<>(lots));
    }

    public boolean cancelled() {
        return cancelledAt != null;
    }

    public Redemption cancel(Instant at, long balance) {
        return new Redemption(redemptionId, rewardId, perkId, pointsCost, lots, stockTaken, redeemedAt, balanceAfter, at,
                balance);
    }

    /** The ledger line of the points spent (Hearth's own entry: no client activityId can reach it). */
    public LedgerEntry spentEntry(Member after) {
        return new LedgerEntry("redeem:" + redemptionId, dev.hearth.program.ActivityType.REDEMPTION, -pointsCost, null,
                null, null, null, redeemedAt, redeemedAt, null, after.pointsBalance, after.tier, false, null, after.tier,
                true);
    }

    /** The reversing ledger line of a cancellation: the same points, back. */
    public LedgerEntry returnedEntry(Member after) {
        return new LedgerEntry("redeem-cancel:" + redemptionId, dev.hearth.program.ActivityType.REDEMPTION_CANCELLED,
                pointsCost, null, null, null, null, cancelledAt, cancelledAt, null, after.pointsBalance, after.tier, false,
                null, after.tier, true);
    }
}
