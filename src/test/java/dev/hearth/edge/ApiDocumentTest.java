package dev.hearth.edge;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.hearth.testing.Invoke;
import io.quarkus.test.junit.QuarkusTest;

/** The written API document names every storefront function folder, and each documented function answers. */
@QuarkusTest
class ApiDocumentTest {

    /** Functions only schedules and operators call: no storefront route, so not in the document. */
    static final Set<String> OPERATOR_ONLY = Set.of("/daily-retention-snapshot", "/manage-squad", "/manage-program",
            "/get-program", "/run-programs", "/erase-member",
            "/import-members", "/fold-counters"); // fold-counters: the activities stream's only

    @Test
    void theApiDocumentHasOnePathPerFunctionFolder() throws IOException {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        Map<String, Object> paths = given().port(port).accept("application/json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> documented = new TreeSet<>(paths.keySet());
        Set<String> folders;
        try (Stream<Path> list = Files.list(Invoke.FUNCTIONS)) {
            folders = list.filter(Files::isDirectory).map(p -> "/" + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
        folders.removeAll(OPERATOR_ONLY);
        assertEquals(folders, documented);
        for (String path : documented) {
            // Every documented function answers (a rejection is an answer; 404 UNKNOWN_FUNCTION is not).
            int status = given().port(port).contentType("application/json").body("{}").post(path).statusCode();
            assertEquals(400, status, path);
        }
        assertEquals(true, Files.exists(Path.of("target/openapi/openapi.json")), "document stored at build time");
    }

    /** The written document is valid OpenAPI 3.0: no stray keys, nothing the specification does not allow. */
    @Test
    void theWrittenDocumentIsValidOpenApi() throws IOException {
        String yaml = Files.readString(Path.of("src/main/resources/META-INF/openapi.yaml"));
        io.swagger.v3.parser.core.models.SwaggerParseResult parsed = new io.swagger.v3.parser.OpenAPIV3Parser()
                .readContents(yaml, null, new io.swagger.v3.parser.core.models.ParseOptions());
        assertEquals(java.util.List.of(), parsed.getMessages());
    }

    /**
     * Every status a function can answer with is in the document, so that the API maps it: each
     * storefront function can answer 503 (contended writes), besides its rejections.
     */
    @Test
    void everyStorefrontFunctionDocumentsItsServerBusyAnswer() throws IOException {
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Path.of("src/main/resources/META-INF/openapi.yaml").toFile());
        doc.get("paths").fields().forEachRemaining(path -> {
            com.fasterxml.jackson.databind.JsonNode responses = path.getValue().get("post").get("responses");
            // get-member only reads: it has no contended write to answer 503 for.
            List<String> statuses = path.getKey().equals("/get-member") ? List.of("200", "400", "404", "410")
                    : List.of("200", "400", "404", "410", "503");
            for (String status : statuses) {
                assertEquals(true, responses.has(status), path.getKey() + " documents " + status);
            }
        });
    }
}
