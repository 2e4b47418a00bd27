package dev.hearth.squad;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counter increments one change makes to squads: each squad's {@code members}, and its day items'
 * {@code active} (members active that local day while in the squad) and {@code last} (members whose
 * last active day it is). Zero entries are dropped.
 */
public final class SquadDelta {

    private final Map<String, Long> members = new TreeMap<>();
    private final Map<String, Map<LocalDate, Map<String, Long>>> days = new TreeMap<>();

    void members(String squadId, long delta) {
        members.merge(squadId, delta, Long::sum);
    }

    void day(String squadId, LocalDate day, String counter, long delta) {
        days.computeIfAbsent(squadId, k -> new TreeMap<>()).computeIfAbsent(day, k -> new TreeMap<>())
                .merge(counter, delta, Long::sum);
    }

    /** Several members' deltas as one: a transaction may touch an item only once (an inviter and invitee can share a squad). */
    public static SquadDelta merged(java.util.Collection<SquadDelta> deltas) {
        SquadDelta merged = new SquadDelta();
        for (SquadDelta delta : deltas) {
            delta.members.forEach(merged::members);
            delta.days.forEach((squad, byDay) -> byDay.forEach((day, counters) -> counters.forEach(
                    (counter, change) -> merged.day(squad, day, counter, change))));
        }
        return merged;
    }

    /** squad id -> change in members, without zeros. */
    public Map<String, Long> members() {
        members.values().removeIf(v -> v == 0);
        return members;
    }

    /** squad id -> local day -> counter -> delta, without zeros. */
    public Map<String, Map<LocalDate, Map<String, Long>>> days() {
        days.values().forEach(byDay -> {
            byDay.values().forEach(counters -> counters.values().removeIf(v -> v == 0));
            byDay.values().removeIf(Map::isEmpty);
        });
        days.values().removeIf(Map::isEmpty);
        return days;
    }

    public boolean isEmpty() {
        return members().isEmpty() && days().isEmpty();
    }
}
