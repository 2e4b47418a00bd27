package dev.hearth.ledger;

import java.time.Instant;
import java.util.List;

/**
 * One change to a member's profile, as kept in their history: what changed (only what did),
 * when, under which client changeId, the operator's note, and the perks the change gave.
 *
 * @param displayName the new display name; null if unchanged
 */
public record MemberChange(String changeId, Instant at, String displayName, List<String> addedTags,
        List<String> removedTags, List<String> joinedSquads, List<String> leftSquads, String note,
        List<String> perksGiven) {

    public MemberChange {
        addedTags = List.copyOf(addedTags);
        removedTags = List.copyOf(removedTags);
        joinedSquads = List.copyOf(joinedSquads);
        leftSquads = List.copyOf(leftSquads);
        perksGiven = List.copyOf(perksGiven);
    }
}
