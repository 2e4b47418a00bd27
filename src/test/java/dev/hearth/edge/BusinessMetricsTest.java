package dev.hearth.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Each line obeys the Embedded Metric Format specification: a root object whose {@code _aws}
 * member has an integer millisecond {@code Timestamp} and {@code CloudWatchMetrics} directives, each
 * with a {@code Namespace}, {@code Dimensions} (arrays of at most 30 names, each a string member of
 * the root) and {@code Metrics} (at most 100, each {@code Name} a number member of the root and its
 * {@code Unit} a CloudWatch unit). CloudWatch drops a line that breaks any of these silently.
 */
class BusinessMetricsTest {

    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");

    static void assertEmf(String line) throws Exception {
        JsonNode root = new ObjectMapper().readTree(line);
        JsonNode aws = root.get("_aws");
        assertTrue(aws.get("Timestamp").isIntegralNumber(), line);
        assertTrue(aws.get("CloudWatchMetrics").isArray() && aws.get("CloudWatchMetrics").size() >= 1, line);
        for (JsonNode directive : aws.get("CloudWatchMetrics")) {
            String namespace = directive.get("Namespace").asText();
            assertTrue(!namespace.isEmpty() && namespace.length() <= 255, line);
            for (JsonNode set : directive.get("Dimensions")) {
                assertTrue(set.size() <= 30, line);
                set.forEach(name -> assertTrue(root.path(name.asText()).isTextual(), name + " is a string member: " + line));
            }
            assertTrue(directive.get("Metrics").size() >= 1 && directive.get("Metrics").size() <= 100, line);
            for (JsonNode metric : directive.get("Metrics")) {
                String name = metric.get("Name").asText();
                assertTrue(!name.isEmpty() && name.length() <= 1024, line);
                assertTrue(root.path(name).isNumber(), name + " is a number member: " + line);
                assertTrue(UNITS.contains(metric.get("Unit").asText()), line);
            }
        }
    }

    @Test
    void aLineIsEmfWithItsDimensionsAndMetricsAtTheRoot() throws Exception {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("programId", "default");
        dimensions.put("activityType", "PURCHASE");
        Map<String, BusinessMetrics.Value> metrics = new LinkedHashMap<>();
        metrics.put("Awards", BusinessMetrics.Value.count(1));
        metrics.put("D7", BusinessMetrics.Value.ratio(0.25));
        String line = BusinessMetrics.line(Instant.ofEpochMilli(1_764_000_000_123L), dimensions, metrics);
        assertEmf(line);
        JsonNode root = new ObjectMapper().readTree(line);
        assertEquals(1_764_000_000_123L, root.at("/_aws/Timestamp").asLong());
        assertEquals(BusinessMetrics.NAMESPACE, root.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals("[\"programId\",\"activityType\"]", root.at("/_aws/CloudWatchMetrics/0/Dimensions/0").toString());
        assertEquals("default", root.get("programId").asText());
        assertEquals(1.0, root.get("Awards").asDouble());
        assertEquals("None", root.at("/_aws/CloudWatchMetrics/0/Metrics/1/Unit").asText());
        assertEquals(0.25, root.get("D7").asDouble());
    }

    @Test
    void aLineThatCloudWatchWouldDropIsRefused() {
        Map<String, BusinessMetrics.Value> many = new LinkedHashMap<>();
        for (int i = 0; i <= BusinessMetrics.MAX_METRICS; i++) {
            many.put("M" + i, BusinessMetrics.Value.count(i));
        }
        assertThrows(IllegalArgumentException.class, () -> BusinessMetrics.line(Instant.EPOCH, Map.of(), many));
        assertThrows(IllegalArgumentException.class, () -> BusinessMetrics.line(Instant.EPOCH, Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> BusinessMetrics.line(Instant.EPOCH,
                Map.of("Awards", "x"), Map.of("Awards", BusinessMetrics.Value.count(1))));
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (int i = 0; i <= BusinessMetrics.MAX_DIMENSIONS; i++) {
            dimensions.put("d" + i, "v");
        }
        assertThrows(IllegalArgumentException.class, () -> BusinessMetrics.line(Instant.EPOCH, dimensions,
                Map.of("Awards", BusinessMetrics.Value.count(1))));
    }
}
