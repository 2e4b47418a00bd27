package dev.hearth.program;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.config.HearthConfig;
import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;

/**
 * The program an event names, or the error every function gives for an unknown one. Rules are read
 * through the instance's {@link ProgramCache} (hearth.programs.cache-ttl, 30 s).
 */
@ApplicationScoped
public class Programs {

    private final ProgramTable table;
    private final ProgramCache cache;

    public Programs(ProgramTable table, HearthConfig config, Clock clock) {
        this.table = table;
        this.cache = new ProgramCache(config.programs().cacheTtl(), clock);
    }

    public Program require(String programId) {
        return cache.get(programId, table::find).orElseThrow(() -> new HearthException(ErrorCode.PROGRAM_NOT_FOUND,
                "programId", "no program " + programId));
    }

    /** This instance changed the program: its next read is fresh. */
    public void changed(String programId) {
        cache.forget(programId);
    }
}
