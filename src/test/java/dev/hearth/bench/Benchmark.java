package dev.hearth.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import dev.hearth.config.TableNames;
import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.MemberTable;
import dev.hearth.local.EmbeddedDynamoDb;
import dev.hearth.events.OutboxTable;
import dev.hearth.perk.PerkTable;
import dev.hearth.program.DefaultProgram;
import dev.hearth.program.ProgramTable;
import dev.hearth.retention.StatsTable;
import dev.hearth.squad.SquadTable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Hearth's benchmark: start-up to the first completed invocation of each function (JVM
 * function.zip run as AWS's Java runtime runs it) against the floor of a minimal Funqy function;
 * warm latency and throughput with one client and with several; DynamoDB requests and capacity
 * units per invocation (ReturnConsumedCapacity); peak RSS. Figures, not pass/fail. Prints the table
 * and writes BENCHMARKS.md. Run: {@code ./mvnw -Pbench verify}.
 */
public final class Benchmark {

    static final List<String> FUNCTIONS = List.of("onboard-member", "award-points", "evaluate-tier", "get-member");
    /** The handlers the stack deploys: Hearth's JVM handler (Funqy's, with the request id on each log line); the floor's, Funqy's own. */
    static final String HANDLER = "dev.hearth.edge.JvmLambdaHandler";
    static final String FLOOR_HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler";
    static final int MEMBERS = 100;
    /** More JVM options for Hearth's processes (not the floor's), for trying one: {@code -Dbench.hearthJavaOptions}. */
    static final List<String> HEARTH_JAVA_OPTIONS = List.of(System.getProperty("bench.hearthJavaOptions", "").split(" "))
            .stream().filter(o -> !o.isBlank()).toList();

    final Path root = Path.of("").toAbsolutePath();
    final int startRuns = Integer.getInteger("bench.startRuns", 11);
    final int warmup = Integer.getInteger("bench.warmup", 200);
    final int invocations = Integer.getInteger("bench.invocations", 500);
    final int clients = Integer.getInteger("bench.clients", 4);
    URI endpoint;

    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean("bench.native")) {
            new NativeStartUps(new Benchmark()).run();
        } else {
            new Benchmark().run();
        }
        // DynamoDB Local leaves non-daemon threads behind; the figures are written.
        System.exit(0);
    }

    /** One function's figures. */
    record Row(String function, Starts start, double p50Ms, double p99Ms, double perSecond, double p50ManyMs,
            double p99ManyMs, double perSecondMany, double requests, double readUnits, WriteCost.Written written,
            long peakRssMb) {
    }

    void run() throws Exception {
        load.sample("began");
        progress("building the floor application (a minimal Funqy function)");
        exec(List.of(root.resolve("mvnw").toString(), "-q", "-B", "-f", "src/bench/floor/pom.xml", "package",
                "-DskipTests"));
        Path hearth = unzip(root.resolve("target/function.zip"), root.resolve("target/bench/hearth"));
        Path floor = unzip(root.resolve("src/bench/floor/target/function.zip"), root.resolve("target/bench/floor"));
        Path runtimeJar = writeRuntimeJar();
        classPaths.put(hearth, runtimeClassPath(runtimeJar, hearth));
        classPaths.put(floor, runtimeClassPath(runtimeJar, floor));

        EmbeddedDynamoDb dynamo = new EmbeddedDynamoDb(Optional.empty());
        endpoint = dynamo.endpoint();
        prepareTables();
        if (Boolean.getBoolean("bench.snapshotOnly")) {
            // The snapshot's cost alone, printed (BENCHMARKS.md untouched): for work on the stats table.
            System.out.println(new SnapshotCost(endpoint, names).run(List.of(1_000, 10_000), 10_000, List.of(30, 365, 1_095)));
            dynamo.stop();
            return;
        }
        progress("onboarding " + MEMBERS + " members to act on");
        try (App onboarding = new App(hearth, "onboard-member", false)) {
            for (int i = 0; i < MEMBERS; i++) {
                onboarding.invoke(event("onboard-member", "seed", i));
            }
        }

        Map<String, Starts> starts = startUps(hearth, floor);
        if (Boolean.getBoolean("bench.startOnly")) {
            dynamo.stop();
            return;
        }
        List<Row> rows = new ArrayList<>();
        for (String function : FUNCTIONS) {
            Load one = load(hearth, function, 1);
            Load many = load(hearth, function, clients);
            WriteCost.Written written = sized(hearth, function);
            rows.add(new Row(function, starts.get(function), one.p50(), one.p99(), one.perSecond(), many.p50(),
                    many.p99(), many.perSecond(), one.requests, one.readUnits, written,
                    Math.max(one.peakRssMb, many.peakRssMb)));
        }
        Load floorLoad = load(floor, "floor", 1);
        String awardCost = awardCost(hearth);
        String foldCost = foldCost(hearth);
        String fanOut = fanOut(hearth);
        String redemptionCost = redemptionCost(hearth);
        String importCost = importCost(hearth, IMPORTED);
        progress("snapshot cost at growing community sizes");
        SnapshotCost snapshots = new SnapshotCost(endpoint, names);
        String snapshotCost = snapshots.run(List.of(1_000, 10_000, 100_000), 10_000, List.of(30, 365, 1_095));
        snapshotByAge = snapshots.costByAge;
        dynamo.stop();
        load.sample("ended");
        report(rows, starts.get("floor"), floorLoad, awardCost, foldCost, fanOut, snapshotCost, importCost, redemptionCost);
    }

    final TableNames names = new TableNames() {
            public String programs() {
                return "hearth-programs";
            }

            public String members() {
                return "hearth-members";
            }

            public String activities() {
                return "hearth-activities";
            }

            public String stats() {
                return "hearth-stats";
            }

            public String perks() {
                return "hearth-perks";
            }

            public String outbox() {
                return "hearth-outbox";
            }

            public String squads() {
                return "hearth-squads";
            }
        };

    DynamoDbClient client() {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    void prepareTables() {
        try (DynamoDbClient client = client()) {
            ProgramTable programs = new ProgramTable(client, names);
            client.createTable(programs.definition());
            client.createTable(new MemberTable(client, names).definition());
            client.createTable(new ActivityTable(client, names).definition());
            client.createTable(new StatsTable(client, names, java.time.Clock.systemUTC(), new dev.hearth.dynamodb.Transactions(client)).definition());
            client.createTable(SquadTable.SPEC.createRequest(names.squads()));
            client.createTable(new PerkTable(client, names).definition());
            client.createTable(new OutboxTable(client, names).definition());
            programs.putIfAbsent(DefaultProgram.create());
            new SquadTable(client, names).seed(dev.hearth.squad.DefaultSquads.create());
        }
    }

    /** An event for invocation {@code i} of a run tagged {@code tag}: new ids where the function writes. */
    static String event(String function, String tag, int i) {
        String member = "bench-m-" + (i % MEMBERS);
        return switch (function) {
            case "onboard-member" -> tag.equals("seed")
                    ? "{\"programId\":\"default\",\"memberId\":\"" + member + "\",\"displayName\":\"Bench " + i
                            + "\",\"channel\":\"STOREFRONT\",\"tags\":[\"black-tea\"]}"
                    : "{\"programId\":\"default\",\"memberId\":\"" + tag + "-m-" + i + "\",\"displayName\":\"新会员 "
                            + i + "\",\"channel\":\"INVITE\",\"invitedBy\":\"" + member + "\"}";
            case "award-points" -> "{\"programId\":\"default\",\"memberId\":\"" + member + "\",\"activityId\":\"" + tag
                    + "-a-" + i + "\",\"type\":\"PURCHASE\",\"amountFen\":12300}";
            case "evaluate-tier", "get-member" -> "{\"programId\":\"default\",\"memberId\":\"" + member + "\"}";
            default -> "{\"n\":" + i + "}";
        };
    }

    /**
     * Start-up of each function paired with the floor's: {@link #startRuns} rounds, each starting the
     * floor and then every function once, so that a function and its floor share the machine's state
     * of the moment; a function's ratio is taken round by round.
     */
    Map<String, Starts> startUps(Path hearth, Path floor) throws Exception {
        Map<String, List<String>> archives = new java.util.LinkedHashMap<>();
        archives.put("floor", archive(floor, "floor"));
        for (String function : FUNCTIONS) {
            archives.put(function, archive(hearth, function));
        }
        Map<String, Starts> starts = new java.util.LinkedHashMap<>();
        starts.put("floor", new Starts());
        FUNCTIONS.forEach(f -> starts.put(f, new Starts()));
        archives.keySet().forEach(f -> starts.put(f + ARCHIVED, new Starts()));
        for (int round = 0; round < startRuns; round++) {
            load.sample("start-up round " + round);
            double floorMs = startOnce(floor, "floor", "floor", round, List.of());
            starts.get("floor").add(floorMs, 1);
            for (String function : FUNCTIONS) {
                double ms = startOnce(hearth, function, function, round, List.of());
                starts.get(function).add(ms, ms / floorMs);
            }
            for (Map.Entry<String, List<String>> archived : archives.entrySet()) {
                String function = archived.getKey();
                double ms = startOnce(function.equals("floor") ? floor : hearth, function, function + ARCHIVED, round,
                        archived.getValue());
                starts.get(function + ARCHIVED).add(ms, ms / floorMs);
            }
        }
        starts.forEach((function, s) -> progress(String.format(Locale.ROOT, "%s: start-up %s; ready at %.0f ms of "
                + "JVM uptime, first invocation %.0f ms", function, s, phase(function, 0), phase(function, 1))));
        allStarts.putAll(starts);
        return starts;
    }

    /** Every start-up series of the run, by key. */
    final Map<String, Starts> allStarts = new java.util.LinkedHashMap<>();

    /** A function's (or the floor's) start-ups with its archive. */
    Starts archived(String function) {
        return allStarts.get(function + ARCHIVED);
    }

    /** A start-up's key with the application's class data sharing archive. */
    static final String ARCHIVED = ", with an AppCDS archive";

    /**
     * An application class data sharing archive of {@code function}, written by this JVM at the exit
     * of a process that started it as the runtime does (its classes through the customer class
     * loader) and ran three invocations; then one more process started with it, logging where each
     * class came from, to count the classes the archive gave. Answers the options that use it.
     */
    List<String> archive(Path app, String function) throws Exception {
        Path jsa = root.resolve("target/bench/cds/" + function + ".jsa");
        Path classLog = root.resolve("target/bench/cds/" + function + "-classes.log");
        Files.createDirectories(jsa.getParent());
        Files.deleteIfExists(jsa);
        Files.deleteIfExists(classLog);
        try (App training = new App(app, function, false, List.of("-XX:ArchiveClassesAtExit=" + jsa))) {
            for (int i = 0; i < 3; i++) {
                training.invoke(event(function, "cds", i));
            }
        }
        if (!Files.exists(jsa)) {
            throw new IllegalStateException("no archive written for " + function + ": see target/bench/" + function
                    + ".log");
        }
        List<String> use = List.of("-XX:SharedArchiveFile=" + jsa);
        List<String> logged = new ArrayList<>(use);
        logged.add("-Xlog:class+load=info:file=" + classLog);
        try (App checked = new App(app, function, false, logged)) {
            checked.invoke(event(function, "cds-check", 0));
        }
        List<String> lines = Files.readAllLines(classLog);
        long fromArchive = lines.stream().filter(l -> l.endsWith("source: shared objects file (top)")).count();
        long fromJdk = lines.stream().filter(l -> l.endsWith("source: shared objects file")).count();
        long serviceMetadata = lines.stream().filter(l -> l.contains(" software.amazon.awssdk.regions.servicemetadata."))
                .count();
        archiveUse.put(function, new ArchiveUse(Files.size(jsa), lines.size(), fromArchive, fromJdk,
                serviceMetadata));
        progress(String.format(Locale.ROOT, "%s: an AppCDS archive of %.1f MB; %d of the %d classes loaded came "
                + "from it", function, Files.size(jsa) / 1e6, fromArchive, lines.size()));
        return use;
    }

    /**
     * Per function: its archive's size, and in a start-up with it the classes loaded, those from it,
     * those from the JDK's own archive, and those of the SDK's service metadata.
     */
    final Map<String, ArchiveUse> archiveUse = new java.util.LinkedHashMap<>();

    record ArchiveUse(long bytes, long loaded, long fromArchive, long fromJdkArchive, long serviceMetadata) {
    }

    /** Milliseconds from process start to the first completed invocation. */
    double startOnce(Path app, String function, String key, int round, List<String> jvmOptions) throws Exception {
        long started = System.nanoTime();
        try (App a = new App(app, function, false, jvmOptions)) {
            // An event of its own for each start-up: a new member, a new activity.
            String tag = (key.equals(function) ? "start" : "cds-start") + round;
            long handlerNanos = a.invoke(event(function, tag, round));
            double ms = (System.nanoTime() - started) / 1e6;
            phases.computeIfAbsent(key, f -> new ArrayList<>()).add(new double[] { a.readyMs, handlerNanos / 1e6 });
            return ms;
        }
    }

    /** Per function, per start-up: {the JVM's uptime when the application was ready, the first invocation's ms}. */
    final Map<String, List<double[]>> phases = new java.util.LinkedHashMap<>();

    /** Median ms of a start-up's phase (0: ready, 1: first invocation). */
    double phase(String function, int which) {
        return quantile(phases.getOrDefault(function, List.of()).stream().map(p -> p[which]).toList(), 0.5);
    }

    /** One function's start-ups over the rounds, and each over its round's floor. */
    static final class Starts {
        final List<Double> ms = new ArrayList<>();
        final List<Double> overFloor = new ArrayList<>();

        void add(double millis, double ratio) {
            ms.add(millis);
            overFloor.add(ratio);
        }

        double median() {
            return quantile(ms, 0.5);
        }

        double ratio() {
            return quantile(overFloor, 0.5);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "median %.0f ms (%.0f–%.0f), %.2fx the floor (%.2f–%.2f) over %d rounds",
                    median(), quantile(ms, 0.25), quantile(ms, 0.75), ratio(), quantile(overFloor, 0.25),
                    quantile(overFloor, 0.75), ms.size());
        }
    }

    /** The q-quantile of values (nearest rank). */
    static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)));
    }

    /** The machine's load: the 1-minute load average, sampled at named moments. */
    final MachineLoad load = new MachineLoad();

    static final class MachineLoad {
        final Map<String, Double> samples = new java.util.LinkedHashMap<>();

        void sample(String moment) {
            try {
                samples.put(moment, Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
            } catch (IOException | RuntimeException e) {
                // not Linux: no figure
            }
        }

        @Override
        public String toString() {
            if (samples.isEmpty()) {
                return "not recorded (no /proc/loadavg)";
            }
            List<Double> rounds = samples.entrySet().stream().filter(e -> e.getKey().startsWith("start-up"))
                    .map(Map.Entry::getValue).toList();
            return String.format(Locale.ROOT, "%.2f when the run began%s, %.2f when it ended",
                    samples.getOrDefault("began", Double.NaN),
                    rounds.isEmpty() ? "" : String.format(Locale.ROOT, ", %.2f to %.2f over the start-up rounds",
                            Collections.min(rounds), Collections.max(rounds)),
                    samples.getOrDefault("ended", Double.NaN));
        }
    }

    /**
     * What one more invocation of a function wrote, sized as DynamoDB bills it (after its loads, so a
     * member already active today, as in steady state).
     */
    WriteCost.Written sized(Path hearth, String function) throws Exception {
        try (DynamoDbClient client = client(); App a = new App(hearth, function, false)) {
            a.invoke(event(function, "sizedw", 7));
            WriteCost.Written written = new WriteCost(client, names).of(() -> a.invoke(event(function, "sized", 8)));
            progress(function + " wrote " + written.items().size() + " items, " + written.writeUnits() + " WCU");
            return written;
        }
    }

    /** Results of a load: handler latencies, wall time, meter deltas per invocation, peak RSS. */
    static final class Load {
        final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        double wallSeconds;
        double requests;
        double readUnits;
        double writeUnits;
        long peakRssMb;

        double p50() {
            return percentile(0.50);
        }

        double p99() {
            return percentile(0.99);
        }

        double perSecond() {
            return nanos.size() / wallSeconds;
        }

        double percentile(double p) {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
        }
    }

    Load load(Path app, String function, int parallel) throws Exception {
        Load load = new Load();
        List<App> apps = new ArrayList<>();
        for (int c = 0; c < parallel; c++) {
            apps.add(new App(app, function, !function.equals("floor")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            String run = "load" + parallel;
            List<Future<?>> warming = new ArrayList<>();
            for (int c = 0; c < parallel; c++) {
                App a = apps.get(c);
                int client = c;
                warming.add(pool.submit(() -> {
                    for (int i = 0; i < warmup; i++) {
                        a.invoke(event(function, run + "w" + client, client * warmup + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : warming) {
                f.get();
            }
            double[] before = new double[parallel * 3];
            for (int c = 0; c < parallel; c++) {
                System.arraycopy(apps.get(c).meter, 0, before, c * 3, 3);
            }
            long started = System.nanoTime();
            List<Future<?>> measuring = new ArrayList<>();
            for (int c = 0; c < parallel; c++) {
                App a = apps.get(c);
                int client = c;
                measuring.add(pool.submit(() -> {
                    for (int i = 0; i < invocations; i++) {
                        load.nanos.add(a.invoke(event(function, run + "m" + client, client * invocations + i)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : measuring) {
                f.get();
            }
            load.wallSeconds = (System.nanoTime() - started) / 1e9;
            double total = (double) invocations * parallel;
            for (int c = 0; c < parallel; c++) {
                App a = apps.get(c);
                load.requests += (a.meter[0] - before[c * 3]) / total;
                load.readUnits += (a.meter[1] - before[c * 3 + 1]) / total;
                load.writeUnits += (a.meter[2] - before[c * 3 + 2]) / total;
                load.peakRssMb = Math.max(load.peakRssMb, a.peakRssMb());
            }
        } finally {
            pool.shutdownNow();
            for (App a : apps) {
                a.close();
            }
        }
        progress(String.format(Locale.ROOT,
                "%s, %d client(s): p50 %.2f ms, p99 %.2f ms, %.0f/s, %.2f DynamoDB requests, %.2f RCU, %.2f WCU per "
                        + "invocation, peak RSS %d MB",
                function, parallel, load.p50(), load.p99(), load.perSecond(), load.requests, load.readUnits,
                load.writeUnits, load.peakRssMb));
        return load;
    }

    /** One packaged application process, fed events on stdin like a Lambda instance fed by its runtime. */
    final class App implements AutoCloseable {
        final Process process;
        final Writer in;
        final BufferedReader out;
        final double[] meter = new double[3];
        /** The last invocation's answer. */
        String answer = "";
        /** The JVM's uptime when the application was ready for its first event. */
        long readyMs = -1;

        App(Path app, String function, boolean metered) throws IOException {
            this(app, function, metered, List.of());
        }

        /** With {@code jvmOptions} before the class path (a class data sharing archive to write or use). */
        App(Path app, String function, boolean metered, List<String> jvmOptions) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
            if (!function.equals("floor")) {
                command.addAll(HEARTH_JAVA_OPTIONS);
            }
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", classPaths.get(app), LambdaJavaRuntime.class.getName(),
                    function.equals("floor") ? FLOOR_HANDLER : HANDLER, app.toString()));
            if (metered) {
                command.add("metered");
            }
            // Each application's log, kept for when an invocation fails: target/bench/<function>.log.
            // The working directory is the task root, as in Lambda.
            ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile()).redirectError(
                    ProcessBuilder.Redirect.appendTo(root.resolve("target/bench/" + function + ".log").toFile()));
            Map<String, String> env = builder.environment();
            environment(env, function, endpoint);
            env.put("HEARTH_CAPACITY_METER_ENABLED", Boolean.toString(metered));
            process = builder.start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Sends one event, waits for its answer; returns the handler's nanoseconds. */
        long invoke(String event) throws IOException {
            in.write(event);
            in.write('\n');
            in.flush();
            for (String line; (line = out.readLine()) != null;) {
                if (line.startsWith(LambdaJavaRuntime.READY)) {
                    readyMs = Long.parseLong(line.substring(LambdaJavaRuntime.READY.length()).strip());
                }
                if (line.startsWith(LambdaJavaRuntime.MARK)) {
                    String[] parts = line.substring(LambdaJavaRuntime.MARK.length()).split(" ", 6);
                    if (!parts[0].equals("ok")) {
                        throw new IllegalStateException("invocation failed: " + event + " -> " + parts[5]);
                    }
                    meter[0] = Double.parseDouble(parts[2]);
                    meter[1] = Double.parseDouble(parts[3]);
                    meter[2] = Double.parseDouble(parts[4]);
                    answer = parts.length > 5 ? parts[5] : "";
                    return Long.parseLong(parts[1]);
                }
            }
            throw new IllegalStateException("the application exited before answering " + event);
        }

        long peakRssMb() {
            return Benchmark.peakRssMb(process);
        }

        @Override
        public void close() {
            try {
                in.close();
                process.waitFor();
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The JVM's class path in a function process: only the runtime, as in AWS's Java runtime (whose
     * /var/runtime/lib holds its own jars and aws-lambda-java-core): this benchmark's runtime classes
     * in a jar of their own, and the application's aws-lambda-java-core. Jars only, no directory, as
     * class data sharing requires of the class path.
     */
    static String runtimeClassPath(Path runtimeJar, Path app) throws IOException {
        try (java.util.stream.Stream<Path> jars = Files.list(app.resolve("lib"))) {
            Path core = jars.filter(j -> j.getFileName().toString().startsWith("com.amazonaws.aws-lambda-java-core-"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no aws-lambda-java-core in " + app));
            return runtimeJar + ":" + core;
        }
    }

    /** Per unpacked application, its processes' class path (worked out once, not in each timed start-up). */
    final Map<Path, String> classPaths = new java.util.HashMap<>();

    /** The runtime's jar, written from target/test-classes. */
    Path writeRuntimeJar() throws IOException {
        Path jarFile = root.resolve("target/bench/runtime/hearth-bench-runtime.jar");
        Files.createDirectories(jarFile.getParent());
        Path classes = root.resolve("target/test-classes");
        try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(Files.newOutputStream(jarFile));
                java.util.stream.Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(f -> RUNTIME_CLASSES.matcher(classes.relativize(f).toString()).matches())
                    .sorted().toList()) {
                jar.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString()));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
        }
        return jarFile;
    }

    /** The runtime's classes, by path under target/test-classes. */
    static final java.util.regex.Pattern RUNTIME_CLASSES = java.util.regex.Pattern.compile(
            "dev/hearth/bench/LambdaJavaRuntime(\\$.*)?\\.class|dev/hearth/testing/LambdaContext(\\$.*)?\\.class");

    /** What a function process is started with: which function, and DynamoDB Local as its DynamoDB. */
    static void environment(Map<String, String> env, String function, URI endpoint) {
        env.put("QUARKUS_FUNQY_EXPORT", function);
        env.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", endpoint.toString());
        env.put("QUARKUS_DYNAMODB_AWS_REGION", "us-east-1");
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_TYPE", "static");
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", "local");
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", "local");
        env.put("QUARKUS_LOG_LEVEL", "WARN");
    }

    /** A running process's peak resident memory (MB), or -1 where /proc does not tell. */
    static long peakRssMb(Process process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // not Linux: no figure
        }
        return -1;
    }

    /** Purchases that give a member this many point lots (one a day) before the "many lots" case is sized. */
    static final int LOTS = 300;

    /**
     * What an award writes, case by case, sized as DynamoDB bills it: a member's first purchase on
     * the day they joined, the purchase that reaches a tier, a repeat the same day (steady state), the
     * first activity of a member's day, and for a member holding {@value #LOTS} point lots the first
     * activity of a day that puts lots apart (ledger/LotsApart) and a repeat.
     */
    String awardCost(Path hearth) throws Exception {
        progress("what an award writes, case by case");
        java.time.Instant now = java.time.Instant.now();
        StringBuilder rows = new StringBuilder("| case | DynamoDB requests | RCU | items written | WCU (DynamoDB, from "
                + "item sizes) | member item (B) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        StringBuilder lists = new StringBuilder();
        try (DynamoDbClient client = client(); App award = new App(hearth, "award-points", true)) {
            WriteCost cost = new WriteCost(client, names);
            try (App imports = new App(hearth, "import-members", false)) {
                imports.invoke("{\"programId\":\"default\",\"importId\":\"bench-cost\",\"members\":["
                        + "{\"memberId\":\"cost-new\",\"displayName\":\"New\",\"joinedAt\":\"" + now + "\"},"
                        + "{\"memberId\":\"cost-quiet\",\"displayName\":\"Quiet\",\"joinedAt\":\""
                        + now.minus(java.time.Duration.ofDays(10)) + "\"},"
                        + "{\"memberId\":\"cost-lots\",\"displayName\":\"Loyal\",\"joinedAt\":\""
                        + now.minus(java.time.Duration.ofDays(LOTS + 5)) + "\"}]}");
            }
            awardCase(rows, lists, cost, award, "first purchase, on the day the member joined",
                    purchase("cost-new", "c1", null));
            for (int i = 2; i <= 4; i++) {
                award.invoke(purchase("cost-new", "c" + i, null));
            }
            awardCase(rows, lists, cost, award, "the purchase that reaches a tier (Fan)", purchase("cost-new", "c5", null));
            double requestsBefore = award.meter[0];
        steadyAward = awardCase(rows, lists, cost, award, "a repeat the same day (steady state)",
                purchase("cost-new", "c6", null));
        steadyAwardRequests = award.meter[0] - requestsBefore;
            awardCase(rows, lists, cost, award, "the first activity of a member's day",
                    purchase("cost-quiet", "q1", null));
            for (int day = LOTS; day >= 1; day--) {
                award.invoke(purchase("cost-lots", "l" + day, now.minus(java.time.Duration.ofDays(day))));
            }
            // After 300 days the member's item holds 10 days of lots (the 11th day put the first 10
            // apart, every 10th since the next 10): today's purchase is an eleventh day.
            WriteCost.Written moving = awardCase(rows, lists, cost, award, "the first activity of a day that puts the "
                    + "member's 10 latest days of lots apart (member holding " + LOTS + " point lots)",
                    purchase("cost-lots", "l0", null));
            if (moving.items().stream().noneMatch(i -> i.contains("L#apart"))) {
                throw new IllegalStateException("the case meant to put lots apart did not: " + moving.items());
            }
            lotsAward = awardCase(rows, lists, cost, award, "a repeat the same day, member holding " + LOTS
                    + " point lots", purchase("cost-lots", "lx", null));
        }
        return rows + "\n" + lists;
    }

    private static WriteCost.Written awardCase(StringBuilder rows, StringBuilder lists, WriteCost cost, App award,
            String name, String event) throws Exception {
        double[] before = award.meter.clone();
        WriteCost.Written written = cost.of(() -> award.invoke(event));
        long memberBytes = written.items().stream().filter(i -> i.startsWith("members ")).mapToLong(
                i -> Long.parseLong(i.replaceAll(".*\\((new|changed), (\\d+) B.*", "$2"))).findFirst().orElse(0);
        rows.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %d | %d | %d |%n", name,
                award.meter[0] - before[0], award.meter[1] - before[1], written.items().size(), written.writeUnits(),
                memberBytes));
        lists.append("What ").append(name).append(" wrote:\n\n").append(written.list()).append("\n");
        progress("award, " + name + ": " + written.items().size() + " items, " + written.writeUnits() + " WCU");
        return written;
    }

    static String purchase(String member, String activity, java.time.Instant at) {
        return "{\"programId\":\"default\",\"memberId\":\"" + member + "\",\"activityId\":\"cost-" + activity
                + "\",\"type\":\"PURCHASE\",\"amountFen\":12300" + (at == null ? "" : ",\"occurredAt\":\"" + at + "\"")
                + "}";
    }

    /** The fold's figures, kept for the targets: WCU and requests per award folded. */
    double foldWriteUnitsPerAward;
    double foldRequestsPerAward;

    /**
     * fold-counters over everything the activities stream holds by now (the award loads and cases
     * above), as its event-source mapping hands it: inserts only, in batches of 100 records, in the
     * stream's order. Write units from what the whole fold wrote, per award it folded.
     */
    String foldCost(Path hearth) throws Exception {
        progress("the activities stream folded into the retention counters, in batches of 100");
        try (DynamoDbClient client = client(); App fold = new App(hearth, "fold-counters", true);
                software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient streams =
                        software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient.builder()
                                .endpointOverride(endpoint).region(Region.US_EAST_1)
                                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String arn = client.describeTable(r -> r.tableName(names.activities())).table().latestStreamArn();
            List<software.amazon.awssdk.services.dynamodb.model.Record> inserts = dev.hearth.local.LocalStreams
                    .everyRecord(streams, arn).stream().filter(r -> r.eventNameAsString().equals("INSERT")).toList();
            fold.invoke("{\"Records\":[]}"); // start-up is not the fold's cost
            double[] before = fold.meter.clone();
            long[] counted = new long[3]; // awards folded, transactions, batches
            WriteCost.Written written = new WriteCost(client, names).of(() -> {
                for (int i = 0; i < inserts.size(); i += 100) {
                    fold.invoke(dev.hearth.local.LocalStreams.lambdaEvent(arn,
                            inserts.subList(i, Math.min(inserts.size(), i + 100))).toString());
                    counted[0] += Long.parseLong(fold.answer.replaceAll(".*\"folded\":(\\d+).*", "$1"));
                    counted[1] += Long.parseLong(fold.answer.replaceAll(".*\"transactions\":(\\d+).*", "$1"));
                    counted[2]++;
                }
            });
            if (counted[0] == 0) {
                throw new IllegalStateException("the fold folded nothing: " + fold.answer);
            }
            foldWriteUnitsPerAward = (double) written.writeUnits() / counted[0];
            foldRequestsPerAward = (fold.meter[0] - before[0]) / counted[0];
            String row = String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d | %.3f | %.3f | %,d | %.3f |%n",
                    inserts.size(), counted[0], counted[2], counted[1], foldRequestsPerAward,
                    (fold.meter[1] - before[1]) / counted[0], written.writeUnits(), foldWriteUnitsPerAward);
            progress("fold: " + row.strip());
            return "| stream inserts | awards folded | batches | transactions | DynamoDB requests / award | RCU / award "
                    + "| WCU (DynamoDB, from item sizes) | WCU / award |\n"
                    + "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" + row;
        }
    }

    /** The snapshot's {requests, RCU} by program age, kept for the targets. */
    Map<Integer, double[]> snapshotByAge = Map.of();
    /** What a steady-state award wrote, and its requests, kept for the targets; and for a member with many lots. */
    WriteCost.Written steadyAward;
    WriteCost.Written lotsAward;
    double steadyAwardRequests;

    /** The fan-out's figures, kept for the targets. */
    long fanOutSingleWrite;
    String fanOutSizes = "";

    /** The largest new item the write list names with this prefix (and text), in bytes. */
    static long largest(WriteCost.Written written, String prefix, String containing) {
        return written.items().stream().filter(i -> i.startsWith(prefix) && i.contains(containing) && i.contains("(new, "))
                .mapToLong(i -> Long.parseLong(i.replaceAll(".*\\(new, (\\d+) B.*", "$1"))).max().orElse(0);
    }

    double fanOutPerSecond;
    double fanOutWriteUnits;
    double fanOutRequests;

    /**
     * schedule-perk to every member of the entry tier (the members the loads above joined): one
     * instance, the request sent again until the grant is complete, as a retried schedule would;
     * members per second, and write units per member computed from what the whole grant wrote.
     */
    String fanOut(Path hearth) throws Exception {
        progress("a perk granted to every member of the entry tier");
        String event = "{\"programId\":\"default\",\"perkId\":\"bench-fan-out\",\"perk\":{\"kind\":\"GIFT\","
                + "\"title\":\"A tin of tea\"},\"audience\":{\"tier\":\"MEMBER\"}}";
        try (DynamoDbClient client = client(); App a = new App(hearth, "schedule-perk", true)) {
            a.invoke("{\"programId\":\"default\",\"perkId\":\"bench-warm\",\"perk\":{\"kind\":\"GIFT\","
                    + "\"title\":\"Warm-up\"},\"audience\":{\"memberId\":\"bench-m-0\"}}");
            double[] before = a.meter.clone();
            long[] calls = new long[1];
            double[] seconds = new double[1];
            // Every write a grant makes is a request of its own: each perk one conditional PutItem, the
            // job's saves PutItem and UpdateItem (no transaction), so billed at 1 WCU per started KB.
            WriteCost.Written written = new WriteCost(client, names).ofSingleWrites(() -> {
                long started = System.nanoTime();
                do {
                    a.invoke(event);
                    calls[0]++;
                } while (!a.answer.contains("\"complete\":true"));
                seconds[0] = (System.nanoTime() - started) / 1e9;
            });
            long granted = Long.parseLong(a.answer.replaceAll(".*\"granted\":(\\d+).*", "$1"));
            fanOutPerSecond = granted / seconds[0];
            fanOutWriteUnits = (double) written.writeUnits() / granted;
            // The floor: one conditional Put of the largest perk (carrying its event) per member.
            long perkBytes = largest(written, "perks ", "bench-fan-out");
            fanOutSingleWrite = (perkBytes + 1023) / 1024;
            fanOutSizes = perkBytes + " B perk item, its PerkDelivered event included";
            fanOutRequests = (a.meter[0] - before[0]) / granted;
            String row = String.format(Locale.ROOT, "| %,d | %d | %.1f | %.0f | %.2f | %.2f | %.1f |%n", granted,
                    calls[0], seconds[0], fanOutPerSecond, (a.meter[0] - before[0]) / granted,
                    (a.meter[1] - before[1]) / granted, fanOutWriteUnits);
            progress("fan-out: " + row.strip());
            return "| members granted | calls | wall time (s) | members / s | DynamoDB requests / member "
                    + "| RCU / member | WCU / member (DynamoDB, from item sizes) |\n"
                    + "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" + row;
        }
    }

    /** Members who redeem a reward and cancel it ({@code -Dbench.redemptions}). */
    final int REDEMPTIONS = Integer.getInteger("bench.redemptions", 20);

    /**
     * redeem-reward for members with points (the award load gave them some): the notebook sample (a
     * stock and a per-member limit), then its cancellation. Requests and read units off the meter over
     * {@link #REDEMPTIONS} of each; write units from the sizes of what one of each wrote.
     */
    String redemptionCost(Path hearth) throws Exception {
        progress("redeeming a reward and cancelling it, " + REDEMPTIONS + " members");
        try (App award = new App(hearth, "award-points", false)) {
            // Enough points for the reward, whatever the award load gave each.
            for (int i = 0; i <= REDEMPTIONS; i++) {
                award.invoke(event("award-points", "redeemer", i));
                award.invoke(event("award-points", "redeemer2", i));
            }
            award.invoke(event("award-points", "redeemer", MEMBERS - 1));
            award.invoke(event("award-points", "redeemer2", MEMBERS - 1));
        }
        try (DynamoDbClient client = client(); App a = new App(hearth, "redeem-reward", true)) {
            WriteCost cost = new WriteCost(client, names);
            // A first pair, so that start-up is not counted; then one pair sized item by item.
            a.invoke(redemption(MEMBERS - 1, false));
            a.invoke(redemption(MEMBERS - 1, true));
            var before = cost.tables();
            a.invoke(redemption(0, false));
            var redeemed = cost.tables();
            a.invoke(redemption(0, true));
            WriteCost.Written redeem = cost.written(before, redeemed, true);
            WriteCost.Written cancel = cost.written(redeemed, cost.tables(), true);
            double[] start = a.meter.clone();
            for (int i = 1; i <= REDEMPTIONS; i++) {
                a.invoke(redemption(i, false));
            }
            double[] middle = a.meter.clone();
            for (int i = 1; i <= REDEMPTIONS; i++) {
                a.invoke(redemption(i, true));
            }
            double[] end = a.meter.clone();
            String rows = "| call | DynamoDB requests / call | RCU / call | WCU / call (DynamoDB Local) "
                    + "| WCU / call (DynamoDB, from item sizes) | items written |\n"
                    + "| --- | ---: | ---: | ---: | ---: | ---: |\n"
                    + row("redeem", start, middle, redeem) + row("cancel", middle, end, cancel)
                    + "\nWhat one redemption wrote (table, key, item size, WCU):\n\n"
                    + redeem.list() + "\nWhat its cancellation wrote:\n\n" + cancel.list();
            progress("redemption: " + redeem + "; cancellation: " + cancel);
            return rows;
        }
    }

    private String row(String call, double[] from, double[] to, WriteCost.Written written) {
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %d | %d |%n", call,
                (to[0] - from[0]) / REDEMPTIONS, (to[1] - from[1]) / REDEMPTIONS, (to[2] - from[2]) / REDEMPTIONS,
                written.writeUnits(), written.items().size());
    }

    static String redemption(int i, boolean cancel) {
        String member = "bench-m-" + (i % MEMBERS);
        return "{\"programId\":\"default\",\"memberId\":\"" + member + "\",\"redemptionId\":\"bench-r-" + i + "\","
                + (cancel ? "\"action\":\"CANCEL\"}" : "\"rewardId\":\"notebook-sample\"}");
    }

    /** Members imported by the import benchmark ({@code -Dbench.imported}). */
    final int IMPORTED = Integer.getInteger("bench.imported", 100_000);

    /**
     * import-members over {@code members} customers, sent inline 500 a call (a file in S3 is read the
     * same way, a line a member): members per second, and DynamoDB work per member off the meter.
     */
    String importCost(Path hearth, int members) throws Exception {
        progress("importing " + members + " members, 500 a call");
        java.time.Instant now = java.time.Instant.now();
        double[] before;
        long started;
        double wall;
        double[] after;
        WriteCost.Written sized;
        try (App a = new App(hearth, "import-members", true)) {
            a.invoke(importEvent(0, 0, now)); // a first call, so that start-up is not counted
            // One call of 10 more members sized item by item first (the tables are small yet).
            try (DynamoDbClient client = client()) {
                sized = new WriteCost(client, names).of(() -> a.invoke(importEvent(members, SIZED_IMPORT, now)));
            }
            before = a.meter.clone();
            started = System.nanoTime();
            for (int from = 0; from < members; from += 500) {
                a.invoke(importEvent(from, Math.min(500, members - from), now));
                if (from % 10_000 == 0) {
                    progress("imported " + from);
                }
            }
            wall = (System.nanoTime() - started) / 1e9;
            after = a.meter.clone();
        }
        String row = String.format(Locale.ROOT, "| %,d | %.0f | %.0f | %.2f | %.2f | %.2f | %.1f |%n", members, wall,
                members / wall, (after[0] - before[0]) / members, (after[1] - before[1]) / members,
                (after[2] - before[2]) / members, (double) sized.writeUnits() / SIZED_IMPORT);
        progress("import: " + row.strip());
        return "| members | wall time (s) | members / s | DynamoDB requests / member | RCU / member | WCU / member "
                + "(DynamoDB Local) | WCU / member (DynamoDB, from item sizes) |\n"
                + "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" + row;
    }

    static final int SIZED_IMPORT = 10;

    /** One call's members: joined over the last 90 days, a third in a squad, some buyers with points. */
    static String importEvent(int from, int count, java.time.Instant now) {
        StringBuilder members = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            java.time.Instant joined = now.minus(java.time.Duration.ofHours(24L * 90 * i / Math.max(1, from + count)));
            String day = joined.atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
            members.append(i == from ? "" : ",").append("{\"memberId\":\"imp-").append(i)
                    .append("\",\"displayName\":\"顾客 ").append(i).append("\",\"joinedAt\":\"").append(joined)
                    .append("\"").append(i % 3 == 0 ? ",\"squads\":[\"baking\"]" : "")
                    .append(i % 2 == 0 ? ",\"lifetimeSpendFen\":" + (i % 7) * 30_000 + ",\"purchases\":" + i % 7
                            + ",\"points\":[{\"points\":" + (100 + i % 500) + ",\"earnedOn\":\"" + day + "\"}]"
                            : "")
                    .append("}");
        }
        return "{\"programId\":\"default\",\"importId\":\"bench-" + from + "-" + count + "\",\"members\":[" + members
                + "]}";
    }

    void report(List<Row> rows, Starts floorStarts, Load floor, String awardCost, String foldCost, String fanOut,
            String snapshotCost, String importCost, String redemptionCost) throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("| function | start-up, median (p25–p75) (ms) | over the floor, median (p25–p75) | of which: "
                + "application ready, JVM uptime (ms) | of which: first invocation (ms) | warm p50 (ms) "
                + "| warm p99 (ms) | 1 client (inv/s) | ").append(clients).append(" clients p50 / p99 (ms) | ")
                .append(clients).append(" clients (inv/s) | DynamoDB requests / inv | RCU / inv | WCU / inv "
                        + "(from item sizes) | items written / inv | peak RSS (MB) |\n");
        table.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
                + "| ---: |\n");
        for (Row r : rows) {
            table.append(String.format(Locale.ROOT,
                    "| %s | %s | %s | %.0f | %.0f | %.2f | %.2f | %.0f | %.2f / %.2f | %.0f | %.2f | %.2f | %d | %d | %d |%n",
                    r.function(), millis(r.start()), ratio(r.start()), phase(r.function(), 0), phase(r.function(), 1),
                    r.p50Ms(), r.p99Ms(), r.perSecond(),
                    r.p50ManyMs(), r.p99ManyMs(), r.perSecondMany(), r.requests(), r.readUnits(),
                    r.written().writeUnits(), r.written().items().size(), r.peakRssMb()));
        }
        table.append(String.format(Locale.ROOT,
                "| floor (minimal Funqy) | %s | 1 | %.0f | %.0f | %.2f | %.2f | %.0f | | | 0 | 0 | 0 | 0 | %d |%n",
                millis(floorStarts), phase("floor", 0), phase("floor", 1), floor.p50(), floor.p99(), floor.perSecond(),
                floor.peakRssMb));
        archiveUse.keySet().forEach(function -> table.append(String.format(Locale.ROOT,
                "| %s%s | %s | %s | %.0f | %.0f | | | | | | | | | | |%n", function,
                ARCHIVED, millis(archived(function)), ratio(archived(function)), phase(function + ARCHIVED, 0),
                phase(function + ARCHIVED, 1))));
        System.out.println();
        System.out.println(table);

        String machine = machine();
        String doc = "# Benchmarks\n\n"
                + "Measured with `./mvnw -Pbench verify` (the code: `src/test/java/dev/hearth/bench/`), "
                + LocalDate.now() + ", on " + machine + ". Machine load (1-minute load average): " + load
                + ".\n\n"
                + "How: the JVM `target/function.zip` is unpacked and run the way AWS's Java runtime runs it (the "
                + "JVM's class path holds only the runtime; the handler class is loaded by a class loader of its "
                + "own over the unpacked zip, as the runtime's CustomerClassLoader does; one event at a time per "
                + "process; `-XX:TieredStopAtLevel=1` as deployed) against DynamoDB Local in the benchmark's own "
                + "JVM, on the same 2 cores. Start-up is process start to the first completed invocation, over "
                + startRuns + " rounds, each starting the floor (a minimal Funqy function, `src/bench/floor`, "
                + "built with the same Quarkus) and then every function once, then each again with its AppCDS "
                + "archive (below); a function's ratio to the floor is taken in its own round against the floor "
                + "without an archive, and the median and quartiles of those ratios are shown. Warm figures "
                + "are the handler's own time over " + invocations + " invocations per client after " + warmup
                + " warm-up ones; " + clients + " clients are " + clients + " processes (Lambda instances) in "
                + "parallel. Requests and read units per invocation come from DynamoDB's ReturnConsumedCapacity "
                + "(TOTAL), read off the application's capacity meter (DynamoDB Local counts reads as DynamoDB "
                + "does). Write units are computed the way DynamoDB bills them, from what one more invocation "
                + "after the loads wrote: every table is read whole before and after it, and each item it added "
                + "or changed counts 2 WCU per started KB (a transaction's write), plus 1 WCU per started KB for "
                + "each index entry it wrote (an index is written only when the item enters it or its keys or "
                + "projected attributes change). DynamoDB Local's own write accounting is not used: it reports "
                + "a flat 4 WCU per item written in a transaction. Events: onboard-member joins a new member "
                + "invited by an existing one (so the inviter is credited in the same transaction); award-points "
                + "is a new 123 CNY purchase for one of " + MEMBERS + " members already active today; "
                + "evaluate-tier and get-member read one of them.\n\n"
                + table
                + "\n" + targets(rows)
                + "\n## Start-up with a class data sharing archive\n\n" + archives()
                + "\n## What an award writes\n\n"
                + "award-points, a 123 CNY purchase, for members in different states (the members are imported "
                + "first: one joining today, one 10 days ago and quiet since, one " + (LOTS + 5) + " days ago who "
                + "then bought once a day for " + LOTS + " days). Requests and read units are the meter's for "
                + "that one call; write units are computed from the sizes of what it wrote, as above.\n\n"
                + awardCost
                + "\n## What the counters' fold writes\n\n"
                + "An award stores the retention counters it moves on its ledger entry; fold-counters adds them "
                + "to the stats table from the activities stream (retention/CounterFold). Here it folds every "
                + "record the stream holds after the loads and cases above, as the stream's mapping hands them "
                + "(inserts only, batches of 100, in order): each chunk is one transaction of the counter items "
                + "its records touch and its marker, so its cost per award falls as awards share a day's "
                + "counter items. Requests and read units are the meter's; write units are computed from the "
                + "sizes of everything the fold wrote, per award folded.\n\n"
                + foldCost
                + "\n## A perk for a whole audience\n\n"
                + "schedule-perk granting a gift to every member of the entry tier (the members the loads above "
                + "joined), from one instance: the same request is sent again until the grant is complete, as "
                + "a retried schedule would. Each member is one conditional PutItem of their perk carrying "
                + "its PerkDelivered event (the perks table's stream takes the event to the bus), no "
                + "transaction; write units are computed from everything the grant wrote (its job included), "
                + "per member granted, at 1 WCU per started KB: every write of a grant is a request of its own.\n\n"
                + fanOut
                + "\n## Redeeming a reward\n\n"
                + "redeem-reward for " + REDEMPTIONS + " of the members above (each first given two 123 CNY "
                + "purchases, so that their points cover it): the notebook sample, a reward with a stock and a "
                + "per-member limit, then the cancellation of each redemption. Requests and read units are the "
                + "meter's, per call; write units are computed from the sizes of what one call wrote, as above, "
                + "with DynamoDB Local's own figure beside it.\n\n"
                + redemptionCost
                + "\n## The retention snapshot as the community grows\n\n"
                + "For each size, a synthetic community joins over 30 days and is active on a few later days; the "
                + "counters the functions would have written for it (the same `Bookkeeping` deltas) are stored, "
                + "then yesterday's snapshot is computed with a metered client. The reads depend on days and "
                + "shards, not on members: 32 counter queries, 64 list queries (KOC and three churn lists, 16 "
                + "shards each, at most 20 items per query whatever the size) and the stored snapshot's write. "
                + "The synthetic communities have counters but no member items, so here the list queries find "
                + "nothing; with members they read at most 16 x 20 small index items per list.\n\n"
                + snapshotCost
                + "\n## Importing an existing customer base\n\n"
                + "import-members over " + String.format(Locale.ROOT, "%,d", IMPORTED) + " customers of the default "
                + "program, sent inline 500 a call to one instance (as from the console; a file in S3 is read the "
                + "same way, a line a member), in pages of 100 lines written 8 side by side. Each member is a "
                + "read of the member (to tell a new one from one present) and one transaction: the member, "
                + "their tier's privileges (each perk carrying its event) and their retention and squad counters; a "
                + "third join a squad (one more read), half bring purchases and points. Write units per member are "
                + "computed from the sizes of what one call of " + SIZED_IMPORT + " such members wrote, as above, "
                + "with DynamoDB Local's own figure beside it.\n\n"
                + importCost
                + "\nCaveats: DynamoDB Local is not DynamoDB — its latency is in-process and CPU-bound here, and it "
                + "shares the 2 cores with the functions under load, so the " + clients + "-client figures are "
                + "bounded by the machine rather than by Hearth. The native build (the deployment default) cannot "
                + "be built on this machine (no GraalVM, no container engine); its start-up is measured where it is "
                + "built (see the native workflow).\n";
        Files.writeString(root.resolve("BENCHMARKS.md"), doc);
        progress("wrote BENCHMARKS.md");
    }

    /** Issue 17's targets, each with what this run measured. */
    String targets(List<Row> rows) throws IOException {
        Row award = rows.stream().filter(r -> r.function().equals("award-points")).findFirst().orElseThrow();
        Row slowest = rows.stream().max(java.util.Comparator.comparingDouble(r -> r.start().ratio())).orElseThrow();
        String slowestArchived = rows.stream().map(Row::function).max(java.util.Comparator.comparingDouble(
                f -> archived(f).ratio())).orElseThrow();
        double[] young = snapshotByAge.getOrDefault(30, new double[2]);
        double[] year = snapshotByAge.getOrDefault(365, new double[2]);
        double[] old = snapshotByAge.getOrDefault(1_095, new double[2]);
        double zipMb = Files.size(root.resolve("target/function.zip")) / 1e6;
        StringBuilder t = new StringBuilder("## Targets\n\n| target | measured in this run | met |\n| --- | --- | --- |\n");
        t.append(String.format(Locale.ROOT, "| JVM start-up to the first answer <= 1.2x the floor | %s at %s the floor "
                + "(median of %d rounds); every function %s. Where %s's time goes: the application is ready after "
                + "%.0f ms of JVM uptime (the floor's: %.0f), then its first invocation takes %.0f ms (the floor's: "
                + "%.0f). With an AppCDS archive (below): %s at %s, every function %s; the floor with its own, %s "
                + "| %s |%n", slowest.function(), ratio(slowest.start()), startRuns,
                rows.stream().map(r -> r.function() + " " + String.format(Locale.ROOT, "%.2fx", r.start().ratio()))
                        .toList(), slowest.function(), phase(slowest.function(), 0), phase("floor", 0),
                phase(slowest.function(), 1), phase("floor", 1), slowestArchived, ratio(archived(slowestArchived)), rows.stream().map(r -> r.function() + " " + String.format(Locale.ROOT,
                                "%.2fx", archived(r.function()).ratio())).toList(),
                ratio(archived("floor")), yes(slowest.start().ratio() <= 1.2)));
        t.append(String.format(Locale.ROOT, "| award-points: two requests | %.0f in steady state (the member, the "
                + "transaction); %.2f on average over the load above, where some awards reach a tier for the first "
                + "time and read the member's perks to give its privileges once | %s |%n", steadyAwardRequests,
                award.requests(), yes(steadyAwardRequests <= 2.0)));
        double steadyWithFold = Math.max(steadyAward.writeUnits(), lotsAward.writeUnits()) + foldWriteUnitsPerAward;
        t.append(String.format(Locale.ROOT, "| award-points: <= 6 WCU in steady state, for any member | %d WCU: %s; "
                + "a member holding %d point lots: %d WCU; with its share of the counters' fold (%.2f WCU an award, "
                + "below): %.2f WCU | %s |%n", steadyAward.writeUnits(),
                String.join("; ", steadyAward.items()), LOTS, lotsAward.writeUnits(), foldWriteUnitsPerAward,
                steadyWithFold, yes(steadyWithFold <= 6)));
        t.append(String.format(Locale.ROOT, "| the snapshot flat in program age | %.0f requests and %.1f RCU at 30 "
                + "days, %.0f and %.1f at 365, %.0f and %.1f at 1,095 (the same items per shard, sizes differ: within "
                + "20%%) | %s |%n", young[0], young[1], year[0], year[1], old[0], old[1], yes(Math.max(year[1], old[1])
                        <= young[1] * 1.2 && Math.max(year[0], old[0]) <= young[0])));
        t.append(String.format(Locale.ROOT, "| fan-out: one conditional write per member, or the reason not | %.0f "
                + "members/s, %.2f requests and %.2f WCU per member (the grant job's saves included): one conditional "
                + "Put of the perk carrying its PerkDelivered event (%s: %d WCU), which the perks table's stream "
                + "puts on the bus | %s |%n", fanOutPerSecond, fanOutRequests, fanOutWriteUnits, fanOutSizes,
                fanOutSingleWrite, yes(fanOutWriteUnits <= fanOutSingleWrite * 1.05 && fanOutRequests < 1.1)));
        t.append(String.format(Locale.ROOT, "| function.zip <= 30 MB | %.1f MB | %s |%n", zipMb, yes(zipMb <= 30)));
        return t.toString();
    }

    /** What each archive held and gave, and why none is deployed. */
    String archives() {
        StringBuilder t = new StringBuilder("Each function's archive, and the floor's, is written by this JVM "
                + "(`-XX:ArchiveClassesAtExit`) at the exit of a process started as above (its classes loaded "
                + "through the customer class loader) that ran three invocations; the rows \"" + ARCHIVED.substring(2)
                + "\" above start with it (`-XX:SharedArchiveFile`). One more start-up with each archive logs where "
                + "every class came from (`-Xlog:class+load`): a class loader of the application's own does take "
                + "its classes from the archive.\n\n| function | archive (MB) | classes loaded | of which from the "
                + "archive | from the JDK's own archive | start-up over the floor, without / with the archive | first invocation, without / with "
                + "(ms) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        archiveUse.forEach((function, use) -> t.append(String.format(Locale.ROOT,
                "| %s | %.1f | %,d | %,d | %,d | %.2fx / %.2fx | %.0f / %.0f |%n", function, use.bytes() / 1e6,
                use.loaded(), use.fromArchive(), use.fromJdkArchive(),
                allStarts.get(function).ratio(), archived(function).ratio(),
                phase(function, 1), phase(function + ARCHIVED, 1))));
        t.append("\nAn archive takes the parsing of classes off a start-up, not the running of their code: what is "
                + "left over the floor is mostly the first invocation, which builds the DynamoDB client (whatever "
                + "region and endpoint it is given, the SDK's client builder looks its signing region up in the "
                + "metadata of every AWS service: "
                + archiveUse.values().stream().mapToLong(ArchiveUse::serviceMetadata).max().orElse(0) + " classes), reads the "
                + "trust store and runs the first requests' code cold. SnapStart with priming (`-c "
                + "hearth:snapStart=true`, `SnapStartPriming`) is the cloud option that takes all of it off: the "
                + "instance is restored from a snapshot taken after a primed start-up. No archive is deployed: "
                + "AWS's Java runtime starts the JVM itself, with class data sharing options of its own on the "
                + "command line (an archive of the runtime's classes, as reported for its images), which win over "
                + "`JAVA_TOOL_OPTIONS`; an "
                + "archive of Hearth's would have to be written by that runtime's own JVM build, inside its image, "
                + "and kept with the runtime version pinned (runtime management, manual updates), since an archive "
                + "from another build of the JVM is ignored.\n");
        return t.toString();
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }

    static String millis(Starts s) {
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", s.median(), quantile(s.ms, 0.25), quantile(s.ms, 0.75));
    }

    static String ratio(Starts s) {
        return String.format(Locale.ROOT, "%.2fx (%.2f–%.2f)", s.ratio(), quantile(s.overFloor, 0.25),
                quantile(s.overFloor, 0.75));
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException e) {
            // keep unknown
        }
        long memoryGb = Math.round(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / 1e9);
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memoryGb + " GB, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name");
    }

    static final long BEGAN = System.nanoTime();

    static void progress(String line) {
        System.out.printf(Locale.ROOT, "[bench %4.0fs] %s%n", (System.nanoTime() - BEGAN) / 1e9, line);
        System.out.flush();
    }

    static void exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
    }

    static Path unzip(Path zip, Path into) throws IOException {
        if (!Files.exists(zip)) {
            throw new IllegalStateException("no " + zip + ": build it first");
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("bad entry " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    // Later entries win, as when the zip is unpacked for Lambda.
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return into;
    }
}
