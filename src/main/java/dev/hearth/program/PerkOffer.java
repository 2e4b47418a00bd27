package dev.hearth.program;

/**
 * What a perk gives: its kind, a title and an optional personal note (any Unicode).
 *
 * @param validDays for catalogue perks, how many days after delivery it expires; 0 = never
 */
public record PerkOffer(PerkKind kind, String title, String note, int validDays) {

    public PerkOffer {
        if (kind == null || title == null || title.isBlank()) {
            throw new IllegalArgumentException("a perk needs a kind and a title");
        }
        if (validDays < 0) {
            throw new IllegalArgumentException("validDays must not be negative");
        }
    }
}
