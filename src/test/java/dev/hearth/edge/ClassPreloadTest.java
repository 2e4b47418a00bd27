package dev.hearth.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A Lambda JVM build initializes its classes ahead of the first call (Quarkus' class preloading for
 * SnapStart), before the run-time configuration exists; a class whose initializer then fails fails
 * every call after ("Could not initialize class"). So every Hearth class is initialized here the
 * same way: in a class loader of its own, with no application started.
 */
class ClassPreloadTest {

    @Test
    void everyClassInitializesBeforeTheApplicationStarts() throws Exception {
        Path classes = Path.of("target/classes");
        List<URL> urls = new ArrayList<>();
        urls.add(classes.toUri().toURL());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        List<String> names;
        try (Stream<Path> files = Files.walk(classes.resolve("dev/hearth"))) {
            names = files.map(f -> classes.relativize(f).toString()).filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace(File.separatorChar, '.')).sorted()
                    .toList();
        }
        List<String> failed = new ArrayList<>();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader fresh = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(fresh);
            for (String name : names) {
                try {
                    Class.forName(name, true, fresh);
                } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
                    failed.add(name + ": " + (e.getCause() == null ? e : e.getCause()));
                }
            }
        } finally {
            thread.setContextClassLoader(before);
        }
        assertTrue(names.size() > 100, "the classes were found: " + names.size());
        assertEquals(List.of(), failed);
    }
}
