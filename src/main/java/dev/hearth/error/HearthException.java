package dev.hearth.error;

/**
 * A rejected request. The message always reads {@code [status] CODE field: problem} so that
 * API Gateway can map it to an HTTP status and a client can branch on the stable code.
 */
public class HearthException extends RuntimeException {

    private final int status;
    private final String code;

    public HearthException(int status, String code, String field, String problem) {
        super("[" + status + "] " + code + " " + (field == null ? "" : field + ": ") + problem);
        this.status = status;
        this.code = code;
    }

    public static HearthException invalid(String field, String problem) {
        return new HearthException(400, "INVALID_FIELD", field, problem);
    }

    public static HearthException missing(String field) {
        return new HearthException(400, "MISSING_FIELD", field, "is required");
    }

    public static HearthException notFound(String code, String field, String problem) {
        return new HearthException(404, code, field, problem);
    }

    public static HearthException memberNotFound(String field, String programId, String memberId) {
        return notFound("MEMBER_NOT_FOUND", field, "no member " + memberId + " in program " + programId);
    }

    public static HearthException conflict(String code, String field, String problem) {
        return new HearthException(409, code, field, problem);
    }

    public static HearthException unprocessable(String code, String field, String problem) {
        return new HearthException(422, code, field, problem);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
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
