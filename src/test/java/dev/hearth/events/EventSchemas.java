package dev.hearth.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/** The events' JSON Schemas, as kept in docs/events, and validation against them. */
public final class EventSchemas {

    public static final Path DIRECTORY = Path.of("docs/events");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    public static Path file(String type) {
        return DIRECTORY.resolve(type + ".schema.json");
    }

    public static JsonNode schemaJson(String type) {
        try {
            return JSON.readTree(Files.readString(file(type)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with an event as consumers receive it (empty: it is valid); no schema for its type is wrong too. */
    public static List<String> problems(JsonNode envelope) {
        String type = envelope.path("type").asText("");
        if (!Files.exists(file(type))) {
            return List.of("no schema for event type '" + type + "' at " + file(type));
        }
        Schema schema = SCHEMAS.computeIfAbsent(type, t -> REGISTRY.getSchema(schemaJson(t)));
        return schema.validate(envelope).stream().map(Error::toString).toList();
    }

    public static List<String> problems(HearthEvent event) {
        return problems(JSON.valueToTree(event.envelope()));
    }
}
