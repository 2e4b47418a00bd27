package dev.hearth.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB bills it (names plus values; numbers about 1 byte per 2 digits plus
 * 1; 3 bytes for each list or map plus 1 per element), so tests compute capacity units from what is
 * stored: DynamoDB Local's own accounting of transactions is wrong.
 */
public final class ItemSize {

    private ItemSize() {
    }

    public static long of(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + of(e.getValue());
        }
        return size;
    }

    private static long of(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return (v.n().replace("-", "").replace(".", "").length() + 1) / 2 + 1;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToLong(e -> of(e) + 1).sum();
        }
        if (v.hasM()) {
            return 3 + v.m().entrySet().stream().mapToLong(e -> utf8(e.getKey()) + of(e.getValue()) + 1).sum();
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(ItemSize::utf8).sum();
        }
        return 0;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Write units of one item written on its own (PutItem, UpdateItem, DeleteItem): 1 per started KB. */
    public static long writeUnits(long size) {
        return Math.max(1, (size + 1023) / 1024);
    }

    /** Write units of one item written in a transaction: 2 per started KB. */
    public static long transactionalWriteUnits(long size) {
        return 2 * Math.max(1, (size + 1023) / 1024);
    }

    /** Read units of a strongly consistent read of items this large: 1 per started 4 KB. */
    public static double consistentReadUnits(long size) {
        return Math.max(1, (size + 4095) / 4096);
    }

    /** Read units of an eventually consistent Query returning this many bytes: half of consistent. */
    public static double queryReadUnits(long size) {
        return consistentReadUnits(size) / 2;
    }
}
