package dev.hearth.ledger;

import java.time.Instant;
import java.time.LocalDate;

import dev.hearth.program.ActivityType;

/**
 * A recorded activity and what it did to the member: the ledger line, and the first answer
 * returned again for a repeated activityId.
 *
 * @param points the change to the balance (negative for refunds and expiry)
 * @param lotDay for a purchase, the lot its points went into (a refund takes them back from there)
 * @param refundedBy for a purchase, the refund that reversed it, once there is one
 * @param tierBefore the member's tier before this entry (null on entries recorded before it was kept)
 * @param byHearth true for the entries Hearth writes itself (a referral credited from an invitation,
 *        expired points): they live apart from client activityIds, which can never reach them
 */
public record LedgerEntry(String activityId, ActivityType type, long points, Long amountFen, String refundOf,
        String withMemberId, Integer score, Instant occurredAt, Instant recordedAt, LocalDate lotDay,
        long balanceAfter, String tierAfter, boolean tierChanged, String refundedBy, String tierBefore,
        boolean byHearth) {

    /** The same entry, as one Hearth writes itself (in its own namespace). */
    LedgerEntry writtenByHearth() {
        return new LedgerEntry(activityId, type, points, amountFen, refundOf, withMemberId, score, occurredAt,
                recordedAt, lotDay, balanceAfter, tierAfter, tierChanged, refundedBy, tierBefore, true);
    }
}
