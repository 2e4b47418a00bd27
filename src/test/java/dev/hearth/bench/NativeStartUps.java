package dev.hearth.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.hearth.local.EmbeddedDynamoDb;

/**
 * The native build's table (the deployment default): each function's native {@code bootstrap}
 * started the way Lambda's provided.al2023 runtime starts it, polling a Runtime API
 * ({@link RuntimeApi}) for its events, against a native build of the same floor, in paired rounds as
 * the JVM table; then warm round trips through the Runtime API. The native executables cannot be
 * built on the project's machine (no GraalVM, no container engine): the native workflow runs this,
 * after {@code ./mvnw package -Dnative}, with {@code ./mvnw -Pbench verify -Dbench.native=true}, and
 * publishes {@code target/bench/BENCHMARKS-native.md}.
 */
final class NativeStartUps {

    /** One start: ms from process start to its first poll of the Runtime API, to its first answer. */
    record Start(double readyMs, double answerMs) {
    }

    private final Benchmark bench;
    private final Path root;
    private URI endpoint;
    private final Map<String, Benchmark.Starts> starts = new LinkedHashMap<>();
    private final Map<String, List<Start>> phases = new LinkedHashMap<>();
    private final Map<String, Benchmark.Load> loads = new LinkedHashMap<>();

    NativeStartUps(Benchmark bench) {
        this.bench = bench;
        this.root = bench.root;
    }

    void run() throws Exception {
        bench.load.sample("began");
        Path hearthZip = root.resolve("target/native/function.zip");
        if (!Files.exists(hearthZip)) {
            throw new IllegalStateException("no " + hearthZip + ": build it first with ./mvnw package -Dnative");
        }
        Benchmark.progress("building the floor application natively (a minimal Funqy function)");
        Benchmark.exec(List.of(root.resolve("mvnw").toString(), "-q", "-B", "-f", "src/bench/floor/pom.xml", "package",
                "-DskipTests", "-Dquarkus.native.enabled=true", "-Dquarkus.package.jar.enabled=false",
                "-Dquarkus.native.container-build=" + System.getProperty("bench.containerBuild", "true")));
        Path hearth = executable(Benchmark.unzip(hearthZip, root.resolve("target/bench/native/hearth")));
        Path floor = executable(Benchmark.unzip(root.resolve("src/bench/floor/target/function.zip"),
                root.resolve("target/bench/native/floor")));

        EmbeddedDynamoDb dynamo = new EmbeddedDynamoDb(Optional.empty());
        endpoint = dynamo.endpoint();
        bench.endpoint = endpoint;
        bench.prepareTables();
        Benchmark.progress("onboarding " + Benchmark.MEMBERS + " members to act on");
        try (NativeApp onboarding = new NativeApp(hearth, "onboard-member")) {
            for (int i = 0; i < Benchmark.MEMBERS; i++) {
                onboarding.invoke(Benchmark.event("onboard-member", "seed", i));
            }
        }
        starts.put("floor", new Benchmark.Starts());
        Benchmark.FUNCTIONS.forEach(f -> starts.put(f, new Benchmark.Starts()));
        for (int round = 0; round < bench.startRuns; round++) {
            bench.load.sample("start-up round " + round);
            double floorMs = startOnce(floor, "floor", round);
            starts.get("floor").add(floorMs, 1);
            for (String function : Benchmark.FUNCTIONS) {
                double ms = startOnce(hearth, function, round);
                starts.get(function).add(ms, ms / floorMs);
            }
        }
        starts.forEach((function, s) -> Benchmark.progress(String.format(Locale.ROOT,
                "native %s: start-up %s; polled the runtime API at %.0f ms", function, s, phase(function, 0))));
        loads.put("floor", warm(floor, "floor"));
        for (String function : Benchmark.FUNCTIONS) {
            loads.put(function, warm(hearth, function));
        }
        dynamo.stop();
        bench.load.sample("ended");
        report();
    }

    /** Milliseconds from process start to the first answer. */
    private double startOnce(Path app, String function, int round) throws Exception {
        try (NativeApp a = new NativeApp(app, function)) {
            RuntimeApi.Answer answer = a.invoke(Benchmark.event(function, "nstart" + round, round));
            double ready = (a.api.firstPollNanos() - a.startedNanos) / 1e6;
            double total = (answer.atNanos() - a.startedNanos) / 1e6;
            phases.computeIfAbsent(function, f -> new ArrayList<>()).add(new Start(ready, total));
            return total;
        }
    }

    /** Median ms of a start's phase: 0 the first poll, 1 the first invocation (from the poll to the answer). */
    private double phase(String function, int which) {
        return Benchmark.quantile(phases.getOrDefault(function, List.of()).stream()
                .map(s -> which == 0 ? s.readyMs() : s.answerMs() - s.readyMs()).toList(), 0.5);
    }

    /** Warm round trips, one client (an instance takes one event at a time), after the warm-up. */
    private Benchmark.Load warm(Path app, String function) throws Exception {
        Benchmark.Load load = new Benchmark.Load();
        try (NativeApp a = new NativeApp(app, function)) {
            for (int i = 0; i < bench.warmup; i++) {
                a.invoke(Benchmark.event(function, "nwarm", i));
            }
            long began = System.nanoTime();
            for (int i = 0; i < bench.invocations; i++) {
                long before = System.nanoTime();
                RuntimeApi.Answer answer = a.invoke(Benchmark.event(function, "nload", i));
                load.nanos.add(answer.atNanos() - before);
            }
            load.wallSeconds = (System.nanoTime() - began) / 1e9;
            load.peakRssMb = a.peakRssMb();
        }
        Benchmark.progress(String.format(Locale.ROOT, "native %s: p50 %.2f ms, p99 %.2f ms, %.0f/s, peak RSS %d MB",
                function, load.p50(), load.p99(), load.perSecond(), load.peakRssMb));
        return load;
    }

    private void report() throws IOException {
        StringBuilder table = new StringBuilder("| function | start-up, median (p25–p75) (ms) | over the floor, median "
                + "(p25–p75) | of which: first poll of the runtime API (ms) | of which: first invocation (ms) | warm "
                + "p50 (ms) | warm p99 (ms) | 1 client (inv/s) | peak RSS (MB) |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String function : starts.keySet()) {
            Benchmark.Starts s = starts.get(function);
            Benchmark.Load l = loads.get(function);
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f | %.2f | %.2f | %.0f | %d |%n",
                    function.equals("floor") ? "floor (minimal Funqy, native)" : function, Benchmark.millis(s),
                    function.equals("floor") ? "1" : Benchmark.ratio(s), phase(function, 0), phase(function, 1),
                    l.p50(), l.p99(), l.perSecond(), l.peakRssMb));
        }
        Benchmark.Starts slowest = Benchmark.FUNCTIONS.stream().map(starts::get)
                .max(java.util.Comparator.comparingDouble(Benchmark.Starts::ratio)).orElseThrow();
        String doc = "# Benchmarks of the native build\n\n"
                + "Measured with `./mvnw -Pbench verify -Dbench.native=true` after `./mvnw package -Dnative` (the "
                + "native workflow), " + LocalDate.now() + ", on " + Benchmark.machine() + ". Machine load "
                + "(1-minute load average): " + bench.load + ".\n\n"
                + "How: `target/native/function.zip` and a native build of the floor (`src/bench/floor`, the same "
                + "Quarkus) are unpacked and their `bootstrap` started as Lambda's provided.al2023 runtime starts "
                + "it, with a Runtime API served by the benchmark (`RuntimeApi`) handing it one event at a time; "
                + "DynamoDB Local runs in the benchmark's JVM. Start-up is process start to the first answer "
                + "received, over " + bench.startRuns + " rounds, each starting the floor and then every "
                + "function once; a function's ratio to the floor is taken in its own round. Warm figures are "
                + "round trips through the Runtime API (the same for the floor) over " + bench.invocations
                + " invocations after " + bench.warmup + " warm-up ones. The DynamoDB requests and write units of "
                + "each call are the same code's as in BENCHMARKS.md.\n\n"
                + table
                + String.format(Locale.ROOT, "%nNative start-up to the first answer <= 1.2x the floor: slowest %s the "
                        + "floor: %s.%n", Benchmark.ratio(slowest), slowest.ratio() <= 1.2 ? "met" : "**not met**");
        System.out.println();
        System.out.println(doc);
        Path out = root.resolve("target/bench/BENCHMARKS-native.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, doc);
        Benchmark.progress("wrote " + root.relativize(out));
    }

    /** The unpacked zip with its bootstrap (and the runner it may start) executable, as Lambda keeps them. */
    private static Path executable(Path dir) {
        for (String name : List.of("bootstrap", "runner")) {
            dir.resolve(name).toFile().setExecutable(true);
        }
        return dir;
    }

    /** One function process fed by its own Runtime API, like one Lambda instance. */
    private final class NativeApp implements AutoCloseable {
        final RuntimeApi api;
        final Process process;
        final long startedNanos;

        NativeApp(Path app, String function) throws IOException {
            api = new RuntimeApi();
            ProcessBuilder builder = new ProcessBuilder(app.resolve("bootstrap").toString()).directory(app.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                            root.resolve("target/bench/native-" + function + ".log").toFile()));
            Map<String, String> env = builder.environment();
            env.put("AWS_LAMBDA_RUNTIME_API", api.address());
            Benchmark.environment(env, function, endpoint);
            startedNanos = System.nanoTime();
            process = builder.start();
        }

        RuntimeApi.Answer invoke(String event) throws InterruptedException {
            RuntimeApi.Answer answer = api.invoke(event, process);
            if (!answer.ok()) {
                throw new IllegalStateException("invocation failed: " + event + " -> " + answer.body());
            }
            return answer;
        }

        long peakRssMb() {
            return Benchmark.peakRssMb(process);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
            api.close();
        }
    }
}
