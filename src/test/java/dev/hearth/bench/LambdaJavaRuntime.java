package dev.hearth.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.hearth.testing.LambdaContext;

/**
 * What AWS's Java runtime does with a JVM function.zip, for the benchmark: the JVM's own class path
 * holds only the runtime (this class, in a jar, and aws-lambda-java-core), and the handler class is
 * loaded by a class loader of its own over the unpacked zip, as the runtime's CustomerClassLoader
 * does (the task root, then its {@code lib/*.jar} in name order; the system class loader as parent;
 * the thread's context class loader), then called once per event. Arguments: the handler class, the
 * task root, and {@code metered} to report the capacity meter. Events arrive one JSON per stdin
 * line; each answer is one stdout line {@code @@BENCH ok|error <handler nanos> <requests> <read
 * units> <write units> <output>}, the last three being the capacity meter's running totals (0 for
 * an application without one). Before the first, one line {@code @@READY <ms>}: the JVM's uptime
 * when the handler was constructed (the application started).
 */
public final class LambdaJavaRuntime {

    public static final String MARK = "@@BENCH ";
    public static final String READY = "@@READY ";

    private LambdaJavaRuntime() {
    }

    public static void main(String[] args) throws Exception {
        ClassLoader customer = customerClassLoader(new File(args[1]));
        Thread.currentThread().setContextClassLoader(customer);
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0], true, customer)
                .getDeclaredConstructor().newInstance();
        // How long the JVM and the application took to be ready for the first event.
        System.out.println(READY + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        Meter meter = args.length > 2 && args[2].equals("metered") ? new Meter(customer) : null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String status = "ok";
            long started = System.nanoTime();
            try {
                handler.handleRequest(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), out, CONTEXT);
            } catch (Throwable e) {
                status = "error";
                out.reset();
                out.writeBytes(String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
            }
            long nanos = System.nanoTime() - started;
            System.out.println(MARK + status + " " + nanos + " " + (meter == null ? "0 0 0" : meter.read()) + " "
                    + out.toString(StandardCharsets.UTF_8).replace('\n', ' '));
            System.out.flush();
        }
        // Lambda freezes or kills an instance, it never waits for the application's threads.
        System.exit(0);
    }

    /** The task root, then its lib/*.jar sorted by name, as the runtime's CustomerClassLoader lists them. */
    static ClassLoader customerClassLoader(File taskRoot) throws Exception {
        List<URL> urls = new ArrayList<>(List.of(new URL("file", null, -1, taskRoot.getPath() + "/")));
        String[] listed = new File(taskRoot, "lib").list((dir, name) -> name.endsWith(".jar"));
        String[] jars = listed == null ? new String[0] : listed;
        Arrays.sort(jars);
        for (String jar : jars) {
            urls.add(new URL("file", null, -1, taskRoot.getPath() + "/lib/" + jar));
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getSystemClassLoader());
    }

    /** The application's capacity meter, reached through its class loader (the runtime cannot see it). */
    private static final class Meter {
        private final Method totals;
        private final List<Method> components;

        Meter(ClassLoader application) throws Exception {
            totals = Class.forName("dev.hearth.dynamodb.CapacityMeter", true, application).getMethod("totals");
            Class<?> t = totals.getReturnType();
            components = List.of(t.getMethod("requests"), t.getMethod("readUnits"), t.getMethod("writeUnits"));
        }

        String read() throws Exception {
            Object t = totals.invoke(null);
            List<String> values = new ArrayList<>();
            for (Method component : components) {
                values.add(String.valueOf(component.invoke(t)));
            }
            return String.join(" ", values);
        }
    }

    private static final Context CONTEXT = LambdaContext.freshRequestIds();
}
