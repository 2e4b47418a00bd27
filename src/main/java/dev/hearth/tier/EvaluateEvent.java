package dev.hearth.tier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.EventReader;
import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;

/**
 * evaluate-tier's event: one member ({@code memberId}), or without it the whole program, from a
 * cursor and up to a limit.
 */
public record EvaluateEvent(String programId, String memberId, String cursor, Integer limit) {

    static final int MAX_LIMIT = 1_000_000;
    static final Field PROGRAM_ID = Field.id("programId");
    static final Field MEMBER_ID = Field.id("memberId");
    static final Field CURSOR = Field.text("cursor", 512);
    static final Field LIMIT = Field.number("limit", 1, MAX_LIMIT);
    public static final EventShape SHAPE = EventShape.of("evaluate-tier", PROGRAM_ID, MEMBER_ID, CURSOR, LIMIT);

    public static EvaluateEvent read(JsonNode json) {
        EventReader fields = SHAPE.read(json);
        String programId = fields.requiredId(PROGRAM_ID);
        String memberId = fields.optionalId(MEMBER_ID);
        String cursor = fields.optionalText(CURSOR);
        Long limit = fields.optionalWholeNumber(LIMIT);
        if (memberId != null) {
            fields.reject(CURSOR, "is only used for a whole-program run (without memberId)");
            fields.reject(LIMIT, "is only used for a whole-program run (without memberId)");
        }
        limit = fields.inRange(LIMIT, limit);
        return new EvaluateEvent(programId, memberId, cursor, limit == null ? null : limit.intValue());
    }
}
