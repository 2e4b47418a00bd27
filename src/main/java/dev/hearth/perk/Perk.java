package dev.hearth.perk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.events.EventType;
import dev.hearth.events.HearthEvent;
import dev.hearth.program.CataloguePerk;
import dev.hearth.program.PerkKind;
import dev.hearth.program.PerkOffer;

/**
 * One perk of one member. Immutable: each change returns the perk as it is after it, with the
 * change appended to its {@link #history}. {@code perkId} is unique per member.
 *
 * @param deliverAt when it is due; a perk due at or before "now" is delivered when granted
 * @param expiresAt when it stops being usable; null = never
 */
public record Perk(String programId, String memberId, String perkId, PerkSource source, PerkKind kind, String title,
        String note, Instant deliverAt, Instant expiresAt, PerkStatus status, List<StatusChange> history) {

    /** One step of a perk's life and when it happened. */
    public record StatusChange(PerkStatus status, Instant at) {
    }

    public Perk {
        history = List.copyOf(history);
        if (expiresAt != null && !expiresAt.isAfter(deliverAt)) {
            throw new IllegalArgumentException("a perk must expire after it is delivered");
        }
    }

    /** A new perk, scheduled at {@code now} (and so to be delivered at once if deliverAt is not after now). */
    public static Perk scheduled(String programId, String memberId, String perkId, PerkSource source, PerkOffer offer,
            Instant deliverAt, Instant expiresAt, Instant now) {
        return new Perk(programId, memberId, perkId, source, offer.kind(), offer.title(), offer.note(), deliverAt,
                expiresAt, PerkStatus.SCHEDULED, List.of(new StatusChange(PerkStatus.SCHEDULED, now)));
    }

    /** A catalogue perk delivered now: it expires {@code validDays} after delivery. */
    public static Perk fromCatalogue(String programId, String memberId, CataloguePerk entry, PerkSource source,
            Instant deliverAt, Instant now) {
        PerkOffer offer = entry.offer();
        Instant expires = offer.validDays() == 0 ? null
                : (deliverAt.isAfter(now) ? deliverAt : now).plus(java.time.Duration.ofDays(offer.validDays()));
        return scheduled(programId, memberId, entry.perkId(), source, offer, deliverAt, expires, now);
    }

    /**
     * The event of this perk's delivery at {@code deliveredAt}: once per perk and delivery (an id that
     * joins again after an erasure gets its perks under the same perkIds, delivered later).
     */
    public HearthEvent deliveredEvent(Instant deliveredAt) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("perkId", perkId);
        detail.put("source", source.name());
        detail.put("kind", kind.name());
        detail.put("title", title);
        detail.put("note", note);
        detail.put("deliverAt", deliverAt.toString());
        detail.put("deliveredAt", deliveredAt.toString());
        detail.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        return HearthEvent.of(EventType.PERK_DELIVERED, programId, memberId, List.of(perkId, deliveredAt.toString()),
                deliveredAt, detail);
    }

    public boolean dueBy(Instant cutoff) {
        return status == PerkStatus.SCHEDULED && !deliverAt.isAfter(cutoff);
    }

    public boolean expiredBy(Instant cutoff) {
        return status.open() && expiresAt != null && !expiresAt.isAfter(cutoff);
    }

    /**
     * Whether this new perk may take the place of a cancelled one with its perkId: a tier privilege
     * may (a refund took the tier back, and the member has reached it again); nothing else is given twice.
     */
    public boolean mayReplaceCancelled() {
        return source == PerkSource.TIER;
    }

    /** The next moment something happens to this perk on its own (delivery or expiry); null once closed. */
    public Instant dueAt() {
        return switch (status) {
            case SCHEDULED -> deliverAt;
            case DELIVERED -> expiresAt;
            default -> null;
        };
    }

    /** The same perk without its note (an erased member's: the note may speak of them). */
    public Perk withoutNote() {
        return new Perk(programId, memberId, perkId, source, kind, title, null, deliverAt, expiresAt, status, history);
    }

    public Instant changedAt() {
        return history.get(history.size() - 1).at();
    }

    public Perk deliver(Instant now) {
        if (status != PerkStatus.SCHEDULED) {
            throw new IllegalStateException("perk " + perkId + " is " + status + ", not SCHEDULED");
        }
        return to(PerkStatus.DELIVERED, now);
    }

    public Perk expire(Instant now) {
        if (!status.open()) {
            throw new IllegalStateException("perk " + perkId + " is already " + status);
        }
        return to(PerkStatus.EXPIRED, now);
    }

    /** The member used it: only a delivered, unexpired perk can be redeemed. */
    public Perk redeem(Instant now) {
        if (status == PerkStatus.DELIVERED && expiresAt != null && !expiresAt.isAfter(now)) {
            throw new HearthException(ErrorCode.PERK_EXPIRED, "perkId", "perk " + perkId + " expired at " + expiresAt);
        }
        if (status != PerkStatus.DELIVERED) {
            throw new HearthException(ErrorCode.PERK_NOT_REDEEMABLE, "perkId",
                    "perk " + perkId + " is " + status + "; only a DELIVERED perk can be redeemed");
        }
        return to(PerkStatus.REDEEMED, now);
    }

    /** Withdrawn before it was used: a scheduled or delivered perk. */
    public Perk cancel(Instant now) {
        if (!status.open()) {
            throw new HearthException(ErrorCode.PERK_NOT_CANCELLABLE, "perkId",
                    "perk " + perkId + " is " + status + "; only a SCHEDULED or DELIVERED perk can be cancelled");
        }
        return to(PerkStatus.CANCELLED, now);
    }

    private Perk to(PerkStatus next, Instant now) {
        List<StatusChange> changes = new ArrayList<>(history);
        changes.add(new StatusChange(next, now));
        return new Perk(programId, memberId, perkId, source, kind, title, note, deliverAt, expiresAt, next, changes);
    }
}
