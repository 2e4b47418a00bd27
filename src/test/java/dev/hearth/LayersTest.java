package dev.hearth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The house's floors: a package may import only the packages on its floor or below, so the features
 * never import each other in a cycle, and the shared DynamoDB layer knows no feature (it stores, it
 * decides no rule).
 */
class LayersTest {

    /** Lowest first. A feature sees the features it builds on and nothing above it. */
    static final List<List<String>> FLOORS = List.of(
            List.of("edge", "config"),
            List.of("dynamodb"),
            List.of("events"),
            List.of("program"),
            List.of("ledger"),
            List.of("squad"),
            List.of("perk"),
            List.of("retention"),
            List.of("tier"),
            List.of("points"),
            List.of("rewards"),
            List.of("member", "imports"),
            List.of("rules"),
            List.of("runs"),
            List.of("local", ""));

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.hearth\\.(\\w+)\\.", Pattern.MULTILINE);

    @Test
    void noPackageImportsAFloorAboveItsOwn() throws IOException {
        List<String> upward = new ArrayList<>();
        TreeSet<String> packages = new TreeSet<>();
        Path root = Path.of("src/main/java/dev/hearth");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file.getParent()).toString();
                packages.add(pkg);
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (floor(m.group(1)) > floor(pkg)) {
                        upward.add(file.getFileName() + " (" + pkg + ") imports " + m.group(1));
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(FLOORS.stream().flatMap(List::stream).toList()), packages,
                "every package has its floor");
        assertTrue(upward.isEmpty(), "imports from a floor above: " + upward);
    }

    private static int floor(String pkg) {
        for (int i = 0; i < FLOORS.size(); i++) {
            if (FLOORS.get(i).contains(pkg)) {
                return i;
            }
        }
        throw new AssertionError("package " + pkg + " has no floor in LayersTest.FLOORS");
    }

}
