/** Tiers: evaluate-tier ({@link dev.hearth.tier.EvaluateTier}) with its use case ReviewTiers, and the privileges a tier gives. */
package dev.hearth.tier;
