/** Points: award-points ({@link dev.hearth.points.AwardPoints}) with its use case AwardActivity, and the inviter's referral credit. */
package dev.hearth.points;
