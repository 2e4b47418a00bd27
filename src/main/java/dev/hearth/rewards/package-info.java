/**
 * Rewards: members spend points on the catalogue's rewards, redeem-reward ({@link dev.hearth.rewards.RedeemReward},
 * use case {@link dev.hearth.rewards.Redemptions}, rules {@link dev.hearth.rewards.Spending}).
 */
package dev.hearth.rewards;
