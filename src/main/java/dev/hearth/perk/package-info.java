/** Perks: schedule-perk ({@link dev.hearth.perk.SchedulePerk}) with its use cases GrantPerk and RunPerkDay, and the perks table. */
package dev.hearth.perk;
