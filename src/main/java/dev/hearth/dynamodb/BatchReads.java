package dev.hearth.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Reads up to 100 items of one table in one BatchGetItem, asking again for any DynamoDB left unprocessed. */
public final class BatchReads {

    public static final int MAX_KEYS = 100;

    private BatchReads() {
    }

    /** The items that exist among {@code keys} (at most {@value #MAX_KEYS}), in no particular order. */
    public static List<Map<String, AttributeValue>> get(DynamoDbClient dynamo, String table,
            List<Map<String, AttributeValue>> keys, boolean consistent) {
        if (keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("at most " + MAX_KEYS + " keys in one batch, got " + keys.size());
        }
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        if (keys.isEmpty()) {
            return found;
        }
        Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys)
                .consistentRead(consistent).build());
        while (!pending.isEmpty()) {
            Map<String, KeysAndAttributes> request = pending;
            var response = dynamo.batchGetItem(b -> b.requestItems(request));
            found.addAll(response.responses().getOrDefault(table, List.of()));
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return found;
    }
}
