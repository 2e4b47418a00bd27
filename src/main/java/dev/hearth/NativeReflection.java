package dev.hearth;

import dev.hearth.ledger.TierLadder;
import dev.hearth.perk.RunPerkDay;
import dev.hearth.retention.Snapshot;
import dev.hearth.tier.ReviewTiers;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Result types nested in function results that live outside the function package, registered for
 * Jackson in a native image (the function packages annotate their own).
 */
@RegisterForReflection(targets = { TierLadder.Progress.class, TierLadder.Missing.class, ReviewTiers.ReviewCounts.class,
        RunPerkDay.RunCounts.class,
        Snapshot.class, Snapshot.Retention.class, Snapshot.Split.class, Snapshot.CohortCurve.class,
        Snapshot.KocCandidate.class, Snapshot.SilentMember.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
