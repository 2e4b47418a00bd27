package dev.hearth.program;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.hearth.squad.DefaultSquads;
import dev.hearth.squad.SquadTable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Program rules survive the trip through a DynamoDB item unchanged: what operators store is what runs. */
class ProgramItemTest {

    @Test
    void theDefaultProgramRoundTrips() {
        Program program = DefaultProgram.create();
        assertEquals(program, ProgramTable.fromItem(ProgramTable.toItem(program)));
    }

    @Test
    void anyLadderAndEarningRoundTrip() {
        Program program = new Program("tea-club", "Tea club", ZoneId.of("Europe/Paris"), "EUR",
                List.of(new Tier("GUEST", "Guest", "访客", Map.of(), List.of()),
                        new Tier("REGULAR", "Regular", "常客", Map.of(Counter.EVENTS, 2L, Counter.CONNECTIONS, 5L),
                                List.of("tasting seat"))),
                new EarningRules(3, Map.of(ActivityType.CHECK_IN, 7L), Map.of(ActivityType.FEEDBACK, 2)), 7, 0);
        assertEquals(program, ProgramTable.fromItem(ProgramTable.toItem(program)));
    }

    /**
     * The deployment seeds the default program from infra/seed/default-program.json (a list of
     * DynamoDB JSON items): exactly the items manage-program's CREATE writes for it (its current
     * item and its version 1), from the document checked as any other. After changing
     * DefaultProgram, regenerate it with {@code HEARTH_UPDATE_SEED=1 ./mvnw test -Dtest=ProgramItemTest}.
     */
    @Test
    void theDeploymentSeedIsTheDefaultProgramCreatedAsAnyOther() throws Exception {
        Path seed = Path.of("infra/seed/default-program.json");
        Program checked = ProgramDocument.read(DefaultProgram.PROGRAM_ID,
                ProgramDocument.write(DefaultProgram.create()), "program");
        ArrayNode expected = JSON.createArrayNode();
        ProgramTable.Change first = new ProgramTable.Change(1, DefaultProgram.SEEDED_BY, DefaultProgram.SEEDED_AT,
                DefaultProgram.SEED_REASON);
        ProgramTable.versionItems(checked, first, List.of(first))
                .forEach(item -> expected.add(dynamoJson(AttributeValue.fromM(item)).get("M")));
        if ("1".equals(System.getenv("HEARTH_UPDATE_SEED"))) {
            Files.createDirectories(seed.getParent());
            Files.writeString(seed, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(expected) + "\n");
        }
        assertEquals(expected, JSON.readTree(seed.toFile()));
    }

    /**
     * The deployment seeds the default program's example squads from infra/seed/default-squads.json
     * (a list of DynamoDB JSON items): exactly the items this code writes (regenerated likewise).
     */
    @Test
    void theDeploymentSeedHoldsTheDefaultSquads() throws Exception {
        Path seed = Path.of("infra/seed/default-squads.json");
        ArrayNode expected = JSON.createArrayNode();
        DefaultSquads.create().forEach(squad -> expected.add(dynamoJson(AttributeValue.fromM(SquadTable.item(squad)))
                .get("M")));
        if ("1".equals(System.getenv("HEARTH_UPDATE_SEED"))) {
            Files.writeString(seed, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(expected) + "\n");
        }
        assertEquals(expected, JSON.readTree(seed.toFile()));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode dynamoJson(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        if (value.s() != null) {
            node.put("S", value.s());
        } else if (value.n() != null) {
            node.put("N", value.n());
        } else if (value.bool() != null) {
            node.put("BOOL", value.bool());
        } else if (value.hasL()) {
            ArrayNode list = node.putArray("L");
            value.l().forEach(v -> list.add(dynamoJson(v)));
        } else {
            ObjectNode map = node.putObject("M");
            new TreeMap<>(value.m()).forEach((k, v) -> map.set(k, dynamoJson(v)));
        }
        return node;
    }
}
