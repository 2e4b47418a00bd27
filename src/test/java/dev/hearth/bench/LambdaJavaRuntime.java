package dev.hearth.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.hearth.testing.LambdaContext;

/**
 * What AWS's Java runtime does with a JVM function.zip, for the benchmark: load the handler class
 * from the zip's flat class path, then call it once per event. Events arrive one JSON per stdin
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
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor()
                .newInstance();
        // How long the JVM and the application took to be ready for the first event.
        System.out.println(READY + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        boolean metered = args.length > 1 && args[1].equals("metered");
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
            String meter = metered ? Meter.read() : "0 0 0";
            System.out.println(MARK + status + " " + nanos + " " + meter + " "
                    + out.toString(StandardCharsets.UTF_8).replace('\n', ' '));
            System.out.flush();
        }
        // Lambda freezes or kills an instance, it never waits for the application's threads.
        System.exit(0);
    }

    /** Apart, so that the floor application (which has no meter) never loads the meter's class. */
    private static final class Meter {
        static String read() {
            dev.hearth.dynamodb.CapacityMeter.Totals t = dev.hearth.dynamodb.CapacityMeter.totals();
            return t.requests() + " " + t.readUnits() + " " + t.writeUnits();
        }
    }

    private static final Context CONTEXT = LambdaContext.freshRequestIds();
}
