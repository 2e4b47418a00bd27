package dev.hearth.program;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

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

    /** The functions' notion of now; one bean so that nothing reads the system clock behind its back. */
    @Produces
    @Singleton
    static Clock clock() {
        return Clock.systemUTC();
    }
}
