/** Perks: schedule-perk ({@link dev.hearth.perk.SchedulePerk}) with its use cases GrantPerk and RunPerkDay, the perks and outbox tables. */
package dev.hearth.perk;
