package dev.hearth.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;

/**
 * The written API document (src/main/resources/META-INF/openapi.yaml): the routes the API
 * deploys and the JSON schemas it validates request bodies against, so that the edge and the
 * document cannot disagree.
 */
public final class ApiDocument {

    public static final String LOCATION = "src/main/resources/META-INF/openapi.yaml";

    private final JsonNode document;

    private ApiDocument(JsonNode document) {
        this.document = document;
    }

    public static ApiDocument read(Path repoRoot) {
        try {
            return new ApiDocument(new ObjectMapper(new YAMLFactory()).readTree(repoRoot.resolve(LOCATION).toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API document", e);
        }
    }

    /** The function names, from the document's paths ({@code /award-points} -> {@code award-points}), in order. */
    public List<String> functions() {
        List<String> names = new ArrayList<>();
        document.get("paths").fieldNames().forEachRemaining(path -> names.add(path.substring(1)));
        return names;
    }

    /** The response statuses the document declares for a function, besides 200. */
    public List<Integer> errorStatuses(String function) {
        List<Integer> statuses = new ArrayList<>();
        document.get("paths").get("/" + function).get("post").get("responses").fieldNames()
                .forEachRemaining(code -> {
                    if (!code.equals("200")) {
                        statuses.add(Integer.parseInt(code));
                    }
                });
        return statuses;
    }

    /** The request body's schema as a draft-4 JSON schema, with references inlined. */
    public JsonSchema requestSchema(String function) {
        JsonNode schema = document.get("paths").get("/" + function).get("post").get("requestBody").get("content")
                .get("application/json").get("schema");
        return convert(schema, true);
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        JsonNode target = document;
        for (String part : ref.textValue().substring(2).split("/")) {
            target = target.get(part);
        }
        return resolve(target);
    }

    /** Only the draft-4 keywords API Gateway validates; OpenAPI's own (example, nullable) are left out. */
    private JsonSchema convert(JsonNode raw, boolean top) {
        JsonNode s = resolve(raw);
        JsonSchema.Builder b = JsonSchema.builder();
        if (top) {
            b.schema(JsonSchemaVersion.DRAFT4).title("Event");
        }
        if (s.has("type")) {
            b.type(JsonSchemaType.valueOf(s.get("type").textValue().toUpperCase()));
        }
        if (s.has("description")) {
            b.description(s.get("description").textValue());
        }
        if (s.has("properties")) {
            Map<String, JsonSchema> properties = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = s.get("properties").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> property = it.next();
                properties.put(property.getKey(), convert(property.getValue(), false));
            }
            b.properties(properties);
        }
        if (s.has("required")) {
            List<String> required = new ArrayList<>();
            s.get("required").forEach(r -> required.add(r.textValue()));
            b.required(required);
        }
        if (s.has("additionalProperties") && s.get("additionalProperties").isBoolean()) {
            b.additionalProperties(s.get("additionalProperties").booleanValue());
        }
        if (s.has("enum")) {
            List<Object> values = new ArrayList<>();
            s.get("enum").forEach(v -> values.add(v.textValue()));
            b.enumValue(values);
        }
        if (s.has("items")) {
            b.items(convert(s.get("items"), false));
        }
        if (s.has("minLength")) {
            b.minLength(s.get("minLength").numberValue());
        }
        if (s.has("maxLength")) {
            b.maxLength(s.get("maxLength").numberValue());
        }
        if (s.has("pattern")) {
            b.pattern(s.get("pattern").textValue());
        }
        if (s.has("minimum")) {
            b.minimum(s.get("minimum").numberValue());
        }
        if (s.has("maximum")) {
            b.maximum(s.get("maximum").numberValue());
        }
        if (s.has("maxItems")) {
            b.maxItems(s.get("maxItems").numberValue());
        }
        return b.build();
    }
}
