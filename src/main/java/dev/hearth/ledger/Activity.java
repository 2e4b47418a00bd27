package dev.hearth.ledger;

import java.time.Instant;

import dev.hearth.program.ActivityType;

/**
 * One thing a member did, as the client reported it. Optional fields are null when absent.
 *
 * @param amountFen a purchase's amount, or a refund's (defaults to the whole purchase)
 * @param refundOf the activityId of the purchase a refund reverses
 * @param withMemberId the other member of an interaction, or the referred member of a referral
 * @param score a feedback score, 1 to 5
 */
public record Activity(String activityId, ActivityType type, Long amountFen, String refundOf, String withMemberId,
        Integer score, Instant occurredAt) {
}
