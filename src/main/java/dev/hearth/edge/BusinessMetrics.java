package dev.hearth.edge;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Business metrics as CloudWatch Embedded Metric Format: one JSON line on standard output per
 * event, which CloudWatch Logs turns into metrics in the {@value #NAMESPACE} namespace, no API call
 * and no extra latency. Each line names its dimensions (the program, and what else tells the
 * figures apart: an activity type, a rejection's code) and its metrics, all counts or ratios.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">the EMF specification</a>
 */
public final class BusinessMetrics {

    public static final String NAMESPACE = "Hearth";
    /** The EMF limit of metrics in one directive. */
    static final int MAX_METRICS = 100;
    /** The EMF limit of dimensions in one set. */
    static final int MAX_DIMENSIONS = 30;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();

    private BusinessMetrics() {
    }

    /** One metric's value and unit ({@code Count}, or {@code None} for a ratio). */
    public record Value(double value, String unit) {

        public static Value count(long n) {
            return new Value(n, "Count");
        }

        public static Value ratio(double r) {
            return new Value(r, "None");
        }
    }

    /**
     * Writes one EMF line: {@code dimensions} (name -> value, in order) form the line's one dimension
     * set; {@code metrics} (name -> value) its metrics, at {@code at} (a caller leaves out a metric it
     * has no value for, such as a rate with no base).
     */
    public static void emit(Instant at, Map<String, String> dimensions, Map<String, Value> metrics) {
        String line = line(at, dimensions, metrics);
        if (printing()) {
            System.out.println(line);
        }
        LISTENERS.forEach(listener -> listener.accept(line));
    }

    /** Whether lines go to standard output ({@code hearth.business-metrics.print}: off in tests, which listen). */
    private static volatile Boolean printing;

    /**
     * Read on the first line, not when the class is initialized: a Lambda JVM build initializes its
     * classes ahead (Quarkus' class preloading for SnapStart), before the run-time configuration
     * exists, and a class whose initializer failed fails every call after.
     */
    private static boolean printing() {
        Boolean on = printing;
        if (on == null) {
            try {
                on = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .unwrap(io.smallrye.config.SmallRyeConfig.class)
                        .getConfigMapping(dev.hearth.config.HearthConfig.class).businessMetrics().print();
            } catch (java.util.NoSuchElementException e) {
                on = false; // no Hearth application in this JVM (the benchmark's own snapshot): listeners only
            }
            printing = on;
        }
        return on;
    }

    /** The EMF line, as {@link #emit} writes it. */
    static String line(Instant at, Map<String, String> dimensions, Map<String, Value> metrics) {
        if (metrics.isEmpty() || metrics.size() > MAX_METRICS || dimensions.size() > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("an EMF line has 1 to " + MAX_METRICS + " metrics and at most "
                    + MAX_DIMENSIONS + " dimensions");
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", at.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode set = directive.putArray("Dimensions").addArray();
        dimensions.forEach((name, value) -> {
            set.add(name);
            root.put(name, value);
        });
        ArrayNode declared = directive.putArray("Metrics");
        metrics.forEach((name, value) -> {
            if (dimensions.containsKey(name)) {
                throw new IllegalArgumentException(name + " is a dimension and a metric");
            }
            declared.addObject().put("Name", name).put("Unit", value.unit());
            root.put(name, value.value());
        });
        return root.toString();
    }

    /** Hears every line written from now until the returned handle is closed (tests). */
    public static AutoCloseable listen(Consumer<String> listener) {
        LISTENERS.add(listener);
        return () -> LISTENERS.remove(listener);
    }
}
