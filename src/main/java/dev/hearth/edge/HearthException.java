package dev.hearth.edge;

/**
 * A rejected request. The message always reads {@code [status] CODE field: problem} so that
 * API Gateway can map it to an HTTP status and a client can branch on the stable code.
 */
public class HearthException extends RuntimeException {

    private final ErrorCode code;

    public HearthException(ErrorCode code, String field, String problem) {
        super(code.prefix() + " " + (field == null ? "" : field + ": ") + problem);
        this.code = code;
    }

    public static HearthException invalid(String field, String problem) {
        return new HearthException(ErrorCode.INVALID_FIELD, field, problem);
    }

    public static HearthException missing(String field) {
        return new HearthException(ErrorCode.MISSING_FIELD, field, "is required");
    }

    public static HearthException memberNotFound(String field, String programId, String memberId) {
        return new HearthException(ErrorCode.MEMBER_NOT_FOUND, field,
                "no member " + memberId + " in program " + programId);
    }

    /** A member whose personal data was erased (erase-member): nothing can be done for them any more. */
    public static HearthException memberErased(String field, String memberId) {
        return new HearthException(ErrorCode.MEMBER_ERASED, field, "member " + memberId
                + "'s data was erased; the member can no longer be shown, changed or awarded");
    }

    public int status() {
        return code.status();
    }

    public ErrorCode code() {
        return code;
    }

    /** The message after its {@code [status] CODE}: {@code field: problem}. */
    public String detail() {
        return getMessage().substring(code.prefix().length() + 1);
    }

    /**
     * Funqy wraps a function's exception as {@code new ApplicationException(cause)}, whose message
     * is {@code cause.toString()}; returning the bare message keeps the {@code [status]} prefix
     * first in the Lambda error message.
     */
    @Override
    public String toString() {
        return getMessage();
    }
}
