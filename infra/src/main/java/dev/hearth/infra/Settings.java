package dev.hearth.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import software.amazon.awscdk.services.lambda.Architecture;
import software.constructs.Node;

/**
 * The deployment's settings, from the cdk.json context (override any with {@code cdk -c key=value}).
 *
 * @param stage the environment ({@code prod}, {@code staging}, ...): in the stack's name
 *        ({@link #stackName}) and, but for prod, in every resource name, so two stages can share an
 *        account and region without colliding
 * @param prefix what every resource name starts with: {@code hearth} for prod, {@code hearth-<stage>} else
 *
 * @param repoRoot the repository, for the function zips, the API document and the sample events
 * @param nativeRuntime provided.al2023 with the native zip, or java21 with the JVM zip
 * @param monthlyBudgetUsd the stage's monthly cost budget in USD, alarmed at 80% spent and 100%
 *        forecast; 0: none
 * @param snapStart SnapStart for the JVM build (published versions start from a snapshot taken after
 *        Hearth's priming); a native build starts fast without it and cannot use it
 * @param batchConcurrency how many instances of each batch function (one whose call may run for
 *        minutes) may run at once, reserved from the account's concurrency; 0: not reserved (an
 *        account whose concurrency quota is still the new-account 10 cannot reserve any)
 */
public record Settings(String stage, String prefix, Path repoRoot, Path functionZip, boolean nativeRuntime,
        Architecture architecture, int logRetentionDays, boolean createTestEventRegistry, int batchConcurrency,
        int monthlyBudgetUsd, boolean snapStart) {

    /** The stack of a stage: {@code Hearth-prod}, {@code Hearth-staging}. */
    static String stackName(Node node) {
        return "Hearth-" + stage(node);
    }

    private static String stage(Node node) {
        String stage = text(node, "hearth:stage", "prod");
        if (!stage.matches("[a-z][a-z0-9]{0,11}")) {
            throw new IllegalArgumentException("hearth:stage must be 1-12 lower-case letters and digits, not " + stage);
        }
        return stage;
    }

    static Settings from(Node node) {
        Path root = Path.of(text(node, "hearth:repoRoot", "..")).toAbsolutePath().normalize();
        Path jvmZip = root.resolve(relativeToInfra(node, "hearth:functionZip", "../target/function.zip"));
        Path nativeZip = root.resolve(relativeToInfra(node, "hearth:nativeFunctionZip",
                "../target/native/function.zip"));
        String runtime = text(node, "hearth:runtime", "auto");
        boolean nativeRuntime = switch (runtime) {
            case "native" -> true;
            case "jvm" -> false;
            case "auto" -> Files.exists(nativeZip);
            default -> throw new IllegalArgumentException("hearth:runtime must be auto, native or jvm, not " + runtime);
        };
        Path zip = nativeRuntime ? nativeZip : jvmZip;
        if (!Files.exists(zip)) {
            throw new IllegalStateException("no function zip at " + zip + ": build it first (./mvnw package"
                    + (nativeRuntime ? " -Dnative" : "") + ")");
        }
        if (nativeRuntime != containsBootstrap(zip)) {
            throw new IllegalStateException(zip + (nativeRuntime ? " is not a native build (no bootstrap)"
                    : " is a native build; use hearth:runtime=native"));
        }
        // The JVM build runs anywhere and is cheaper on Graviton; a native build is for the
        // architecture it was compiled on (x86_64 unless told).
        String arch = text(node, "hearth:architecture", "auto");
        if (arch.equals("auto")) {
            arch = nativeRuntime ? "x86_64" : "arm64";
        }
        Architecture architecture = switch (arch) {
            case "x86_64" -> Architecture.X86_64;
            case "arm64" -> Architecture.ARM_64;
            default -> throw new IllegalArgumentException("hearth:architecture must be auto, x86_64 or arm64, not " + arch);
        };
        String stage = stage(node);
        return new Settings(stage, text(node, "hearth:prefix", stage.equals("prod") ? "hearth" : "hearth-" + stage), root, zip, nativeRuntime, architecture,
                Integer.parseInt(text(node, "hearth:logRetentionDays", "30")),
                Boolean.parseBoolean(text(node, "hearth:createTestEventRegistry", "true")),
                Integer.parseInt(text(node, "hearth:batchConcurrency", "5")),
                Integer.parseInt(text(node, "hearth:monthlyBudgetUsd", "100")),
                snapStart(node, nativeRuntime));
    }

    private static boolean snapStart(Node node, boolean nativeRuntime) {
        boolean wanted = Boolean.parseBoolean(text(node, "hearth:snapStart", "false"));
        if (wanted && nativeRuntime) {
            throw new IllegalArgumentException("hearth:snapStart is for the JVM build (hearth:runtime=jvm); a native "
                    + "build starts without it");
        }
        return wanted;
    }

    /** Paths in cdk.json are relative to infra/, where cdk runs; resolve them against the repository. */
    private static String relativeToInfra(Node node, String key, String fallback) {
        String value = text(node, key, fallback);
        return value.startsWith("../") ? value.substring(3) : value;
    }

    private static String text(Node node, String key, String fallback) {
        Object value = node.tryGetContext(key);
        return value == null ? fallback : value.toString();
    }

    private static boolean containsBootstrap(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.getEntry("bootstrap") != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + zip, e);
        }
    }
}
