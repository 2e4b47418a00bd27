package dev.hearth.points;

import dev.hearth.edge.EventFields;
import dev.hearth.program.Programs;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.Activity;
import dev.hearth.program.ActivityType;
import dev.hearth.program.Program;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Records one member activity exactly once and returns what it earned. */
public class AwardPoints {

    /** What a client may report; REFERRAL and EXPIRY are written by Hearth itself. */
    static final EnumSet<ActivityType> CLIENT_TYPES = EnumSet.complementOf(
            EnumSet.of(ActivityType.REFERRAL, ActivityType.EXPIRY));

    /** One million CNY: more than any single purchase this product expects, so a typo, not a sale. */
    static final long MAX_AMOUNT_FEN = 100_000_000L;

    /** The answer to an award; a repeated activityId gets the first answer with duplicate = true. */
    @RegisterForReflection
    public record AwardResult(String memberId, String activityId, long pointsAwarded, long pointsBalance, String tier,
            boolean tierChanged, boolean duplicate) {
    }

    private final Programs programs;
    private final AwardActivity awards;
    private final Clock clock;

    public AwardPoints(Programs programs, AwardActivity awards, Clock clock) {
        this.programs = programs;
        this.awards = awards;
        this.clock = clock;
    }

    @Funq("award-points")
    public AwardResult award(JsonNode event) {
        Instant now = clock.instant();
        EventFields fields = EventFields.of(event, "award-points", "programId", "memberId", "activityId", "type",
                "amountFen", "refundOf", "withMemberId", "score", "occurredAt");
        String programId = fields.requiredId("programId");
        String memberId = fields.requiredId("memberId");
        Activity activity = activity(fields, memberId, now);
        Program program = programs.require(programId);
        AwardActivity.Award award = awards.award(program, memberId, activity, now);
        return new AwardResult(memberId, activity.activityId(), award.entry().points(), award.entry().balanceAfter(),
                award.entry().tierAfter(), award.entry().tierChanged(), award.duplicate());
    }

    private static Activity activity(EventFields fields, String memberId, Instant now) {
        String activityId = fields.requiredId("activityId");
        if (fields.hasText("type", ActivityType.REFERRAL.name())) {
            // A referral is not a claim: it is credited from an invitation Hearth recorded.
            throw HearthException.invalid("type", "REFERRAL is not sent by clients: Hearth credits the inviter "
                    + "from the invitation recorded when the invitee joined (onboard-member invitedBy)");
        }
        ActivityType type = fields.requiredEnum("type", CLIENT_TYPES);
        Long amountFen = fields.optionalWholeNumber("amountFen");
        String refundOf = fields.optionalId("refundOf");
        String withMemberId = fields.optionalId("withMemberId");
        Long score = fields.optionalWholeNumber("score");
        Instant occurredAt = fields.optionalPastInstant("occurredAt", now);

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
            fields.reject("amountFen", notFor);
        }
        if (type != ActivityType.REFUND) {
            fields.reject("refundOf", notFor);
        }
        if (type != ActivityType.INTERACTION) {
            fields.reject("withMemberId", notFor);
        }
        if (type != ActivityType.FEEDBACK) {
            fields.reject("score", notFor);
        }
        if (amountFen != null && amountFen <= 0) {
            throw HearthException.invalid("amountFen", "must be greater than 0");
        }
        if (amountFen != null && amountFen > MAX_AMOUNT_FEN) {
            throw HearthException.invalid("amountFen", "must be at most " + MAX_AMOUNT_FEN + " (1,000,000 CNY)");
        }
        if (score != null && (score < 1 || score > 5)) {
            throw HearthException.invalid("score", "must be from 1 to 5");
        }
        return new Activity(activityId, type, amountFen, refundOf, withMemberId,
                score == null ? null : score.intValue(), occurredAt == null ? now : occurredAt);
    }
}
