package dev.hearth.tier;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.hearth.ledger.Member;
import dev.hearth.perk.CataloguePerks;
import dev.hearth.perk.Perk;
import dev.hearth.perk.PerkSource;
import dev.hearth.perk.PerkStatus;
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
    public static List<Perk> claimOwed(Program program, Member member, Instant now) {
        List<String> reached = program.tiersUpTo(member.tier);
        List<Perk> perks = CataloguePerks.privilegesOnReaching(program.perks(), program.programId(), member.memberId, reached,
                Set.copyOf(member.privilegesGranted), now);
        member.privilegesGranted.addAll(reached);
        return perks;
    }

    /**
     * Of the privileges owed, those the member does not still hold: after a reversal a redeemed
     * privilege stays theirs (it is not given twice), a cancelled one is given again.
     */
    public static List<Perk> notHeld(List<Perk> owed, List<Perk> perksOfMember) {
        Set<String> held = new java.util.HashSet<>();
        perksOfMember.stream().filter(p -> p.status() != PerkStatus.CANCELLED).forEach(p -> held.add(p.perkId()));
        return owed.stream().filter(p -> !held.contains(p.perkId())).toList();
    }

    /**
     * After a reversal (a refunded purchase took a tier back): the tiers above the member's tier are
     * no longer given, so reaching them again gives their privileges again; returns the member's
     * perks of those tiers that are still open (scheduled or delivered, not redeemed), to cancel.
     */
    public static List<Perk> takeBack(Program program, Member member, List<Perk> perksOfMember) {
        Set<String> kept = Set.copyOf(program.tiersUpTo(member.tier));
        Set<String> taken = new java.util.HashSet<>(member.privilegesGranted);
        taken.removeAll(kept);
        member.privilegesGranted.removeAll(taken);
        Set<String> ids = new java.util.HashSet<>();
        for (String tier : taken) {
            program.perks().tierPrivileges().getOrDefault(tier, List.of()).forEach(p -> ids.add(p.perkId()));
        }
        return perksOfMember.stream()
                .filter(p -> p.source() == PerkSource.TIER && ids.contains(p.perkId()) && p.status().open())
                .toList();
    }
}
