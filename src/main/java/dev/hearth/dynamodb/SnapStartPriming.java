package dev.hearth.dynamodb;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.hearth.config.HearthConfig;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming (JVM build): Lambda snapshots the function after its start-up, so what start-up
 * does, every restored instance has done. With {@code hearth.snapstart-priming}, start-up reads one
 * item that does not exist: the client is built, its endpoint resolved, its signer, marshallers and
 * HTTP client loaded and JIT-warmed once. A connection left open in the snapshot is stale after a
 * restore; the SDK opens another on the first call. Off (the default), start-up does nothing more.
 */
@ApplicationScoped
public class SnapStartPriming {

    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);
    /** A key no program has (program ids have no white space). */
    static final String NO_PROGRAM = "hearth snapstart priming";

    void onStart(@Observes StartupEvent start, HearthConfig config, DynamoDbClient dynamo,
            dev.hearth.config.TableNames tables) {
        if (config.snapstartPriming()) {
            prime(dynamo, tables.programs());
        }
    }

    /** One read through the whole request path; its answer (no item) does not matter. */
    static void prime(DynamoDbClient dynamo, String programsTable) {
        dynamo.getItem(r -> r.tableName(programsTable).key(Map.of("programId", AttributeValue.fromS(NO_PROGRAM))));
        LOG.info("primed for SnapStart: one DynamoDB read");
    }
}
