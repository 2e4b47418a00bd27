package dev.hearth.dynamodb;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hearth.config.HearthConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The DynamoDB client, as the extension configures it; in a dev or test build with no endpoint
 * configured, pointed at the embedded DynamoDB Local that this starts on first use; with the
 * capacity meter when a benchmark asks for it; with {@code hearth.dynamodb.max-attempts} SDK
 * attempts per call when set (the SDK's default otherwise).
 */
@ApplicationScoped
public class DynamoDbClientProducer {

    @Produces
    @ApplicationScoped
    public DynamoDbClient dynamoDb(DynamoDbClientBuilder builder, Instance<LocalDynamoDb> local,
            @ConfigProperty(name = "quarkus.dynamodb.endpoint-override") Optional<URI> endpoint,
            HearthConfig config) {
        Optional<Integer> maxAttempts = config.dynamodb().maxAttempts();
        if (endpoint.isEmpty() && local.isResolvable()) {
            builder.endpointOverride(local.get().endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        }
        if (maxAttempts.isPresent()) {
            // The SDK's own retries (standard strategy) with another number of attempts; the tests
            // use 1, so that an injected fault reaches Hearth's code at once.
            builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                    .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(maxAttempts.get()).build()).build());
        }
        if (config.capacityMeter().enabled()) {
            ClientOverrideConfiguration existing = builder.overrideConfiguration();
            builder.overrideConfiguration(existing.toBuilder().addExecutionInterceptor(new CapacityMeter()).build());
        }
        return builder.build();
    }
}
