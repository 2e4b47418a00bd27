package dev.hearth.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.hearth.edge.HearthException;

/**
 * Where a paged walk over a program's 16 member shards resumes (the nightly review, a grant's
 * fan-out): a shard, and the last index key done in it. Opaque to callers (URL-safe base64).
 */
public record ShardCursor(int shard, String after) {

    /** Keys per query of a paged walk: small enough that one page always fits a call's budget. */
    public static final int PAGE_SIZE = 100;

    public static final ShardCursor START = new ShardCursor(0, null);
    public static final ShardCursor END = new ShardCursor(Shards.COUNT, null);

    public boolean done() {
        return shard >= Shards.COUNT;
    }

    /** The next page's position: further in this shard, or the start of the next one. */
    public ShardCursor next(String continueAfter) {
        return continueAfter == null ? new ShardCursor(shard + 1, null) : new ShardCursor(shard, continueAfter);
    }

    public String encode() {
        String raw = shard + ":" + (after == null ? "" : after);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names (null: the start); a cursor Hearth did not issue is a bad {@code field}. */
    public static ShardCursor decode(String cursor, String field, String issuer) {
        if (cursor == null) {
            return START;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            int shard = Integer.parseInt(raw.substring(0, colon));
            String after = raw.substring(colon + 1);
            if (shard < 0 || shard > Shards.COUNT) {
                throw new IllegalArgumentException("shard " + shard);
            }
            return new ShardCursor(shard, after.isEmpty() ? null : after);
        } catch (RuntimeException e) {
            throw HearthException.invalid(field, "is not a cursor returned by " + issuer);
        }
    }
}
