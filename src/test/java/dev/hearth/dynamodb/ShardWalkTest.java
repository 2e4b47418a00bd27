package dev.hearth.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The one budgeted loop behind every long run: progress on every call, pauses where the budget ends. */
class ShardWalkTest {

    /** Each shard holds {@code perShard} items, served in pages of at most the limit asked for. */
    private static ShardWalk.Step shards(int perShard, List<String> pages) {
        return (at, limit) -> {
            int from = at.after() == null ? 0 : Integer.parseInt(at.after());
            int to = Math.min(perShard, from + limit);
            pages.add(at.shard() + ":" + from + "-" + to);
            return ShardWalk.Page.of(to - from, at.next(to < perShard ? Integer.toString(to) : null));
        };
    }

    @Test
    void theFirstPageIsTakenEvenWhenTheTimeIsAlreadyOut() {
        List<String> pages = new ArrayList<>();
        ShardWalk.End end = new ShardWalk(1_000, () -> true).from(ShardCursor.START, shards(5, pages));
        assertEquals(List.of("0:0-5"), pages);
        assertFalse(end.done());
        assertEquals(new ShardCursor(1, null), end.position());
    }

    @Test
    void aWalkPausesOnceItsLimitIsExaminedAndCarriesOnFromThere() {
        List<String> pages = new ArrayList<>();
        ShardWalk walk = new ShardWalk(250, () -> false);
        ShardWalk.End end = walk.from(ShardCursor.START, shards(150, pages));
        assertEquals(List.of("0:0-100", "0:100-150", "1:0-100"), pages, "pages are never longer than the limit left");
        assertEquals(250, walk.examined());
        assertEquals(new ShardCursor(1, "100"), end.position());
        ShardWalk.End rest = new ShardWalk(Long.MAX_VALUE, () -> false).from(end.position(), shards(150, pages));
        assertTrue(rest.done());
        assertEquals(3 + 1 + 2 * (Shards.COUNT - 2), pages.size(), "every shard walked once, nothing twice");
    }

    @Test
    void aStepCanStopTheWalkAndTheBudgetIsSharedAcrossPositions() {
        List<String> pages = new ArrayList<>();
        ShardWalk walk = new ShardWalk(3, () -> false);
        ShardWalk.End stopped = walk.from(ShardCursor.START, (at, limit) -> {
            pages.add("x");
            return new ShardWalk.Page(1, at.next(null), true);
        });
        assertTrue(stopped.stopped());
        assertEquals(new ShardCursor(1, null), stopped.position());
        walk.from(ShardCursor.START, shards(1, pages));
        assertEquals(3, walk.examined(), "a second position goes on with what the first left of the budget");
        assertTrue(walk.spent());
    }
}
