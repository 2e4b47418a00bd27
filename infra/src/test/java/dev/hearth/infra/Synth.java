package dev.hearth.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/** Synthesizes the app as {@code cdk synth} would: with the cdk.json context, plus overrides. */
final class Synth {

    static final ObjectMapper JSON = new ObjectMapper();

    private Synth() {
    }

    /** A stand-in for the built function.zip: a JVM build has lib/, a native build a bootstrap. */
    static Path zip(Path dir, boolean nativeBuild) {
        Path zip = dir.resolve(nativeBuild ? "native.zip" : "jvm.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(nativeBuild ? "bootstrap" : "lib/hearth.jar"));
            out.write(new byte[] { 1, 2, 3 });
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }

    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> context = new LinkedHashMap<>();
            JSON.readTree(Path.of("cdk.json").toFile()).get("context").fields()
                    .forEachRemaining(e -> context.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static App app(Map<String, Object> overrides) {
        Map<String, Object> context = cdkJsonContext();
        context.putAll(overrides);
        return App.Builder.create().context(context).build();
    }

    static JsonNode template(Map<String, Object> overrides) {
        App app = app(overrides);
        HearthStack stack = HearthApp.define(app);
        return JSON.valueToTree(Template.fromStack(stack).toJSON());
    }
}
