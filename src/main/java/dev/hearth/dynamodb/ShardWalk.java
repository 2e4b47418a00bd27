package dev.hearth.dynamodb;

import java.util.function.BooleanSupplier;

/**
 * A budgeted walk over a program's shards, page by page: the one loop behind every long run (the
 * nightly review, a grant's fan-out, the daily run's routine and sweep). The first page of a walk
 * is always taken, whatever the limit and the time left, so that every call makes progress; after
 * it the walk pauses once {@code limit} items are examined or the time is out, and says where to
 * carry on. One walk may go over several positions in turn ({@link #from}), sharing its budget.
 */
public final class ShardWalk {

    /**
     * What handling one page did: the items it counts against the limit, the position after it
     * (usually {@code position.next(continueAfter)}), and whether the walk must stop there (another
     * call took the work over).
     */
    public record Page(long examined, ShardCursor next, boolean stop) {

        public static Page of(long examined, ShardCursor next) {
            return new Page(examined, next, false);
        }
    }

    /** Reads and handles the page at {@code position}, of at most {@code limit} items. */
    public interface Step {
        Page handle(ShardCursor position, int limit);
    }

    /** Where a walk from a position ended: done (every shard), paused (budget) or stopped (by its step). */
    public record End(ShardCursor position, boolean stopped) {

        public boolean done() {
            return position.done();
        }
    }

    private final long limit;
    private final BooleanSupplier outOfTime;
    private long examined;
    private boolean started;

    public ShardWalk(long limit, BooleanSupplier outOfTime) {
        this.limit = limit;
        this.outOfTime = outOfTime;
    }

    /** Pages from {@code position} until every shard is done, the budget is spent or a step stops. */
    public End from(ShardCursor position, Step step) {
        while (!position.done()) {
            if (spent()) {
                return new End(position, false);
            }
            started = true;
            Page page = step.handle(position, (int) Math.max(1, Math.min(ShardCursor.PAGE_SIZE, limit - examined)));
            examined += page.examined();
            position = page.next();
            if (page.stop()) {
                return new End(position, true);
            }
        }
        return new End(position, false);
    }

    /** Whether the budget is spent: never before the walk's first page. */
    public boolean spent() {
        return started && (examined >= limit || outOfTime.getAsBoolean());
    }

    /** Items examined so far, in every position walked. */
    public long examined() {
        return examined;
    }
}
