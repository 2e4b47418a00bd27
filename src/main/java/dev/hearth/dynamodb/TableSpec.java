package dev.hearth.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A table's keys, indexes, time-to-live and stream: the one source both for the tables created
 * locally and for the stack's (each adapter declares its {@code SPEC}; {@code infra/tables.json} is
 * generated from them and a test keeps it equal).
 *
 * @param name the table's logical name (the physical one comes from {@code hearth.table.*})
 * @param timeToLive the TTL attribute, or null
 * @param stream whether the table streams new images (the outbox)
 */
public record TableSpec(String name, Key partitionKey, Key sortKey, List<Index> indexes, String timeToLive,
        boolean stream) {

    /** A key attribute and its type: S or N. */
    public record Key(String name, String type) {
        public static Key s(String name) {
            return new Key(name, "S");
        }

        public static Key n(String name) {
            return new Key(name, "N");
        }
    }

    /**
     * A secondary index: local (same partition key) or global; projection ALL, KEYS_ONLY or INCLUDE
     * (with its non-key attributes).
     */
    public record Index(String name, boolean local, Key partitionKey, Key sortKey, String projection,
            List<String> nonKeyAttributes) {

        public static Index global(String name, Key partitionKey, Key sortKey, String projection,
                String... nonKeyAttributes) {
            return new Index(name, false, partitionKey, sortKey, projection, List.of(nonKeyAttributes));
        }

        public static Index local(String name, Key sortKey, String projection, String... nonKeyAttributes) {
            return new Index(name, true, null, sortKey, projection, List.of(nonKeyAttributes));
        }
    }

    public TableSpec {
        indexes = List.copyOf(indexes);
    }

    public static TableSpec of(String name, Key partitionKey, Key sortKey, Index... indexes) {
        return new TableSpec(name, partitionKey, sortKey, List.of(indexes), null, false);
    }

    public TableSpec withTimeToLive(String attribute) {
        return new TableSpec(name, partitionKey, sortKey, indexes, attribute, stream);
    }

    public TableSpec withStream() {
        return new TableSpec(name, partitionKey, sortKey, indexes, timeToLive, true);
    }

    /** The request that creates this table under {@code physicalName} (local runs and tests; TTL is the stack's). */
    public CreateTableRequest createRequest(String physicalName) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(partitionKey.name(), partitionKey.type());
        if (sortKey != null) {
            attributes.put(sortKey.name(), sortKey.type());
        }
        List<GlobalSecondaryIndex> globals = new ArrayList<>();
        List<LocalSecondaryIndex> locals = new ArrayList<>();
        for (Index index : indexes) {
            Key hash = index.local() ? partitionKey : index.partitionKey();
            attributes.put(hash.name(), hash.type());
            attributes.put(index.sortKey().name(), index.sortKey().type());
            Projection.Builder projection = Projection.builder().projectionType(ProjectionType.fromValue(index.projection()));
            if (!index.nonKeyAttributes().isEmpty()) {
                projection.nonKeyAttributes(index.nonKeyAttributes());
            }
            List<KeySchemaElement> keys = keys(hash, index.sortKey());
            if (index.local()) {
                locals.add(LocalSecondaryIndex.builder().indexName(index.name()).keySchema(keys)
                        .projection(projection.build()).build());
            } else {
                globals.add(GlobalSecondaryIndex.builder().indexName(index.name()).keySchema(keys)
                        .projection(projection.build()).build());
            }
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(physicalName)
                .attributeDefinitions(attributes.entrySet().stream().map(a -> AttributeDefinition.builder()
                        .attributeName(a.getKey()).attributeType(a.getValue()).build()).toList())
                .keySchema(keys(partitionKey, sortKey)).billingMode(BillingMode.PAY_PER_REQUEST);
        if (!globals.isEmpty()) {
            request.globalSecondaryIndexes(globals);
        }
        if (!locals.isEmpty()) {
            request.localSecondaryIndexes(locals);
        }
        if (stream) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(StreamViewType.NEW_IMAGE).build());
        }
        return request.build();
    }

    private static List<KeySchemaElement> keys(Key hash, Key range) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(hash.name()).keyType(KeyType.HASH).build());
        if (range != null) {
            keys.add(KeySchemaElement.builder().attributeName(range.name()).keyType(KeyType.RANGE).build());
        }
        return keys;
    }
}
