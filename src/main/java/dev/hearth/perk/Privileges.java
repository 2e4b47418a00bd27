package dev.hearth.perk;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.hearth.member.Member;
import dev.hearth.program.Program;

/** Tier privileges as perks: given once per tier, when a member first stands on it. */
public final class Privileges {

    private Privileges() {
    }

    /**
     * The privilege perks a member is owed for the tiers up to their current one, marking those
     * tiers as given on {@code member} (a copy about to be written): reaching a tier again after a
     * downgrade gives nothing twice.
     */
    public static List<Perk> owed(Program program, Member member, Instant now) {
        List<String> reached = program.tiersUpTo(member.tier);
        List<Perk> perks = program.perks().privilegesOnReaching(program.programId(), member.memberId, reached,
                Set.copyOf(member.privilegesGranted), now);
        member.privilegesGranted.addAll(reached);
        return perks;
    }
}
