package dev.hearth.member;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;

/** get-member's event: which member of which program. */
public record MemberEvent(String programId, String memberId) {

    static final Field PROGRAM_ID = Field.id("programId");
    static final Field MEMBER_ID = Field.id("memberId");
    public static final EventShape SHAPE = EventShape.of("get-member", PROGRAM_ID, MEMBER_ID);

    public static MemberEvent read(JsonNode json) {
        var event = SHAPE.read(json);
        return new MemberEvent(event.requiredId(PROGRAM_ID), event.requiredId(MEMBER_ID));
    }
}
