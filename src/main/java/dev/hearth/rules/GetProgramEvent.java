package dev.hearth.rules;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;

/** get-program's event: a program, and optionally which version of its rules. */
public record GetProgramEvent(String programId, Long version) {

    static final Field PROGRAM_ID = Field.id("programId");
    static final Field VERSION = Field.number("version", 1, ProgramEvent.MAX_VERSION);
    public static final EventShape SHAPE = EventShape.of("get-program", PROGRAM_ID, VERSION);

    public static GetProgramEvent read(JsonNode json) {
        var event = SHAPE.read(json);
        return new GetProgramEvent(event.requiredId(PROGRAM_ID), event.optionalNumberInRange(VERSION));
    }
}
