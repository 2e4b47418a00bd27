package dev.hearth.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.Member;
import dev.hearth.perk.CataloguePerks;
import dev.hearth.perk.Perk;
import dev.hearth.program.DefaultProgram;

/** A profile change in plain Java: only what really changes, within a join's limits; tag perks once ever. */
class ProfileChangeTest {

    private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");

    private static Member member(List<String> tags, List<String> squads) {
        Member m = new Member();
        m.memberId = "xiaoyu";
        m.displayName = "Xiaoyu";
        m.tags = new ArrayList<>(tags);
        m.squads = new ArrayList<>(squads);
        return m;
    }

    private static UpdateEvent event(String name, List<String> add, List<String> remove, List<String> join,
            List<String> leave) {
        return new UpdateEvent("p", "xiaoyu", "c", name, add, remove, join, leave, null);
    }

    @Test
    void onlyRealChangesAreAppliedAndRecorded() {
        Member before = member(List.of("tea"), List.of("baking"));
        ProfileChange.Applied applied = ProfileChange.apply(before, event("Xiaoyu", List.of("tea", "sleepless"),
                List.of("coffee"), List.of("baking", "journaling"), List.of("tea-tasting")), NOW);
        assertNull(applied.change().displayName(), "the name did not change");
        assertEquals(List.of("sleepless"), applied.change().addedTags());
        assertEquals(List.of(), applied.change().removedTags());
        assertEquals(List.of("journaling"), applied.change().joinedSquads());
        assertEquals(List.of(), applied.change().leftSquads());
        assertEquals(List.of("tea", "sleepless"), applied.member().tags);
        assertEquals(List.of("baking", "journaling"), applied.member().squads);
        assertEquals(List.of("tea"), before.tags, "the member read is not changed");
    }

    @Test
    void aMemberKeepsWithinAJoinsLimits() {
        Member full = member(IntStream.range(0, 50).mapToObj(i -> "t" + i).toList(),
                IntStream.range(0, 20).mapToObj(i -> "s" + i).toList());
        HearthException tags = assertThrows(HearthException.class,
                () -> ProfileChange.apply(full, event(null, List.of("one-more"), List.of(), List.of(), List.of()), NOW));
        assertEquals(ErrorCode.INVALID_FIELD, tags.code());
        assertTrue(tags.getMessage().startsWith("[400] INVALID_FIELD addTags: the member would have 51 tags"));
        HearthException squads = assertThrows(HearthException.class,
                () -> ProfileChange.apply(full, event(null, List.of(), List.of(), List.of("s20"), List.of()), NOW));
        assertTrue(squads.getMessage().startsWith("[400] INVALID_FIELD joinSquads: "));
        // Removing one makes room in the same change.
        assertEquals(50, ProfileChange.apply(full, event(null, List.of("new"), List.of("t0"), List.of(), List.of()),
                NOW).member().tags.size());
    }

    @Test
    void aTagRuleGivesItsPerkOncePerMemberEver() {
        var catalogue = DefaultProgram.create().perks();
        List<Perk> first = CataloguePerks.forTags(catalogue, "p", "xiaoyu", List.of("sleepless"), java.util.Set.of(), NOW);
        assertEquals(List.of("tag.sleepless.lavender"), first.stream().map(Perk::perkId).toList());
        assertEquals(List.of(), CataloguePerks.forTags(catalogue, "p", "xiaoyu", List.of("sleepless"),
                java.util.Set.of("tag.sleepless.lavender"), NOW));
        assertEquals(List.of(), CataloguePerks.forTags(catalogue, "p", "xiaoyu", List.of("no-rule"), java.util.Set.of(),
                NOW));
    }
}
