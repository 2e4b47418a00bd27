package dev.hearth.member;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;

/** erase-member's event: whose data goes, the request that asks (once per requestId) and why. */
public record EraseEvent(String programId, String memberId, String requestId, String reason) {

    static final Field PROGRAM_ID = Field.id("programId");
    static final Field MEMBER_ID = Field.id("memberId");
    static final Field REQUEST_ID = Field.id("requestId");
    static final Field REASON = Field.text("reason", 500);
    public static final EventShape SHAPE = EventShape.of("erase-member", PROGRAM_ID, MEMBER_ID, REQUEST_ID, REASON);

    public static EraseEvent read(JsonNode json) {
        var event = SHAPE.read(json);
        return new EraseEvent(event.requiredId(PROGRAM_ID), event.requiredId(MEMBER_ID), event.requiredId(REQUEST_ID),
                event.requiredText(REASON));
    }
}
