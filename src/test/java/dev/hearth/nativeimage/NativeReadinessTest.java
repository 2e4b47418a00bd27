package dev.hearth.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Guards what a native image needs and a JVM run would not notice: Jackson writes every result
 * type reflectively, so each one must be registered; events come in as Jackson trees (no binding
 * by reflection); and the main code uses no run-time reflection, proxies or class loading.
 */
class NativeReadinessTest {

    private static final Path MAIN = Path.of("src/main/java");

    /** The classes with @Funq methods, found from the sources (no classpath scanning needed). */
    private static List<Class<?>> functionClasses() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(NativeReadinessTest::hasFunq)
                    .map(NativeReadinessTest::load).toList();
        }
    }

    private static boolean hasFunq(Path file) {
        try {
            return Files.readString(file).contains("@Funq(");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Class<?> load(Path file) {
        String name = MAIN.relativize(file).toString().replace('/', '.').replaceFirst("\\.java$", "");
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<Class<?>> registered() {
        Set<Class<?>> registered = new HashSet<>();
        try {
            Class<?> holder = Class.forName("dev.hearth.NativeReflection");
            registered.addAll(Arrays.asList(holder.getAnnotation(RegisterForReflection.class).targets()));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        return registered;
    }

    @Test
    void everyResultTypeAndEveryTypeInsideOneIsRegisteredForReflection() throws IOException {
        Set<Class<?>> targets = registered();
        Set<String> missing = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        Deque<Type> todo = new ArrayDeque<>();
        List<Class<?>> functions = functionClasses();
        assertFalse(functions.isEmpty());
        for (Class<?> function : functions) {
            for (Method method : function.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Funq.class)) {
                    todo.add(method.getGenericReturnType());
                    if (method.getReturnType() == Object.class) {
                        // A function answering one of several shapes names them on its class.
                        RegisterForReflection answers = function.getAnnotation(RegisterForReflection.class);
                        assertTrue(answers != null && answers.targets().length > 0, function.getName()
                                + " answers Object: name its answer types in @RegisterForReflection(targets = ...)");
                        todo.addAll(Arrays.asList(answers.targets()));
                        targets.addAll(Arrays.asList(answers.targets()));
                    }
                }
            }
        }
        while (!todo.isEmpty()) {
            Type type = todo.pop();
            if (type instanceof ParameterizedType p) {
                todo.addAll(Arrays.asList(p.getActualTypeArguments()));
                continue;
            }
            if (!(type instanceof Class<?> c) || !c.getName().startsWith("dev.hearth") || !seen.add(c.getName())) {
                continue;
            }
            if (!c.isEnum() && !c.isAnnotationPresent(RegisterForReflection.class) && !targets.contains(c)) {
                missing.add(c.getName());
            }
            if (c.isRecord()) {
                for (RecordComponent component : c.getRecordComponents()) {
                    todo.add(component.getGenericType());
                }
            }
        }
        assertEquals(Set.of(), missing, "result types not registered for reflection");
        assertTrue(seen.size() >= 8, "walked the result types: " + seen);
    }

    /** Each function's outcomes are logged apart (rejections, failures), or its rejections would page. */
    @Test
    void everyFunctionIsAnswered() throws IOException {
        for (Class<?> function : functionClasses()) {
            assertTrue(function.isAnnotationPresent(dev.hearth.edge.Answered.class), function.getName());
        }
    }

    @Test
    void everyFunctionTakesItsEventAsAJsonTree() throws IOException {
        for (Class<?> function : functionClasses()) {
            for (Method method : function.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Funq.class)) {
                    assertEquals(List.of(JsonNode.class), Arrays.asList(method.getParameterTypes()), method.toString());
                }
            }
        }
    }

    @Test
    void theMainCodeUsesNoRunTimeReflectionProxiesOrClassLoading() throws IOException {
        List<String> forbidden = List.of("Class.forName(", "java.lang.reflect.Proxy", ".getDeclaredMethods(",
                ".getDeclaredFields(", ".newInstance(", "ClassLoader", "ServiceLoader");
        Set<String> offenders = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                forbidden.stream().filter(source::contains).forEach(f -> offenders.add(file + ": " + f));
            }
        }
        assertEquals(Set.of(), offenders);
    }
}
