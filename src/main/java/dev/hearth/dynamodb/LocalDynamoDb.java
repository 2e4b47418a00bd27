package dev.hearth.dynamodb;

import java.net.URI;

/**
 * An embedded DynamoDB for local runs and tests. Only dev and test builds have an implementation
 * ({@link dev.hearth.local.EmbeddedDynamoDb}); a Lambda build has none and talks to DynamoDB.
 */
public interface LocalDynamoDb {

    /** Starts the embedded database if needed and returns its endpoint. */
    public URI endpoint();
}
