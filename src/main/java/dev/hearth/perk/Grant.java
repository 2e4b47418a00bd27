package dev.hearth.perk;

import java.time.Instant;

import dev.hearth.program.PerkOffer;

/**
 * A request to give one perk to an audience. {@code perkId} is the client's id for the grant: each
 * member of the audience gets at most one perk with it, however often the request arrives.
 *
 * @param deliverAt null: at once
 * @param expiresAt null: never
 */
public record Grant(String perkId, PerkOffer offer, Audience audience, Instant deliverAt, Instant expiresAt) {

    /** What makes two requests the same grant (a re-delivery) rather than two uses of one perkId. */
    public String fingerprint() {
        return String.join("|", offer.kind().name(), offer.title(), String.valueOf(offer.note()), audience.kind(),
                audience.value(), String.valueOf(deliverAt), String.valueOf(expiresAt));
    }
}
