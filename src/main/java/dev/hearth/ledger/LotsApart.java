package dev.hearth.ledger;

import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A member's point lots kept apart from the member's item, so that the item (rewritten by every
 * award) stays small however long the member has earned: the member's item holds the lots earned on
 * or after {@link #before} (at most {@value #KEPT_WITH_MEMBER} days of them), every earlier lot is
 * in one item of its own (the activities table's {@code L#apart}). An award adds to a lot held with
 * the member and touches nothing else; when the member's item would hold more than
 * {@value #KEPT_WITH_MEMBER} lots, all but the latest day's go apart, added to that item without
 * reading it. Spending, taking back and expiring lots read it first (see {@link Member#requireAllLots()}).
 *
 * @param before the first day whose lot is held with the member (null: nothing apart yet)
 * @param oldest the oldest lot apart (null: none)
 * @param stored what the item apart holds, when it was read (null: not read, so {@link Member#pointLots}
 *        holds only the lots earned since {@code before}, and lots added before it since)
 */
public record LotsApart(LocalDate before, LocalDate oldest, Map<LocalDate, Long> stored) {

    /** Lots held with the member at most: about 17 bytes each, so a member's item stays under 1 KB. */
    public static final int KEPT_WITH_MEMBER = 10;

    public static final LotsApart NONE = new LotsApart(null, null, Map.of());

    public boolean read() {
        return stored != null;
    }

    /**
     * How a member's lots are stored after a step: those held with the member, and what is written
     * apart (nothing, the whole set when it was read and changed, or amounts to add when it was not
     * read).
     *
     * @param apart the lots apart after the step, or (not read) the amounts to add to them
     * @param replace whether {@code apart} replaces the item apart (else it is added to it)
     * @param changed whether the item apart is written at all
     */
    public record Split(NavigableMap<LocalDate, Long> withMember, NavigableMap<LocalDate, Long> apart,
            boolean replace, boolean changed, LotsApart after) {
    }

    /** Splits {@code lots} (a member's, after a step) between the member's item and the item apart. */
    public static Split split(NavigableMap<LocalDate, Long> lots, LotsApart before) {
        LocalDate boundary = before.before();
        NavigableMap<LocalDate, Long> withMember = new TreeMap<>(boundary == null ? lots : lots.tailMap(boundary, true));
        if (withMember.size() > KEPT_WITH_MEMBER) {
            boundary = withMember.lastKey();
            withMember = new TreeMap<>(withMember.tailMap(boundary, true));
        }
        NavigableMap<LocalDate, Long> apart = new TreeMap<>(boundary == null ? Map.of() : lots.headMap(boundary, false));
        if (before.read()) {
            LotsApart after = apart.isEmpty() ? new LotsApart(null, null, Map.of())
                    : new LotsApart(boundary, apart.firstKey(), Map.copyOf(apart));
            // An item apart left by an erased earlier membership of the id is never read (nothing
            // apart is recorded) and is replaced by the first lots that go apart.
            return new Split(withMember, apart, true, !apart.equals(before.stored()), after);
        }
        LocalDate oldest = before.oldest();
        if (!apart.isEmpty() && (oldest == null || apart.firstKey().isBefore(oldest))) {
            oldest = apart.firstKey();
        }
        return new Split(withMember, apart, false, !apart.isEmpty(), new LotsApart(boundary, oldest, null));
    }
}
