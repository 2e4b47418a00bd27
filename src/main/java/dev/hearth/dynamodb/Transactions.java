package dev.hearth.dynamodb;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The one way Hearth writes several items together. A transaction is cancelled for one of three
 * kinds of reason, and each is treated for what it is:
 * <ul>
 * <li>a condition did not hold ({@code ConditionalCheckFailed}): the state the writes were
 * decided from is gone, so the caller reads again and decides afresh ({@link #write} answers
 * false, naming nothing: that is an ordinary outcome);</li>
 * <li>a collision with another transaction or throttling ({@code TransactionConflict},
 * {@code ThrottlingError}, {@code ProvisionedThroughputExceeded}): the same writes are sent again
 * after a jittered exponential back-off, a bounded number of times;</li>
 * <li>anything else (a validation error, an item too large, ...): retrying cannot help, so it fails
 * at once naming the reason and the item.</li>
 * </ul>
 */
@ApplicationScoped
public class Transactions {

    private static final Logger LOG = Logger.getLogger(Transactions.class);
    /** Collisions are retried this many times (about 3 s of back-off in all) before the caller is told. */
    public static final int MAX_COLLISIONS = 12;
    /** Re-reads after a lost race on an item's condition, with back-off, before answering 503. */
    public static final int MAX_LOST_RACES = 60;
    private static final List<String> COLLISIONS = List.of("TransactionConflict", "ThrottlingError",
            "ProvisionedThroughputExceeded", "RequestLimitExceeded");

    private final DynamoDbClient dynamo;

    public Transactions(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** Writes the items; false if a condition did not hold (see {@link #attempt}). */
    public boolean write(List<TransactWriteItem> writes, String what) {
        return attempt(writes, what) == COMMITTED;
    }

    /** What {@link #attempt} answers when everything was written. */
    public static final int COMMITTED = -1;

    /**
     * Writes the items (one conditional Put on its own, which costs half a transaction; several in
     * one transaction).
     *
     * @param what names the change in errors and logs
     * @return {@link #COMMITTED}, or the index of the write whose condition did not hold
     * @throws HearthException {@code [503] CONCURRENT_UPDATE} when collisions outlast the retries
     * @throws IllegalStateException for a cancellation that no retry can mend, naming reason and item
     */
    public int attempt(List<TransactWriteItem> writes, String what) {
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
                return COMMITTED;
            } catch (ConditionalCheckFailedException e) {
                return 0;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                for (int i = 0; i < reasons.size(); i++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                        return i;
                    }
                }
                for (int i = 0; i < reasons.size(); i++) {
                    String code = reasons.get(i).code();
                    if (code != null && !"None".equals(code) && !COLLISIONS.contains(code)) {
                        throw new IllegalStateException(what + ": write " + (i + 1) + " of " + writes.size() + " ("
                                + target(writes.get(i)) + ") was refused: " + code + " " + reasons.get(i).message());
                    }
                }
                if (reasons.isEmpty()) {
                    throw new IllegalStateException(what + ": transaction cancelled without reasons: " + e.getMessage());
                }
                if (attempt >= MAX_COLLISIONS) {
                    throw contended(what, attempt);
                }
                LOG.debugf("%s: attempt %d collided (%s), retrying", what, attempt,
                        reasons.stream().map(CancellationReason::code).toList());
                backOff(attempt);
            }
        }
    }

    /**
     * Whether a failure passes with time: DynamoDB's own (throttled, 5xx, unreachable) or contention.
     * A whole-program run fails the call on these (it is sent again, nothing lost) and passes over a
     * member or perk only for anything else: a stored item that is itself broken.
     */
    public static boolean passes(RuntimeException e) {
        return e instanceof SdkException
                || e instanceof HearthException h && h.code() == ErrorCode.CONCURRENT_UPDATE;
    }

    /** Writes kept colliding with other writers: the caller answers 503 and the client retries. */
    public static HearthException contended(String what, int attempts) {
        return new HearthException(ErrorCode.CONCURRENT_UPDATE, null,
                what + " collided with concurrent updates " + attempts + " times; retry the request");
    }

    /** Names the item a write is for: its table and partition key. */
    public static String target(TransactWriteItem w) {
        Written written = Written.of(w);
        return written.verb() + " " + written.table() + " " + written.key().get("pk").s();
    }

    /** What a write does, to which table and item. */
    private record Written(String verb, String table, Map<String, AttributeValue> key) {
        static Written of(TransactWriteItem w) {
            if (w.put() != null) {
                return new Written("put", w.put().tableName(), w.put().item());
            }
            if (w.update() != null) {
                return new Written("update", w.update().tableName(), w.update().key());
            }
            if (w.conditionCheck() != null) {
                return new Written("check", w.conditionCheck().tableName(), w.conditionCheck().key());
            }
            return new Written("delete", w.delete().tableName(), w.delete().key());
        }
    }

    /**
     * The attempts of one read-decide-write change (an award, a join, a review, a perk's change):
     * call {@link Attempts#committed} with each attempt's writes, and read and decide again while it
     * answers false.
     *
     * @param what names the change in errors and logs
     * @param lockTable the table whose failed condition is a lost race (an item changed since it was read)
     */
    public Attempts attempts(String what, String lockTable) {
        return new Attempts(what, lockTable);
    }

    /**
     * One change's attempts. A transaction whose condition failed is decided afresh from a new read
     * (a repeated id then answers as a duplicate, a refund raced by another as ALREADY_REFUNDED): on
     * the lock table that is a lost race, retried after a back-off; the same other condition failing
     * twice in a row is no race, and is reported instead of retried.
     */
    public final class Attempts {
        private final String what;
        private final String lockTable;
        private int attempts;
        private String lastFailed;

        private Attempts(String what, String lockTable) {
            this.what = what;
            this.lockTable = lockTable;
        }

        /** True when the writes are committed; false when the caller should read and decide again. */
        public boolean committed(List<TransactWriteItem> writes) {
            int failed = attempt(writes, what);
            if (failed == COMMITTED) {
                return true;
            }
            attempts++;
            TransactWriteItem write = writes.get(failed);
            String target = target(write);
            boolean lostRace = lockTable.equals(Written.of(write).table());
            if (!lostRace && target.equals(lastFailed)) {
                throw new IllegalStateException(what + ": the condition of " + target
                        + " failed again after a fresh read; this is no race and will not pass by retrying");
            }
            if (attempts >= MAX_LOST_RACES) {
                throw contended(what, attempts);
            }
            lastFailed = target;
            LOG.debugf("%s: attempt %d lost a race on %s, reading again", what, attempts, target);
            if (lostRace) {
                backOff(attempts);
            }
            return false;
        }
    }

    /** Jittered exponential back-off ("full jitter"), so that racing writers spread out instead of colliding again. */
    public static void backOff(int attempt) {
        long ceiling = Math.min(400, 5L << Math.min(attempt, 7));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying " + attempt, e);
        }
    }
}
