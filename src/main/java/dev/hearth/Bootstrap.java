package dev.hearth;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.hearth.config.HearthConfig;
import dev.hearth.dynamodb.TableSpec;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.MemberTable;
import dev.hearth.events.OutboxTable;
import dev.hearth.perk.PerkTable;
import dev.hearth.program.DefaultProgram;
import dev.hearth.program.ProgramDocument;
import dev.hearth.program.ProgramTable;
import dev.hearth.retention.StatsTable;
import dev.hearth.rules.ManagePrograms;
import dev.hearth.squad.DefaultSquads;
import dev.hearth.squad.SquadTable;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * At start-up, optionally creates the tables and seeds the brief's default program
 * and its example squads. Both are on in
 * dev and test and off in a Lambda, whose tables belong to the infrastructure and whose cold
 * start should not pay for writes.
 */
@ApplicationScoped
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    /** Every table Hearth uses, by its adapter's spec: the list infra/tables.json is generated from. */
    public static final List<TableSpec> TABLES = List.of(ProgramTable.SPEC, MemberTable.SPEC, ActivityTable.SPEC,
            StatsTable.SPEC, PerkTable.SPEC, OutboxTable.SPEC, SquadTable.SPEC);

    void onStart(@Observes StartupEvent event, DynamoDbClient dynamo, ProgramTable programs, ManagePrograms manage,
            SquadTable squads, HearthConfig config) {
        if (config.createTables()) {
            for (TableSpec spec : TABLES) {
                CreateTableRequest table = spec.createRequest(config.table().named(spec.name()));
                try {
                    dynamo.createTable(table);
                    LOG.infof("created table %s", table.tableName());
                } catch (ResourceInUseException e) {
                    LOG.debugf("table %s already exists", table.tableName());
                }
            }
        }
        if (config.seedDefaultProgram() && programs.stored(DefaultProgram.PROGRAM_ID).isEmpty()) {
            // Through manage-program's own path, so the default program is checked like any other.
            try {
                manage.create(DefaultProgram.PROGRAM_ID, ProgramDocument.write(DefaultProgram.create()),
                        DefaultProgram.SEEDED_BY, DefaultProgram.SEED_REASON);
                LOG.infof("seeded program %s", DefaultProgram.PROGRAM_ID);
            } catch (HearthException e) {
                LOG.debugf("program %s was seeded by another start: %s", DefaultProgram.PROGRAM_ID, e.getMessage());
            }
        }
        if (config.seedDefaultProgram()) {
            int seeded = squads.seed(DefaultSquads.create());
            if (seeded > 0) {
                LOG.infof("seeded %d squads of program %s", seeded, DefaultProgram.PROGRAM_ID);
            }
        }
    }
}
