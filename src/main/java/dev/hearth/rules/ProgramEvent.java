package dev.hearth.rules;

import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.EventReader;
import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;

/** manage-program's event: CREATE, UPDATE or PREVIEW a program's rules (the document get-program answers). */
public record ProgramEvent(String programId, Action action, JsonNode program, Long expectedVersion, String changedBy,
        String reason, Integer limit) {

    /** What an operator does. */
    public enum Action {
        CREATE, UPDATE, PREVIEW
    }

    static final int MAX_LIMIT = 1_000_000;
    static final long MAX_VERSION = 1_000_000_000L;
    static final Field PROGRAM_ID = Field.id("programId");
    static final Field ACTION = Field.oneOf("action", EnumSet.allOf(Action.class));
    static final Field PROGRAM = Field.document("program");
    static final Field EXPECTED_VERSION = Field.number("expectedVersion", 1, MAX_VERSION);
    static final Field CHANGED_BY = Field.text("changedBy", 100);
    static final Field REASON = Field.text("reason", 500);
    static final Field LIMIT = Field.number("limit", 1, MAX_LIMIT);
    public static final EventShape SHAPE = EventShape.of("manage-program", PROGRAM_ID, ACTION, PROGRAM,
            EXPECTED_VERSION, CHANGED_BY, REASON, LIMIT);

    public static ProgramEvent read(JsonNode json) {
        EventReader fields = SHAPE.read(json);
        String programId = fields.requiredId(PROGRAM_ID);
        if (programId.contains("#")) {
            throw dev.hearth.edge.HearthException.invalid("programId", "must not contain '#'");
        }
        Action action = fields.requiredEnum(ACTION, EnumSet.allOf(Action.class));
        JsonNode program = fields.document(PROGRAM);
        Long expected = null;
        String changedBy = null;
        String reason = null;
        Long limit = null;
        if (action == Action.PREVIEW) {
            for (Field other : List.of(EXPECTED_VERSION, CHANGED_BY, REASON)) {
                fields.reject(other, "is not used by PREVIEW (it changes nothing)");
            }
            limit = fields.optionalNumberInRange(LIMIT);
        } else {
            fields.reject(LIMIT, "is only used by PREVIEW");
            changedBy = fields.requiredText(CHANGED_BY);
            reason = fields.requiredText(REASON);
            if (action == Action.UPDATE) {
                expected = fields.optionalNumberInRange(EXPECTED_VERSION);
                if (expected == null) {
                    throw dev.hearth.edge.HearthException.missing("expectedVersion");
                }
            } else {
                fields.reject(EXPECTED_VERSION, "is only used by UPDATE");
            }
        }
        return new ProgramEvent(programId, action, program, expected, changedBy, reason,
                limit == null ? null : limit.intValue());
    }
}
