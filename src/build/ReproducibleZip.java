import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the JVM function.zip so that the same commit always gives the same bytes: entries in
 * name order, one fixed time, no directory entries, and each class once. Quarkus's zip copies the
 * runner jar (entries timed at the build) and lib/ (timed by file), and the runner jar holds some
 * application classes twice: as compiled and as Quarkus transformed them; the transformed one is
 * the one that must run, so it is kept.
 *
 * <p>Run by the build (pom.xml, package phase) as a single-file program:
 * {@code java src/build/ReproducibleZip.java target/function.zip target/classes}.
 */
public class ReproducibleZip {

    /** The earliest time a zip can hold (DOS time), the same in every time zone. */
    private static final LocalDateTime FIXED = LocalDateTime.of(1980, 2, 1, 0, 0);

    public static void main(String[] args) throws IOException {
        Path zip = Path.of(args[0]);
        Path compiled = Path.of(args[1]);
        Map<String, byte[]> entries = new TreeMap<>();
        int duplicates = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (e.isDirectory()) {
                    continue;
                }
                byte[] bytes = in.readAllBytes();
                byte[] before = entries.get(e.getName());
                if (before != null) {
                    duplicates++;
                    if (Arrays.equals(before, bytes) || isAsCompiled(compiled, e.getName(), bytes)) {
                        continue; // keep the transformed copy already seen
                    }
                }
                entries.put(e.getName(), bytes);
            }
        }
        Path out = zip.resolveSibling(zip.getFileName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(out); ZipOutputStream z = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTimeLocal(FIXED);
                z.putNextEntry(entry);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        Files.move(out, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("[reproducible-zip] %s: %d entries, %d duplicate names resolved%n", zip, entries.size(),
                duplicates);
    }

    private static boolean isAsCompiled(Path compiled, String name, byte[] bytes) throws IOException {
        Path file = compiled.resolve(name);
        return Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes);
    }
}
