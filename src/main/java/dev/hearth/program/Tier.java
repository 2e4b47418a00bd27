package dev.hearth.program;

import java.util.List;
import java.util.Map;

/**
 * One rung of a program's ladder. A member qualifies when every requirement is met
 * (lifetime counter >= minimum); the first tier has none.
 */
public record Tier(String id, String name, String localName, Map<Counter, Long> requirements, List<String> privileges) {

    public Tier {
        requirements = Map.copyOf(requirements);
        privileges = List.copyOf(privileges);
    }

    public boolean isMetBy(Map<Counter, Long> counters) {
        return requirements.entrySet().stream()
                .allMatch(r -> counters.getOrDefault(r.getKey(), 0L) >= r.getValue());
    }
}
