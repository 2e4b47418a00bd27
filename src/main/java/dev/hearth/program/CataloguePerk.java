package dev.hearth.program;

/** One perk of a program's catalogue; {@code perkId} is what each member's copy is called. */
public record CataloguePerk(String perkId, PerkOffer offer) {
}
