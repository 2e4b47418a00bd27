package dev.hearth.perk;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.dynamodb.Transactions;
import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.events.OutboxTable;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Every change to a member's perks. A delivery is one conditional write of the perk carrying its
 * PerkDelivered event, which the perks table's stream takes to the bus (no outbox item, so no
 * transaction of two: one Put, half the write units); every write is conditional on the state it
 * was decided from, so a repeated grant, a second daily run or two racing runs change nothing twice.
 */
@ApplicationScoped
public class MemberPerks {

    private final Transactions transactions;
    private final PerkTable perks;
    private final OutboxTable outbox;

    public MemberPerks(Transactions transactions, PerkTable perks, OutboxTable outbox) {
        this.transactions = transactions;
        this.perks = perks;
        this.outbox = outbox;
    }

    /** What a grant did for one member. */
    public enum Granted {
        SCHEDULED, DELIVERED, ALREADY_HAD
    }

    /** A new perk as it is given: delivered at once if it is due, scheduled otherwise. */
    public static Perk asGiven(Perk perk, Instant now) {
        return perk.dueBy(now) ? perk.deliver(now) : perk;
    }

    /** The write that gives a member a new perk, delivered at once (announcing its event) if it is due. */
    public TransactWriteItem grantWrite(Perk perk, Instant now) {
        return createWrite(asGiven(perk, now), now);
    }

    /** Gives a member a perk unless they already have one with its perkId: one conditional write. */
    public Granted grant(Perk perk, Instant now) {
        Perk given = asGiven(perk, now);
        if (!write(List.of(createWrite(given, now)))) {
            return Granted.ALREADY_HAD;
        }
        return given.status() == PerkStatus.DELIVERED ? Granted.DELIVERED : Granted.SCHEDULED;
    }

    /** The write of a perk as given, announcing its delivery if it is given delivered. */
    private TransactWriteItem createWrite(Perk given, Instant now) {
        return perks.create(given, given.status() == PerkStatus.DELIVERED ? given.deliveredEvent(now) : null);
    }

    public List<Perk> ofMember(String programId, String memberId) {
        return perks.ofMember(programId, memberId);
    }

    /** A page of a member's perks by id, after {@code afterPerkId} (null: from the first). */
    public dev.hearth.dynamodb.QueryPage<Perk> page(String programId, String memberId, String afterPerkId, int limit) {
        return perks.page(programId, memberId, afterPerkId, limit);
    }

    /** Delivers a due perk, announcing its event; false if it changed since it was read (someone else acted). */
    public boolean deliver(Perk due, Instant now) {
        Perk delivered = due.deliver(now);
        return write(List.of(perks.change(PerkStatus.SCHEDULED, delivered, delivered.deliveredEvent(now))));
    }

    /** The write that cancels an open perk, inside a caller's transaction (a tier taken back). */
    public TransactWriteItem cancelWrite(Perk open, Instant now) {
        return perks.change(open.status(), open.cancel(now), null);
    }

    /** Expires an open perk; false if it changed since it was read. */
    public boolean expire(Perk open, Instant now) {
        return write(List.of(perks.change(open.status(), open.expire(now), null)));
    }

    /**
     * An erased member's perk: cancelled if still open, its note removed (and that of the grant
     * made to them alone), with the event its delivery carried; its PerkDelivered event deleted from
     * the outbox, where a local run copies it and where deliveries were announced before they carried
     * their own. Safe to repeat: a second pass finds nothing left to do.
     */
    public void forget(Perk read, Instant now) {
        Transactions.Attempts attempts = transactions.attempts("forget " + read.perkId(), perks.tableName());
        Perk perk = read;
        while (perk.status().open() || perk.note() != null) {
            Perk after = (perk.status().open() ? perk.cancel(now) : perk).withoutNote();
            if (attempts.committed(List.of(perks.change(perk.status(), after, null)))) {
                perk = after;
                break;
            }
            // Changed since read (delivered or expired by the daily run): read it again, as it was read.
            String perkId = perk.perkId();
            perk = perks.ofMember(perk.programId(), perk.memberId()).stream()
                    .filter(p -> p.perkId().equals(perkId)).findFirst().orElseThrow();
        }
        if (perk.source() == PerkSource.GRANT) {
            perks.forgetGrantTo(perk.programId(), perk.perkId(), perk.memberId());
        }
        for (Perk.StatusChange change : perk.history()) {
            if (change.status() == PerkStatus.DELIVERED) {
                outbox.forget(perk.deliveredEvent(change.at()));
            }
        }
    }

    /**
     * Deletes an erased membership's perks (closed and without notes since the erasure) before the id
     * joins again: the new membership gets its own, under the same perkIds. Only perks given by
     * the erasure (an erased member is given none), each only if unchanged since read: a join beside
     * this one that already made the new membership loses none of its perks. Safe to repeat.
     */
    public void dropErased(String programId, String memberId, Instant erasedAt) {
        perks.ofMember(programId, memberId).stream().filter(p -> !p.history().get(0).at().isAfter(erasedAt))
                .forEach(perks::delete);
    }

    /** A member's or the storefront's change to one perk. */
    public enum Action {
        CANCEL, REDEEM
    }

    /** The perk after the change, and whether this call changed it (false: it already was so). */
    public record Changed(Perk perk, boolean changed) {
    }

    public Changed change(String programId, String memberId, String perkId, Action action, Instant now) {
        Transactions.Attempts attempts = transactions.attempts("perk " + perkId, perks.tableName());
        while (true) {
            Perk perk = perks.find(programId, memberId, perkId).orElseThrow(() -> new HearthException(
                    ErrorCode.PERK_NOT_FOUND, "perkId", "member " + memberId + " has no perk " + perkId));
            if (action == Action.CANCEL && perk.source() == PerkSource.REWARD && perk.status().open()) {
                throw new HearthException(ErrorCode.PERK_NOT_CANCELLABLE, "perkId", "perk " + perkId
                        + " is a reward the member bought: cancel the redemption with redeem-reward (action CANCEL), "
                        + "which gives its points and its stock back");
            }
            PerkStatus target = action == Action.CANCEL ? PerkStatus.CANCELLED : PerkStatus.REDEEMED;
            if (perk.status() == target) {
                return new Changed(perk, false);
            }
            Perk after = action == Action.CANCEL ? perk.cancel(now) : perk.redeem(now);
            if (attempts.committed(List.of(perks.change(perk.status(), after, null)))) {
                return new Changed(after, true);
            }
        }
    }

    private boolean write(List<TransactWriteItem> writes) {
        return transactions.write(writes, "perk change");
    }
}
