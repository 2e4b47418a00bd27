package dev.hearth.retention;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counter increments one change makes to a program's statistics, by item: the day items
 * ({@code D#yyyy-mm-dd}: what happened that local day, and the deltas whose running sums give
 * totals as of a day) and the join-cohort items ({@code C#yyyy-mm-dd}: cohort size and actives
 * per day offset). Which of the program's shards they go to is the store's business.
 */
public final class StatsDelta {

    private final Map<String, Map<String, Long>> items = new TreeMap<>();

    public void day(LocalDate day, String counter, long delta) {
        add("D#" + day, counter, delta);
    }

    /** A counter on the day's window item ({@code D#yyyy-mm-dd~w}): read with the day, kept apart so
     * that the day item every activity touches stays small. */
    public void window(LocalDate day, String counter, long delta) {
        add(RollUps.windowKey(day), counter, delta);
    }

    public void cohort(LocalDate joinDay, String counter, long delta) {
        add("C#" + joinDay, counter, delta);
    }

    private void add(String item, String counter, long delta) {
        if (delta != 0) {
            items.computeIfAbsent(item, k -> new TreeMap<>()).merge(counter, delta, Long::sum);
        }
    }

    /** item key -> counter -> delta, without zero entries. */
    public Map<String, Map<String, Long>> items() {
        items.values().forEach(counters -> counters.values().removeIf(v -> v == 0));
        items.values().removeIf(Map::isEmpty);
        return items;
    }
}
