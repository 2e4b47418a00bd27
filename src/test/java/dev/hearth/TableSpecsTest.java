package dev.hearth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The stack builds its tables from infra/tables.json; it must be exactly the adapters' specs, which
 * also create the tables locally. After changing a spec, regenerate it with
 * {@code HEARTH_UPDATE_TABLES=1 ./mvnw test -Dtest=TableSpecsTest}.
 */
class TableSpecsTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    @Test
    void theStacksTablesAreTheAdaptersSpecs() throws Exception {
        Path file = Path.of("infra/tables.json");
        JsonNode expected = JSON.valueToTree(Bootstrap.TABLES);
        if ("1".equals(System.getenv("HEARTH_UPDATE_TABLES"))) {
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(expected) + "\n");
        }
        assertEquals(expected, JSON.readTree(file.toFile()),
                "infra/tables.json differs from the adapters' TableSpecs: regenerate it (see TableSpecsTest)");
    }
}
