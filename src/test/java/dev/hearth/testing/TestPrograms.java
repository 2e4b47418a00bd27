package dev.hearth.testing;

import dev.hearth.program.DefaultProgram;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramTable;
import dev.hearth.program.Programs;
import dev.hearth.squad.DefaultSquads;
import dev.hearth.squad.Squad;
import dev.hearth.squad.SquadTable;

/** Programs of a test's own: the default program's rules and catalogue under a fresh id. */
public final class TestPrograms {

    private TestPrograms() {
    }

    /** Stores a copy of the default program as {@code programId} and returns it. */
    public static Program copyOfDefault(ProgramTable programs, String programId) {
        Program d = DefaultProgram.create();
        Program copy = new Program(programId, d.name(), d.timeZone(), d.currency(), d.tiers(), d.earning(),
                d.downgradeGraceDays(), d.pointsExpiryMonths(), d.perks(), d.referralCredit(), d.returnWindowDays());
        programs.put(copy);
        return copy;
    }

    /** {@link #copyOfDefault(ProgramTable, String)}, with the default program's example squads too. */
    public static Program copyOfDefault(ProgramTable programs, SquadTable squads, String programId) {
        Program copy = copyOfDefault(programs, programId);
        seedDefaultSquads(squads, programId);
        return copy;
    }

    /** The default program's example squads (baking, journaling, tea-tasting), for {@code programId}. */
    public static void seedDefaultSquads(SquadTable squads, String programId) {
        squads.seed(DefaultSquads.create().stream().map(s -> new Squad(programId, s.squadId(), s.name(), s.theme(),
                s.leaderId(), s.status(), s.createdAt(), s.createdDay(), s.archivedAt(), 0)).toList());
    }
}
