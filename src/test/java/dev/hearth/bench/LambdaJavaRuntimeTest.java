package dev.hearth.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's runtime loads a function as AWS's Java runtime does: the task root, then its jars by name. */
class LambdaJavaRuntimeTest {

    @Test
    void theCustomerClassLoaderSeesTheTaskRootThenItsLibJarsInNameOrder(@TempDir Path task) throws Exception {
        Files.createDirectories(task.resolve("lib"));
        for (String name : List.of("b.jar", "a.jar", "notes.txt", "c.jar")) {
            Files.writeString(task.resolve("lib").resolve(name), "");
        }

        URLClassLoader loader = (URLClassLoader) LambdaJavaRuntime.customerClassLoader(task.toFile());

        assertEquals(List.of(task + "/", task + "/lib/a.jar", task + "/lib/b.jar", task + "/lib/c.jar"),
                Arrays.stream(loader.getURLs()).map(URL::getPath).toList());
        assertEquals(ClassLoader.getSystemClassLoader(), loader.getParent());
    }
}
