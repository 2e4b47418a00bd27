package dev.hearth.dynamodb;

/**
 * The conditions Hearth's writes are made on, named for what they guarantee. Each is the reason a
 * repeated or racing write changes nothing twice; a write whose condition fails is decided afresh
 * from a new read (see {@link Transactions}).
 */
public final class Conditions {

    /** The item does not exist yet: a join, a ledger entry, a perk, an outbox event, once each. */
    public static final String NEW_ITEM = "attribute_not_exists(pk)";
    /** A program is created once (its key is programId). */
    public static final String NEW_PROGRAM = "attribute_not_exists(programId)";
    /** The member is as it was read (optimistic lock; #v = version, :v = the version read). */
    public static final String VERSION_UNCHANGED = "#v = :v";
    /** The perk is in the status it was read in (#st = status, :from = that status). */
    public static final String STATUS_UNCHANGED = "#st = :from";
    /** A tier privilege may be given again only over a cancelled one (#st = status, :cancelled). */
    public static final String NEW_OR_CANCELLED = "attribute_not_exists(pk) OR #st = :cancelled";
    /** The purchase exists and no refund took it back before. */
    public static final String NOT_YET_REFUNDED = "attribute_exists(pk) AND attribute_not_exists(refundedBy)";
    /** The squad exists and is open to new members (#st = status, :open = OPEN). */
    public static final String SQUAD_OPEN = "attribute_exists(pk) AND #st = :open";
    /** This call still holds the grant job's lease (:me = its owner id). */
    public static final String LEASE_HELD = "leaseOwner = :me";

    /** The grant job is unfinished and no live lease holds it (:f = false, :now = the time now). */
    public static final String UNFINISHED_AND_FREE = "complete = :f AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)";

    private Conditions() {
    }
}
