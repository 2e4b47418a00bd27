package dev.hearth.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.hearth.testing.Invoke;

/**
 * The error codes have one source, {@link ErrorCode}: every {@code [status] CODE} the READMEs write
 * is a code with that status, and every code is documented somewhere. Plain JUnit: no application.
 */
class ErrorCodesTest {

    private static final Pattern WRITTEN = Pattern.compile("\\[(\\d{3})\\] ([A-Z][A-Z_]+[A-Z])");

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("infra/README.md")));
        try (Stream<Path> readmes = Files.walk(Invoke.FUNCTIONS)) {
            readmes.filter(p -> p.getFileName().toString().equals("README.md")).forEach(docs::add);
        }
        return docs;
    }

    @Test
    void everyCodeTheDocsWriteIsACodeWithItsStatus() throws IOException {
        int seen = 0;
        for (Path doc : docs()) {
            Matcher m = WRITTEN.matcher(Files.readString(doc));
            while (m.find()) {
                ErrorCode code = ErrorCode.valueOf(m.group(2));
                assertEquals(code.status(), Integer.parseInt(m.group(1)), doc + ": " + m.group());
                seen++;
            }
        }
        assertTrue(seen > 30, "codes found in the docs: " + seen);
    }

    @Test
    void everyCodeIsDocumented() throws IOException {
        Set<ErrorCode> undocumented = EnumSet.allOf(ErrorCode.class);
        for (Path doc : docs()) {
            String text = Files.readString(doc);
            undocumented.removeIf(code -> text.contains(code.name()));
        }
        assertEquals(Set.of(), undocumented);
    }
}
