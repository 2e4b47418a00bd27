package dev.hearth.packaged;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.hearth.local.EmbeddedDynamoDb;
import io.quarkus.test.common.DevServicesContext;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * DynamoDB Local in the test JVM for the packaged application (JVM jar or native binary), which
 * carries no embedded database: the returned settings point it there and have it create the
 * tables and seed the default program.
 */
public class DynamoDbLocalResource implements QuarkusTestResourceLifecycleManager, DevServicesContext.ContextAware {

    private static volatile String lambdaEndpoint;
    private EmbeddedDynamoDb dynamo;

    /** Where the mock Lambda event server takes events for the packaged application. */
    static String lambdaEndpoint() {
        return lambdaEndpoint;
    }

    @Override
    public void setIntegrationTestContext(DevServicesContext context) {
        lambdaEndpoint = "http://localhost:" + context.devServicesProperties()
                .get("quarkus.lambda.mock-event-server.test-port") + "/";
    }

    @Override
    public Map<String, String> start() {
        dynamo = new EmbeddedDynamoDb(Optional.empty());
        Map<String, String> config = new TreeMap<>();
        config.put("quarkus.dynamodb.endpoint-override", dynamo.endpoint().toString());
        config.put("quarkus.dynamodb.aws.region", "us-east-1");
        config.put("quarkus.dynamodb.aws.credentials.type", "static");
        config.put("quarkus.dynamodb.aws.credentials.static-provider.access-key-id", "local");
        config.put("quarkus.dynamodb.aws.credentials.static-provider.secret-access-key", "local");
        config.put("hearth.create-tables", "true");
        config.put("hearth.seed-default-program", "true");
        config.put("quarkus.funqy.export", "onboard-member");
        return config;
    }

    @Override
    public void stop() {
        if (dynamo != null) {
            dynamo.stop();
        }
    }
}
