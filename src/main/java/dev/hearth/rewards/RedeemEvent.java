package dev.hearth.rewards;

import java.util.EnumSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.EventReader;
import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;
import dev.hearth.edge.HearthException;

/**
 * redeem-reward's event: a member redeems a reward once per {@code redemptionId}, or cancels that
 * redemption ({@code action: CANCEL}, no rewardId).
 */
public record RedeemEvent(String programId, String memberId, String redemptionId, String rewardId, Action action) {

    public enum Action {
        REDEEM, CANCEL
    }

    static final Field PROGRAM_ID = Field.id("programId");
    static final Field MEMBER_ID = Field.id("memberId");
    static final Field REDEMPTION_ID = Field.id("redemptionId");
    static final Field REWARD_ID = Field.id("rewardId");
    static final Field ACTION = Field.oneOf("action", EnumSet.allOf(Action.class));
    public static final EventShape SHAPE = EventShape.of("redeem-reward", PROGRAM_ID, MEMBER_ID, REDEMPTION_ID,
            REWARD_ID, ACTION);

    public static RedeemEvent read(JsonNode json) {
        EventReader fields = SHAPE.read(json);
        String programId = fields.requiredId(PROGRAM_ID);
        String memberId = fields.requiredId(MEMBER_ID);
        String redemptionId = fields.requiredId(REDEMPTION_ID);
        Action action = fields.has(ACTION) ? fields.requiredEnum(ACTION, EnumSet.allOf(Action.class)) : Action.REDEEM;
        if (action == Action.CANCEL) {
            fields.reject(REWARD_ID, "is not used by CANCEL (the redemption names its reward)");
            return new RedeemEvent(programId, memberId, redemptionId, null, action);
        }
        if (!fields.has(REWARD_ID)) {
            throw HearthException.missing("rewardId");
        }
        return new RedeemEvent(programId, memberId, redemptionId, fields.requiredId(REWARD_ID), action);
    }
}
