package dev.hearth.rules;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import io.quarkus.funqy.Funq;

/** get-program (operators): a program's rules at its current or any earlier version, and the list of versions. */
@Answered
public class GetProgram {

    private final ManagePrograms programs;

    public GetProgram(ManagePrograms programs) {
        this.programs = programs;
    }

    @Funq("get-program")
    public ProgramView get(JsonNode json) {
        GetProgramEvent event = GetProgramEvent.read(json);
        return ProgramView.of(programs.read(event.programId(), event.version()));
    }
}
