package dev.hearth.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.hearth.config.HearthConfig;
import dev.hearth.program.DefaultProgram;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * At start-up, optionally creates the tables and seeds the brief's default program. Both are on in
 * dev and test and off in a Lambda, whose tables belong to the infrastructure and whose cold
 * start should not pay for writes.
 */
@ApplicationScoped
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    void onStart(@Observes StartupEvent event, DynamoDbClient dynamo, ProgramTable programs, MemberTable members,
            ActivityTable activities, StatsTable stats, PerkTable perks, OutboxTable outbox,
            HearthConfig config) {
        if (config.createTables()) {
            for (CreateTableRequest table : List.of(programs.definition(), members.definition(), activities.definition(),
                    stats.definition(), perks.definition(), outbox.definition())) {
                try {
                    dynamo.createTable(table);
                    LOG.infof("created table %s", table.tableName());
                } catch (ResourceInUseException e) {
                    LOG.debugf("table %s already exists", table.tableName());
                }
            }
        }
        if (config.seedDefaultProgram() && programs.putIfAbsent(DefaultProgram.create())) {
            LOG.infof("seeded program %s", DefaultProgram.PROGRAM_ID);
        }
    }
}
