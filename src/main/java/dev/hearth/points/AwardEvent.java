package dev.hearth.points;

import java.time.Instant;
import java.util.EnumSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.EventReader;
import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.Activity;
import dev.hearth.program.ActivityType;

/** award-points' event: one activity of one member, with the fields its type uses and no other. */
public record AwardEvent(String programId, String memberId, Activity activity) {

    /** What a client may report; REFERRAL, EXPIRY and the redemptions are written by Hearth itself. */
    static final EnumSet<ActivityType> CLIENT_TYPES = EnumSet.complementOf(EnumSet.of(ActivityType.REFERRAL,
            ActivityType.EXPIRY, ActivityType.REDEMPTION, ActivityType.REDEMPTION_CANCELLED));

    /** One million CNY: more than any single purchase this product expects, so a typo, not a sale. */
    static final long MAX_AMOUNT_FEN = 100_000_000L;

    static final Field PROGRAM_ID = Field.id("programId");
    static final Field MEMBER_ID = Field.id("memberId");
    static final Field ACTIVITY_ID = Field.id("activityId");
    static final Field TYPE = Field.oneOf("type", CLIENT_TYPES);
    static final Field AMOUNT_FEN = Field.number("amountFen", 1, MAX_AMOUNT_FEN);
    static final Field REFUND_OF = Field.id("refundOf");
    static final Field WITH_MEMBER_ID = Field.id("withMemberId");
    static final Field SCORE = Field.number("score", 1, 5);
    static final Field OCCURRED_AT = Field.instant("occurredAt");
    public static final EventShape SHAPE = EventShape.of("award-points", PROGRAM_ID, MEMBER_ID, ACTIVITY_ID, TYPE,
            AMOUNT_FEN, REFUND_OF, WITH_MEMBER_ID, SCORE, OCCURRED_AT);

    /** The event, checked; {@code occurredAt} defaults to {@code now}. */
    public static AwardEvent read(JsonNode json, Instant now) {
        EventReader fields = SHAPE.read(json);
        String programId = fields.requiredId(PROGRAM_ID);
        String memberId = fields.requiredId(MEMBER_ID);
        return new AwardEvent(programId, memberId, activity(fields, memberId, now));
    }

    private static Activity activity(EventReader fields, String memberId, Instant now) {
        String activityId = fields.requiredId(ACTIVITY_ID);
        if (fields.hasText(TYPE, ActivityType.REFERRAL.name())) {
            // A referral is not a claim: it is credited from an invitation Hearth recorded.
            throw HearthException.invalid("type", "REFERRAL is not sent by clients: Hearth credits the inviter "
                    + "from the invitation recorded when the invitee joined (onboard-member invitedBy)");
        }
        ActivityType type = fields.requiredEnum(TYPE, CLIENT_TYPES);
        Long amountFen = fields.optionalWholeNumber(AMOUNT_FEN);
        String refundOf = fields.optionalId(REFUND_OF);
        String withMemberId = fields.optionalId(WITH_MEMBER_ID);
        Long score = fields.optionalWholeNumber(SCORE);
        Instant occurredAt = fields.optionalPastInstant(OCCURRED_AT, now);

        String notFor = "is not used by " + type;
        switch (type) {
            case PURCHASE -> {
                if (amountFen == null) {
                    throw HearthException.missing("amountFen");
                }
            }
            case REFUND -> {
                if (refundOf == null) {
                    throw HearthException.missing("refundOf");
                }
            }
            case INTERACTION -> {
                if (withMemberId == null) {
                    throw HearthException.missing("withMemberId");
                }
                if (withMemberId.equals(memberId)) {
                    throw new HearthException(ErrorCode.SELF_INTERACTION, "withMemberId",
                            "must be another member than memberId");
                }
            }
            default -> {
            }
        }
        if (type != ActivityType.PURCHASE && type != ActivityType.REFUND) {
            fields.reject(AMOUNT_FEN, notFor);
        }
        if (type != ActivityType.REFUND) {
            fields.reject(REFUND_OF, notFor);
        }
        if (type != ActivityType.INTERACTION) {
            fields.reject(WITH_MEMBER_ID, notFor);
        }
        if (type != ActivityType.FEEDBACK) {
            fields.reject(SCORE, notFor);
        }
        if (amountFen != null && amountFen < AMOUNT_FEN.minimum()) {
            throw HearthException.invalid("amountFen", "must be greater than 0");
        }
        if (amountFen != null && amountFen > AMOUNT_FEN.maximum()) {
            throw HearthException.invalid("amountFen", "must be at most " + MAX_AMOUNT_FEN + " (1,000,000 CNY)");
        }
        if (score != null && (score < SCORE.minimum() || score > SCORE.maximum())) {
            throw HearthException.invalid("score", "must be from 1 to 5");
        }
        return new Activity(activityId, type, amountFen, refundOf, withMemberId,
                score == null ? null : score.intValue(), occurredAt == null ? now : occurredAt);
    }
}
