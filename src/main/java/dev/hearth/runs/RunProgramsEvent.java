package dev.hearth.runs;

import java.util.EnumSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;

/** run-programs' event: the job, for every program (the schedules) or one ({@code programId}, operators). */
public record RunProgramsEvent(Job job, String programId) {

    static final Field JOB = Field.oneOf("job", EnumSet.allOf(Job.class));
    static final Field PROGRAM_ID = Field.id("programId");
    public static final EventShape SHAPE = EventShape.of("run-programs", JOB, PROGRAM_ID);

    public static RunProgramsEvent read(JsonNode json) {
        var event = SHAPE.read(json);
        return new RunProgramsEvent(event.requiredEnum(JOB, EnumSet.allOf(Job.class)), event.optionalId(PROGRAM_ID));
    }
}
