package dev.hearth.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sample events under functions/NAME/events/, packaged as the Lambda console's shareable test
 * events: an OpenAPI 3 document in the {@code lambda-testevent-schemas} registry whose
 * components.examples are the events, named after their files.
 */
final class SampleEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleEvents() {
    }

    static Map<String, JsonNode> of(Path repoRoot, String function) {
        Path folder = repoRoot.resolve("functions").resolve(function).resolve("events");
        Map<String, JsonNode> events = new LinkedHashMap<>();
        if (!Files.isDirectory(folder)) {
            return events;
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> sorted = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            for (Path file : sorted) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                events.put(name, JSON.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        }
        return events;
    }

    /** The registry document for one function's events. */
    static String registryDocument(Map<String, JsonNode> events) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("version", "1.0.0").put("title", "Event");
        doc.putObject("paths");
        ObjectNode components = doc.putObject("components");
        components.putObject("schemas").putObject("Event").put("type", "object");
        ObjectNode examples = components.putObject("examples");
        events.forEach((name, event) -> examples.putObject(name).set("value", event));
        try {
            return JSON.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
