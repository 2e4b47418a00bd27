package dev.hearth.testing;

import dev.hearth.program.DefaultProgram;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramTable;
import dev.hearth.program.Programs;

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
}
