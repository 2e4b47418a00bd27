package dev.hearth.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.error.HearthException;
import dev.hearth.perk.Perk;
import dev.hearth.perk.PerkStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Every change to a member's perks. A delivery is always one transaction of the perk (from
 * SCHEDULED) and its outbox event; every write is conditional on the state it was decided from,
 * so a repeated grant, a second daily run or two racing runs change nothing twice.
 */
@ApplicationScoped
public class MemberPerks {

    private static final int MAX_ATTEMPTS = 10;

    private final DynamoDbClient dynamo;
    private final PerkTable perks;
    private final OutboxTable outbox;

    public MemberPerks(DynamoDbClient dynamo, PerkTable perks, OutboxTable outbox) {
        this.dynamo = dynamo;
        this.perks = perks;
        this.outbox = outbox;
    }

    /** What a grant did for one member. */
    public enum Granted {
        SCHEDULED, DELIVERED, ALREADY_HAD
    }

    /** The writes that give a member a new perk, delivered at once (with its event) if it is due. */
    List<TransactWriteItem> grantWrites(Perk perk, Instant now) {
        if (perk.dueBy(now)) {
            Perk delivered = perk.deliver(now);
            return List.of(perks.create(delivered), outbox.delivered(delivered));
        }
        return List.of(perks.create(perk));
    }

    /** Gives a member a perk unless they already have one with its perkId. */
    public Granted grant(Perk perk, Instant now) {
        List<TransactWriteItem> writes = grantWrites(perk, now);
        if (!write(writes)) {
            return Granted.ALREADY_HAD;
        }
        return writes.size() > 1 ? Granted.DELIVERED : Granted.SCHEDULED;
    }

    public Optional<Perk> find(String programId, String memberId, String perkId) {
        return perks.find(programId, memberId, perkId);
    }

    public List<Perk> ofMember(String programId, String memberId) {
        return perks.ofMember(programId, memberId);
    }

    /** Delivers a due perk with its event; false if it changed since it was read (someone else acted). */
    public boolean deliver(Perk due, Instant now) {
        Perk delivered = due.deliver(now);
        return write(List.of(perks.change(PerkStatus.SCHEDULED, delivered), outbox.delivered(delivered)));
    }

    /** Expires an open perk; false if it changed since it was read. */
    public boolean expire(Perk open, Instant now) {
        return write(List.of(perks.change(open.status(), open.expire(now))));
    }

    /** A member's or the storefront's change to one perk. */
    public enum Action {
        CANCEL, REDEEM
    }

    /** The perk after the change, and whether this call changed it (false: it already was so). */
    public record Changed(Perk perk, boolean changed) {
    }

    public Changed change(String programId, String memberId, String perkId, Action action, Instant now) {
        for (int attempt = 1;; attempt++) {
            Perk perk = perks.find(programId, memberId, perkId).orElseThrow(() -> HearthException.notFound(
                    "PERK_NOT_FOUND", "perkId", "member " + memberId + " has no perk " + perkId));
            PerkStatus target = action == Action.CANCEL ? PerkStatus.CANCELLED : PerkStatus.REDEEMED;
            if (perk.status() == target) {
                return new Changed(perk, false);
            }
            Perk after = action == Action.CANCEL ? perk.cancel(now) : perk.redeem(now);
            if (write(List.of(perks.change(perk.status(), after)))) {
                return new Changed(after, true);
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new HearthException(503, "CONCURRENT_UPDATE", "perkId",
                        "perk " + perkId + " kept changing; retry the request");
            }
        }
    }

    /**
     * Writes one item on its own (a conditional Put costs half a transaction) or several in one
     * transaction; false if a condition did not hold, i.e. the state it was decided from is gone.
     * A collision with another transaction on the same item is retried.
     */
    private boolean write(List<TransactWriteItem> writes) {
        for (int attempt = 1;; attempt++) {
            try {
                if (writes.size() == 1 && writes.get(0).put() != null) {
                    Put put = writes.get(0).put();
                    dynamo.putItem(p -> p.tableName(put.tableName()).item(put.item())
                            .conditionExpression(put.conditionExpression())
                            .expressionAttributeNames(put.expressionAttributeNames().isEmpty() ? null
                                    : put.expressionAttributeNames())
                            .expressionAttributeValues(put.expressionAttributeValues().isEmpty() ? null
                                    : put.expressionAttributeValues()));
                } else {
                    dynamo.transactWriteItems(t -> t.transactItems(writes));
                }
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            } catch (TransactionCanceledException e) {
                List<String> reasons = e.hasCancellationReasons()
                        ? e.cancellationReasons().stream().map(CancellationReason::code).toList() : List.of();
                if (reasons.contains("ConditionalCheckFailed")) {
                    return false;
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                MemberLedger.backOff(attempt);
            }
        }
    }
}
