package dev.hearth.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hearth.program.Counter;
import dev.hearth.program.Program;
import dev.hearth.program.Tier;

/**
 * Where a member stands on a program's ladder. Upgrades happen at once; a member who no longer
 * qualifies keeps the tier for the program's grace period and is then moved down.
 */
public final class TierLadder {

    /** What a review did to a member's tier. */
    public enum Change {
        NONE, UPGRADED, GRACE_STARTED, GRACE_CLEARED, DOWNGRADED,
        /** A refund inside the return window took back the tier its purchase bought, at once. */
        REVERSED
    }

    /** One requirement of the next tier and how far the member is from it. */
    public record Missing(String counter, long required, long current, long missing) {
    }

    /** The next tier (null at the top) and exactly what the member still lacks for it. */
    public record Progress(String nextTier, String nextTierName, List<Missing> missing) {
    }

    private TierLadder() {
    }

    /** The highest tier whose requirements the counters meet. */
    public static Tier qualifiedTier(Program program, Map<Counter, Long> counters) {
        Tier best = program.entryTier();
        for (Tier tier : program.tiers()) {
            if (tier.isMetBy(counters)) {
                best = tier;
            }
        }
        return best;
    }

    /** After an activity: upgrade at once, start or clear the downgrade grace; never downgrade. */
    public static Change afterActivity(Program program, Member member, Instant now) {
        Tier qualified = qualifiedTier(program, member.counters);
        int qualifiedRank = program.rankOf(qualified.id());
        int currentRank = program.rankOf(member.tier);
        if (qualifiedRank > currentRank) {
            member.tier = qualified.id();
            member.tierReachedAt = now;
            member.belowTierSince = null;
            return Change.UPGRADED;
        }
        if (qualifiedRank < currentRank) {
            if (member.belowTierSince == null) {
                member.belowTierSince = now;
                return Change.GRACE_STARTED;
            }
            return Change.NONE;
        }
        if (member.belowTierSince != null) {
            member.belowTierSince = null;
            return Change.GRACE_CLEARED;
        }
        return Change.NONE;
    }

    /**
     * After a refund (counters already reduced): a refund inside the program's return window of a
     * purchase takes back at once the tier the member reached with or after that purchase, down to
     * the tier they held before it or the one they still qualify for, whichever is higher. Grace is
     * for lapses, not for reversals. Outside the window, or when the member still qualifies, the
     * ordinary rule applies ({@link #afterActivity}).
     */
    public static Change afterRefund(Program program, Member member, LedgerEntry purchase, Instant refundAt,
            Instant now) {
        Tier qualified = qualifiedTier(program, member.counters);
        int currentRank = program.rankOf(member.tier);
        boolean inWindow = !refundAt.isAfter(purchase.occurredAt().plus(Duration.ofDays(program.returnWindowDays())));
        boolean reachedSince = member.tierReachedAt != null && !member.tierReachedAt.isBefore(purchase.recordedAt());
        if (!inWindow || !reachedSince || program.rankOf(qualified.id()) >= currentRank) {
            return Change.NONE;
        }
        String before = purchase.tierBefore() == null ? qualified.id() : purchase.tierBefore();
        int floor = Math.max(program.rankOf(qualified.id()), program.rankOf(before));
        if (floor >= currentRank) {
            return Change.NONE;
        }
        member.tier = program.tiers().get(Math.max(0, floor)).id();
        member.tierReachedAt = now;
        // Back on a tier the member no longer qualifies for (one they were keeping in grace): grace runs from now.
        member.belowTierSince = floor > program.rankOf(qualified.id()) ? now : null;
        return Change.REVERSED;
    }

    /** The nightly (or operator-requested) review: as after an activity, and downgrade once grace has run out. */
    public static Change review(Program program, Member member, Instant now) {
        Change change = afterActivity(program, member, now);
        if (change != Change.NONE || member.belowTierSince == null) {
            return change;
        }
        Instant graceEnds = member.belowTierSince.plus(Duration.ofDays(program.downgradeGraceDays()));
        if (now.isBefore(graceEnds)) {
            return Change.NONE;
        }
        member.tier = qualifiedTier(program, member.counters).id();
        member.tierReachedAt = now;
        member.belowTierSince = null;
        return Change.DOWNGRADED;
    }

    public static Progress progress(Program program, Member member) {
        int rank = program.rankOf(member.tier);
        if (rank + 1 >= program.tiers().size()) {
            return new Progress(null, null, List.of());
        }
        Tier next = program.tiers().get(rank + 1);
        List<Missing> missing = new ArrayList<>();
        for (Counter counter : Counter.values()) {
            Long required = next.requirements().get(counter);
            if (required != null) {
                long current = member.counter(counter);
                missing.add(new Missing(counter.key(), required, current, Math.max(0, required - current)));
            }
        }
        return new Progress(next.id(), next.name(), missing);
    }
}
