package dev.hearth.rules;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.ledger.TierLadder;
import dev.hearth.program.CataloguePerk;
import dev.hearth.program.Counter;
import dev.hearth.program.PerkCatalogue;
import dev.hearth.program.Program;

/** What a change of rules would do, in plain Java: the fields that differ, the catalogue's changes, members' tier moves. */
public final class ProgramPreview {

    private ProgramPreview() {
    }

    /** The paths where two documents differ ({@code tiers[2].requirements.spendFen}), in document order. */
    public static List<String> differences(JsonNode before, JsonNode after) {
        List<String> paths = new ArrayList<>();
        diff(before, after, "", paths);
        return paths;
    }

    private static void diff(JsonNode a, JsonNode b, String path, List<String> into) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            // Keep the document's order for names both have, then the rest.
            List<String> ordered = new ArrayList<>();
            for (Iterator<String> it = b.fieldNames(); it.hasNext();) {
                ordered.add(it.next());
            }
            names.stream().filter(n -> !ordered.contains(n)).forEach(ordered::add);
            for (String name : ordered) {
                diff(a.get(name), b.get(name), path.isEmpty() ? name : path + "." + name, into);
            }
        } else if (a != null && b != null && a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                diff(a.get(i), b.get(i), path + "[" + i + "]", into);
            }
        } else if (!Objects.equals(a, b)) {
            into.add(path);
        }
    }

    /** The catalogue perks a change adds, changes (offer) and removes, by perk id. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record CatalogueChanges(List<String> added, List<String> changed, List<String> removed) {
    }

    public static CatalogueChanges catalogue(PerkCatalogue before, PerkCatalogue after) {
        Map<String, CataloguePerk> old = byId(before);
        Map<String, CataloguePerk> now = byId(after);
        List<String> added = now.keySet().stream().filter(id -> !old.containsKey(id)).sorted().toList();
        List<String> removed = old.keySet().stream().filter(id -> !now.containsKey(id)).sorted().toList();
        List<String> changed = now.keySet().stream().filter(old::containsKey)
                .filter(id -> !old.get(id).equals(now.get(id))).sorted().toList();
        return new CatalogueChanges(added, changed, removed);
    }

    private static Map<String, CataloguePerk> byId(PerkCatalogue catalogue) {
        Map<String, CataloguePerk> byId = new java.util.HashMap<>();
        catalogue.all().forEach(p -> byId.put(p.perkId(), p));
        return byId;
    }

    /** How a member's tier would move under the new rules (at their next review or activity). */
    public enum Move {
        /** They qualify for a higher tier than they hold: upgraded at once. */
        UP,
        /** They no longer qualify for their tier: grace starts, downgraded when it runs out. */
        DOWN,
        /** Their tier is no longer on the ladder: moved to the tier they qualify for. */
        FROM_REMOVED_TIER,
        NONE
    }

    public static Move move(Program after, String tier, Map<Counter, Long> counters) {
        int held = after.rankOf(tier);
        if (held < 0) {
            return Move.FROM_REMOVED_TIER;
        }
        int qualified = after.rankOf(TierLadder.qualifiedTier(after, counters).id());
        if (qualified > held) {
            return Move.UP;
        }
        return qualified < held ? Move.DOWN : Move.NONE;
    }
}
