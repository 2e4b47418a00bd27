package dev.hearth.program;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;

/** The program an event names, or the error every function gives for an unknown one. */
@ApplicationScoped
public class Programs {

    private final ProgramTable table;

    public Programs(ProgramTable table) {
        this.table = table;
    }

    public Program require(String programId) {
        return table.find(programId).orElseThrow(() -> new HearthException(ErrorCode.PROGRAM_NOT_FOUND, "programId",
                "no program " + programId));
    }
}
