package dev.hearth.member;

import java.time.Instant;
import java.util.List;

import dev.hearth.edge.HearthException;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberChange;

/**
 * What a profile change does to a member: only what really changes is applied and recorded (a tag
 * already held is not added again, a squad not joined is not left), and the member keeps within
 * the limits of a join (tags, squads).
 */
public final class ProfileChange {

    private ProfileChange() {
    }

    /** The member after the change, and the change as their history keeps it (perks not yet known). */
    public record Applied(Member member, MemberChange change) {
    }

    public static Applied apply(Member before, UpdateEvent event, Instant now) {
        Member after = before.copy();
        String newName = event.displayName() != null && !event.displayName().equals(before.displayName)
                ? event.displayName() : null;
        if (newName != null) {
            after.displayName = newName;
        }
        List<String> added = event.addTags().stream().filter(t -> !before.tags.contains(t)).toList();
        List<String> removed = event.removeTags().stream().filter(before.tags::contains).toList();
        after.tags.removeAll(removed);
        after.tags.addAll(added);
        if (after.tags.size() > JoinEvent.MAX_TAGS) {
            throw HearthException.invalid("addTags", "the member would have " + after.tags.size()
                    + " tags; at most " + JoinEvent.MAX_TAGS + " (remove some with removeTags)");
        }
        List<String> joined = event.joinSquads().stream().filter(s -> !before.squads.contains(s)).toList();
        List<String> left = event.leaveSquads().stream().filter(before.squads::contains).toList();
        after.squads.removeAll(left);
        after.squads.addAll(joined);
        if (after.squads.size() > JoinEvent.MAX_SQUADS) {
            throw HearthException.invalid("joinSquads", "the member would be in " + after.squads.size()
                    + " squads; at most " + JoinEvent.MAX_SQUADS + " (leave some with leaveSquads)");
        }
        return new Applied(after, new MemberChange(event.changeId(), now, newName, added, removed, joined, left,
                event.note(), List.of()));
    }
}
