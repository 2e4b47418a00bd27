package dev.hearth.edge;

/**
 * Every way Hearth turns a request down, with the HTTP-style status its message starts with
 * ({@code [status] CODE field: problem}). The one list of codes: the functions' READMEs, the main
 * README and the API document's statuses are held to it by ErrorCodesTest.
 */
public enum ErrorCode {
    /** The event is absent or JSON null. */
    MISSING_EVENT(400),
    /** The event is not a JSON object. */
    INVALID_EVENT(400),
    /** The body is not one strict JSON object (local HTTP). */
    MALFORMED_JSON(400),
    UNKNOWN_FIELD(400),
    MISSING_FIELD(400),
    /** Wrong type, blank, too long, out of range, in the future, not used by this request's shape. */
    INVALID_FIELD(400),
    SELF_REFERRAL(400),
    SELF_INTERACTION(400),
    /** The member's tier may not redeem the reward. */
    TIER_NOT_ALLOWED(403),
    PROGRAM_NOT_FOUND(404),
    MEMBER_NOT_FOUND(404),
    INVITER_NOT_FOUND(404),
    PURCHASE_NOT_FOUND(404),
    PERK_NOT_FOUND(404),
    SQUAD_NOT_FOUND(404),
    /** get-program of a version the program never had. */
    VERSION_NOT_FOUND(404),
    /** import-members' source file or S3 object is not there. */
    SOURCE_NOT_FOUND(404),
    /** A retention report of a day whose snapshot is not stored (take it first). */
    SNAPSHOT_NOT_FOUND(404),
    REWARD_NOT_FOUND(404),
    REDEMPTION_NOT_FOUND(404),
    /** No function of that name (local HTTP). */
    UNKNOWN_FUNCTION(404),
    ALREADY_REFUNDED(409),
    PERK_ID_IN_USE(409),
    PERK_NOT_REDEEMABLE(409),
    PERK_EXPIRED(409),
    PERK_NOT_CANCELLABLE(409),
    /** A reward outside its window (from, until). */
    REWARD_NOT_AVAILABLE(409),
    INSUFFICIENT_POINTS(409),
    OUT_OF_STOCK(409),
    /** The member holds as many of the reward as one member may. */
    LIMIT_REACHED(409),
    /** A redemptionId already used for another reward. */
    REDEMPTION_ID_IN_USE(409),
    /** An archived squad cannot be joined or changed. */
    SQUAD_ARCHIVED(409),
    /** manage-program CREATE of a program id that exists. */
    PROGRAM_EXISTS(409),
    /** manage-program UPDATE whose expectedVersion is not the current version. */
    VERSION_CONFLICT(409),
    /** import-members with an importId that already named another import. */
    IMPORT_ID_IN_USE(409),
    /** CREATE of a squad id that already names a different squad. */
    SQUAD_ID_IN_USE(409),
    /** A member erased by erase-member: shown, changed or awarded no more; joined again only where the program allows it. */
    MEMBER_ERASED(410),
    /** The body is over 256 KB (local HTTP; the API's firewall blocks bodies over 16 KB). */
    PAYLOAD_TOO_LARGE(413),
    NOT_A_PURCHASE(422),
    REFUND_EXCEEDS_PURCHASE(422),
    /** Anything unexpected: the detail is only in the log. */
    INTERNAL_ERROR(500),
    /** The change kept colliding with others: send it again. */
    CONCURRENT_UPDATE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The message's start: {@code [status] CODE}. */
    public String prefix() {
        return "[" + status + "] " + name();
    }
}
