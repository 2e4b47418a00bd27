package dev.hearth.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.hearth.member.JoinEvent;
import dev.hearth.member.MemberEvent;
import dev.hearth.member.UpdateEvent;
import dev.hearth.squad.SquadEvent;
import dev.hearth.perk.SchedulePerkEvent;
import dev.hearth.points.AwardEvent;
import dev.hearth.retention.SnapshotEvent;
import dev.hearth.rules.GetProgramEvent;
import dev.hearth.rules.ProgramEvent;
import dev.hearth.runs.RunProgramsEvent;
import dev.hearth.tier.EvaluateEvent;

/**
 * Each event's fields and limits are written once, in its record's {@link EventShape}; the API
 * document (src/main/resources/META-INF/openapi.yaml) must say the same of every storefront
 * function's request: the same fields, and for each the same kind and limits.
 */
class EventShapesTest {

    static final List<EventShape> SHAPES = List.of(JoinEvent.SHAPE, UpdateEvent.SHAPE, SquadEvent.SHAPE,
            AwardEvent.SHAPE, EvaluateEvent.SHAPE, MemberEvent.SHAPE, SchedulePerkEvent.SHAPE, SnapshotEvent.SHAPE,
            ProgramEvent.SHAPE, GetProgramEvent.SHAPE, RunProgramsEvent.SHAPE, dev.hearth.member.EraseEvent.SHAPE,
            dev.hearth.imports.ImportEvent.SHAPE, dev.hearth.imports.ImportLine.SHAPE,
            dev.hearth.rewards.RedeemEvent.SHAPE);

    /**
     * What the storefront API leaves out of a function's event on purpose: the shapes that work on a
     * whole program or an audience for minutes (operator work: the schedules and the console call
     * the function itself), so a storefront call is always one member's and short.
     */
    static final Set<String> STOREFRONT_LEAVES_OUT = Set.of("evaluate-tier.cursor", "evaluate-tier.limit",
            "schedule-perk.run", "schedule-perk.date", "schedule-perk.limit", "schedule-perk.audience.tier",
            "schedule-perk.audience.tag", "schedule-perk.audience.squad", "schedule-perk.audience.squadStatus",
            "schedule-perk.audience.silentDays", "schedule-perk.audience.firstWeekDay");

    @Test
    void theStorefrontTakesOnlyOneMembersShapes() throws IOException {
        JsonNode schemas = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("src/main/resources/META-INF/openapi.yaml").toFile()).at("/components/schemas");
        for (String required : List.of("/EvaluateTier", "/SchedulePerk/properties/audience")) {
            JsonNode schema = schemas.at(required);
            assertFalse(schema.path("additionalProperties").asBoolean(true), required + ": nothing else is let through");
            List<String> names = new ArrayList<>();
            schema.path("required").forEach(n -> names.add(n.asText()));
            assertTrue(names.contains("memberId"), required + " requires memberId: " + names);
        }
        assertFalse(schemas.at("/SchedulePerk/additionalProperties").asBoolean(true));
    }

    @Test
    void theApiDocumentStatesEachEventsFieldsAndLimitsAsItsRecordDoes() throws IOException {
        JsonNode document = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("src/main/resources/META-INF/openapi.yaml").toFile());
        JsonNode schemas = document.at("/components/schemas");
        assertEquals(Field.MAX_ID_LENGTH, schemas.at("/Id/maxLength").asInt());
        List<String> differences = new ArrayList<>();
        int documented = 0;
        for (EventShape shape : SHAPES) {
            if (document.at("/paths/~1" + shape.function()).isMissingNode()) {
                continue; // operator-only: not on the storefront API
            }
            documented++;
            compare(shape.function(), shape.fields(), schemas.get(schema(shape.function())), differences);
        }
        assertEquals(7, documented, "the storefront functions' shapes are compared");
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }

    /**
     * Each function's README states the limits of its fields in its input table: the row naming a
     * field (or the object holding it) gives its largest value, length or count as the record does.
     */
    @Test
    void eachFunctionsReadmeStatesItsFieldsLimitsAsItsRecordDoes() throws IOException {
        List<String> missing = new ArrayList<>();
        for (EventShape shape : SHAPES) {
            List<String> rows = java.nio.file.Files.readAllLines(Path.of("functions", shape.function(), "README.md"))
                    .stream().filter(l -> l.startsWith("| `")).toList();
            for (Field field : shape.fields()) {
                for (Field limited : field.kind() == Field.Kind.OBJECT ? field.fields() : List.of(field)) {
                    List<Long> limits = switch (limited.kind()) {
                        case TEXT, WHOLE_NUMBER -> List.of(limited.maximum());
                        case TEXT_LIST -> List.of(limited.maximum(), limited.itemMaximum());
                        default -> List.of();
                    };
                    String row = rows.stream().filter(r -> r.split("\\|")[1].contains("`" + field.name() + "`"))
                            .findFirst().orElse("");
                    for (long limit : limits) {
                        if (!row.contains(String.format("%,d", limit))) {
                            missing.add(shape.function() + " " + limited.name() + ": " + String.format("%,d", limit)
                                    + " not in its row: " + row);
                        }
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }

    @Test
    void theComparisonSeesADifferentLimit() {
        List<String> differences = new ArrayList<>();
        JsonNode schema = new ObjectMapper().createObjectNode().set("properties", new ObjectMapper().createObjectNode()
                .set("title", new ObjectMapper().createObjectNode().put("type", "string").put("minLength", 1)
                        .put("maxLength", 121)));
        compare("test", List.of(Field.text("title", 120)), schema, differences);
        assertFalse(differences.isEmpty());
    }

    private static void compare(String where, List<Field> fields, JsonNode schema, List<String> differences) {
        JsonNode properties = schema.get("properties");
        Set<String> declared = new TreeSet<>(fields.stream().map(Field::name)
                .filter(name -> !STOREFRONT_LEAVES_OUT.contains(where + "." + name)).toList());
        Set<String> documented = new TreeSet<>();
        properties.fieldNames().forEachRemaining(documented::add);
        if (!declared.equals(documented)) {
            differences.add(where + ": fields " + declared + " in the record, " + documented + " in the document");
        }
        for (Field field : fields) {
            JsonNode p = properties.get(field.name());
            if (p == null || STOREFRONT_LEAVES_OUT.contains(where + "." + field.name())) {
                continue;
            }
            String at = where + "." + field.name();
            switch (field.kind()) {
                case ID -> same(differences, at, "$ref", "#/components/schemas/Id", p.path("$ref").asText());
                case INSTANT -> same(differences, at, "$ref", "#/components/schemas/Instant", p.path("$ref").asText());
                case TEXT -> {
                    same(differences, at, "type", "string", p.path("type").asText());
                    same(differences, at, "minLength", field.minimum(), p.path("minLength").asLong());
                    same(differences, at, "maxLength", field.maximum(), p.path("maxLength").asLong());
                }
                case TEXT_LIST -> {
                    same(differences, at, "type", "array", p.path("type").asText());
                    same(differences, at, "maxItems", field.maximum(), p.path("maxItems").asLong());
                    same(differences, at, "items.maxLength", field.itemMaximum(), p.at("/items/maxLength").asLong());
                }
                case WHOLE_NUMBER -> {
                    same(differences, at, "type", "integer", p.path("type").asText());
                    same(differences, at, "minimum", field.minimum(), p.path("minimum").asLong());
                    same(differences, at, "maximum", field.maximum(), p.path("maximum").asLong());
                }
                case ENUM -> {
                    List<String> values = new ArrayList<>();
                    p.path("enum").forEach(v -> values.add(v.asText()));
                    same(differences, at, "enum", field.values(), values);
                }
                case DATE -> same(differences, at, "pattern", "^\\d{4}-\\d{2}-\\d{2}$", p.path("pattern").asText());
                case OBJECT -> compare(at, field.fields(), p, differences);
            }
        }
    }

    private static void same(List<String> differences, String at, String what, Object record, Object document) {
        if (!record.equals(document)) {
            differences.add(at + " " + what + ": " + record + " in the record, " + document + " in the document");
        }
    }

    private static String schema(String function) {
        StringBuilder name = new StringBuilder();
        for (String part : function.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }
}
