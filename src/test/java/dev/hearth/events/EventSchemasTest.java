package dev.hearth.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.member.JoinEvent;
import dev.hearth.perk.PerkSource;
import dev.hearth.perk.SilenceNotices;
import dev.hearth.program.PerkKind;

/** The event types, their schemas (docs/events) and the README's examples are one contract. */
class EventSchemasTest {

    private static final Pattern EXAMPLE = Pattern.compile("^#### `(\\w+)`\\n(?:[^#`].*\\n)*```json\\n([\\s\\S]*?)```",
            Pattern.MULTILINE);

    @Test
    void everyTypeHasItsSchemaAndEverySchemaItsType() throws IOException {
        Set<String> types = Arrays.stream(EventType.values()).map(EventType::typeName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> files;
        try (Stream<Path> listed = Files.list(EventSchemas.DIRECTORY)) {
            files = listed.map(f -> f.getFileName().toString().replace(".schema.json", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(types, files);
        JsonNode envelope = null;
        for (EventType type : EventType.values()) {
            JsonNode schema = EventSchemas.schemaJson(type.typeName());
            assertEquals(type.typeName(), schema.get("title").asText());
            assertEquals(type.typeName(), schema.at("/properties/type/const").asText());
            assertEquals(type.version(), schema.at("/properties/version/const").asInt());
            // The envelope is the same for every type: only type, version, eventId's prefix and detail differ.
            ObjectNode shared = ((ObjectNode) schema.get("properties").deepCopy());
            shared.remove(List.of("eventId", "type", "version", "detail"));
            if (envelope == null) {
                envelope = shared;
            }
            assertEquals(envelope, shared, type.typeName());
            assertEquals(List.of("eventId", "type", "version", "occurredAt", "programId", "memberId", "detail"),
                    texts(schema.get("required")));
        }
    }

    @Test
    void theSchemasNameWhatTheCodeWrites() {
        List<String> channels = new java.util.ArrayList<>(Arrays.stream(JoinEvent.Channel.values()).map(Enum::name).toList());
        channels.add("IMPORT");
        assertEquals(channels, texts(EventSchemas.schemaJson("MemberJoined").at("/properties/detail/properties/channel/enum")));
        assertEquals(Arrays.stream(PerkSource.values()).map(Enum::name).toList(),
                texts(EventSchemas.schemaJson("PerkDelivered").at("/properties/detail/properties/source/enum")));
        assertEquals(Arrays.stream(PerkKind.values()).map(Enum::name).toList(),
                texts(EventSchemas.schemaJson("PerkDelivered").at("/properties/detail/properties/kind/enum")));
        assertEquals(Arrays.stream(PerkSource.values()).map(Enum::name).toList(),
                texts(EventSchemas.schemaJson("PerkExpiring").at("/properties/detail/properties/source/enum")));
        assertEquals(Arrays.stream(PerkKind.values()).map(Enum::name).toList(),
                texts(EventSchemas.schemaJson("PerkExpiring").at("/properties/detail/properties/kind/enum")));
        assertEquals(dev.hearth.perk.PerkExpiringNotices.DAYS_BEFORE,
                EventSchemas.schemaJson("PerkExpiring").at("/properties/detail/properties/daysLeft/const").asInt());
        assertEquals(SilenceNotices.THRESHOLDS.stream().map(String::valueOf).toList(),
                texts(EventSchemas.schemaJson("MemberGoingSilent").at("/properties/detail/properties/silentDays/enum")));
        assertEquals(dev.hearth.ledger.PointsExpiring.THRESHOLDS.stream().map(String::valueOf).toList(),
                texts(EventSchemas.schemaJson("PointsExpiring").at("/properties/detail/properties/withinDays/enum")));
    }

    @Test
    void theReadmeShowsOneValidExampleOfEveryType() throws IOException {
        Map<String, String> examples = readmeExamples();
        assertEquals(Arrays.stream(EventType.values()).map(EventType::typeName).toList(), List.copyOf(examples.keySet()));
        for (Map.Entry<String, String> example : examples.entrySet()) {
            JsonNode event = EventSchemas.JSON.readTree(example.getValue());
            assertEquals(List.of(), EventSchemas.problems(event), example.getKey());
            assertEquals(example.getKey(), event.get("type").asText());
        }
    }

    @Test
    void anEventThatStraysFromItsSchemaIsRefused() throws IOException {
        ObjectNode event = (ObjectNode) EventSchemas.JSON.readTree(readmeExamples().get("TierChanged"));
        ((ObjectNode) event.get("detail")).remove("why");
        assertFalse(EventSchemas.problems(event).isEmpty(), "a missing field");
        ObjectNode extra = (ObjectNode) EventSchemas.JSON.readTree(readmeExamples().get("PerkDelivered"));
        ((ObjectNode) extra.get("detail")).put("phone", "13800000000");
        assertFalse(EventSchemas.problems(extra).isEmpty(), "a field no schema names");
        ObjectNode unknown = (ObjectNode) EventSchemas.JSON.readTree(readmeExamples().get("MemberErased"));
        unknown.put("type", "MemberVanished");
        assertTrue(EventSchemas.problems(unknown).get(0).contains("no schema"), "a type with no schema");
    }

    /** The README's examples under "#### `Type`" headings, in the README's order. */
    static Map<String, String> readmeExamples() throws IOException {
        Matcher m = EXAMPLE.matcher(Files.readString(Path.of("README.md")));
        Map<String, String> examples = new LinkedHashMap<>();
        while (m.find()) {
            examples.put(m.group(1), m.group(2));
        }
        return examples;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
