package dev.hearth.rules;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * manage-program (operators, from the console; not on the storefront API): CREATE a program,
 * UPDATE its rules as a new version, or PREVIEW what a change would do.
 */
@RegisterForReflection(targets = { ProgramView.class, ProgramView.PreviewView.class })
@Answered
public class ManageProgram {

    private final ManagePrograms programs;

    public ManageProgram(ManagePrograms programs) {
        this.programs = programs;
    }

    @Funq("manage-program")
    public Object manage(JsonNode json) {
        ProgramEvent event = ProgramEvent.read(json);
        return switch (event.action()) {
            case CREATE -> ProgramView.of(programs.create(event.programId(), event.program(), event.changedBy(),
                    event.reason()));
            case UPDATE -> ProgramView.of(programs.update(event.programId(), event.program(), event.expectedVersion(),
                    event.changedBy(), event.reason()));
            case PREVIEW -> ProgramView.of(programs.preview(event.programId(), event.program(), event.limit()));
        };
    }
}
