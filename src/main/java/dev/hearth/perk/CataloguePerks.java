package dev.hearth.perk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.hearth.program.CataloguePerk;
import dev.hearth.program.PerkCatalogue;

/** The perks a program's catalogue gives a member: on joining, on a routine day, on reaching a tier. */
public final class CataloguePerks {

    private CataloguePerks() {
    }

    /** The routine's perks for day {@code day} of membership, delivered from {@code deliverAt}. */
    public static List<Perk> routineStep(PerkCatalogue catalogue, String programId, String memberId, long day, Instant deliverAt, Instant now) {
        return catalogue.routine().getOrDefault((int) Math.max(0, Math.min(day, Integer.MAX_VALUE)), List.of()).stream()
                .map(p -> Perk.fromCatalogue(programId, memberId, p, PerkSource.ROUTINE, deliverAt, now)).toList();
    }

    /** What a member gets on joining: day 1 of the routine and the perks their tags call for. */
    public static List<Perk> onJoin(PerkCatalogue catalogue, String programId, String memberId, List<String> tags, Instant now) {
        List<Perk> perks = new ArrayList<>(routineStep(catalogue, programId, memberId, 1, now, now));
        perks.addAll(forTags(catalogue, programId, memberId, tags, java.util.Set.of(), now));
        return perks;
    }

    /**
     * The perks the tag rules give for tags a member gains, each rule's perk once per member ever:
     * none of {@code alreadyGiven} (the member's tagPerksGiven) is given again.
     */
    public static List<Perk> forTags(PerkCatalogue catalogue, String programId, String memberId, List<String> tags,
            java.util.Set<String> alreadyGiven, Instant now) {
        List<Perk> perks = new ArrayList<>();
        for (String tag : tags) {
            for (CataloguePerk p : catalogue.tagRules().getOrDefault(tag, List.of())) {
                if (!alreadyGiven.contains(p.perkId())
                        && perks.stream().noneMatch(existing -> existing.perkId().equals(p.perkId()))) {
                    perks.add(Perk.fromCatalogue(programId, memberId, p, PerkSource.TAG, now, now));
                }
            }
        }
        return perks;
    }

    /**
     * The privileges of every tier up to and including {@code tierIds} (the ladder up to the
     * member's tier) that the member has not been given yet: reaching a tier again after a
     * downgrade gives nothing twice.
     */
    public static List<Perk> privilegesOnReaching(PerkCatalogue catalogue, String programId, String memberId, List<String> tierIds,
            java.util.Set<String> alreadyGranted, Instant now) {
        List<Perk> perks = new ArrayList<>();
        for (String tier : tierIds) {
            if (alreadyGranted.contains(tier)) {
                continue;
            }
            for (CataloguePerk p : catalogue.tierPrivileges().getOrDefault(tier, List.of())) {
                perks.add(Perk.fromCatalogue(programId, memberId, p, PerkSource.TIER, now, now));
            }
        }
        return perks;
    }
}
