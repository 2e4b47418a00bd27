package dev.hearth.program;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A program's perk catalogue, as data: tier privileges (granted once, when a member first reaches
 * the tier), personalised rules (a tag -> perks, granted when a member joins with the tag or gains it
 * later, once per member ever) and the
 * seven-day routine (day N of membership -> perks; day 1 is the day of joining), and the rewards
 * members buy with points (redeem-reward).
 */
public record PerkCatalogue(Map<String, List<CataloguePerk>> tierPrivileges, Map<String, List<CataloguePerk>> tagRules,
        Map<Integer, List<CataloguePerk>> routine, List<Reward> rewards) {

    public static final int ROUTINE_DAYS = 7;
    public static final PerkCatalogue EMPTY = new PerkCatalogue(Map.of(), Map.of(), Map.of());

    /** A catalogue without rewards. */
    public PerkCatalogue(Map<String, List<CataloguePerk>> tierPrivileges, Map<String, List<CataloguePerk>> tagRules,
            Map<Integer, List<CataloguePerk>> routine) {
        this(tierPrivileges, tagRules, routine, List.of());
    }

    public PerkCatalogue {
        tierPrivileges = copy(tierPrivileges);
        tagRules = copy(tagRules);
        routine = new TreeMap<>(copy(routine));
        for (Integer day : routine.keySet()) {
            if (day < 1 || day > ROUTINE_DAYS) {
                throw new IllegalArgumentException("routine days are 1.." + ROUTINE_DAYS + ", not " + day);
            }
        }
        // The fields are assigned after this constructor body: read the parameters.
        List<String> ids = Stream.of(tierPrivileges, tagRules, routine).flatMap(m -> m.values().stream())
                .flatMap(List::stream).map(CataloguePerk::perkId).toList();
        if (ids.size() != ids.stream().distinct().count()) {
            throw new IllegalArgumentException("catalogue perk ids must be unique: " + ids);
        }
        rewards = List.copyOf(rewards);
        if (rewards.size() != rewards.stream().map(Reward::rewardId).distinct().count()) {
            throw new IllegalArgumentException("reward ids must be unique");
        }
    }

    private static <K> Map<K, List<CataloguePerk>> copy(Map<K, List<CataloguePerk>> map) {
        Map<K, List<CataloguePerk>> copy = new LinkedHashMap<>();
        map.forEach((key, perks) -> copy.put(key, List.copyOf(perks)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    public Stream<CataloguePerk> all() {
        return Stream.of(tierPrivileges, tagRules, routine).flatMap(m -> m.values().stream()).flatMap(List::stream);
    }

    public java.util.Optional<Reward> reward(String rewardId) {
        return rewards.stream().filter(r -> r.rewardId().equals(rewardId)).findFirst();
    }

    public boolean defines(String perkId) {
        return all().anyMatch(p -> p.perkId().equals(perkId));
    }

    /** Day N of membership on {@code date} for someone who joined on {@code joinedDay}: 1 on the day of joining. */
    public static long membershipDay(LocalDate joinedDay, LocalDate date) {
        return ChronoUnit.DAYS.between(joinedDay, date) + 1;
    }
}
