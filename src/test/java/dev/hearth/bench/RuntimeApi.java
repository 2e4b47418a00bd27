package dev.hearth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda Runtime API as a custom runtime (the native {@code bootstrap}) sees it, for the
 * benchmark: the function polls {@code GET /2018-06-01/runtime/invocation/next} for its next event
 * and posts the answer to {@code .../invocation/<id>/response} (or {@code /error}; a failed start
 * to {@code /init/error}). One per function process; events are handed over one at a time.
 */
final class RuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** One answer: whether it succeeded, its body, when it arrived (System.nanoTime). */
    record Answer(boolean ok, String body, long atNanos) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final AtomicLong requestIds = new AtomicLong();
    /** When the function first asked for an event (System.nanoTime): it was ready; -1 until then. */
    private volatile long firstPollNanos = -1;

    static {
        // Headers and body are two writes: without this, Nagle's algorithm and the client's delayed
        // ACK hold each answer back ~40 ms, which would swamp every warm figure.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    RuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** What AWS_LAMBDA_RUNTIME_API holds: host:port. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    long firstPollNanos() {
        return firstPollNanos;
    }

    /**
     * Hands the function one event and waits for its answer (a failed start is an answer too), as
     * long as {@code process} lives and at most 5 minutes.
     */
    Answer invoke(String event, Process process) throws InterruptedException {
        events.add(event);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            Answer answer = answers.poll(1, TimeUnit.SECONDS);
            if (answer != null) {
                return answer;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the function exited (" + process.exitValue() + ") before answering");
            }
        }
        throw new IllegalStateException("no answer from the function in 5 minutes");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            if (exchange.getRequestMethod().equals("GET") && path.equals("invocation/next")) {
                if (firstPollNanos < 0) {
                    firstPollNanos = System.nanoTime();
                }
                String event;
                try {
                    event = events.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                byte[] body = event.getBytes(StandardCharsets.UTF_8);
                var headers = exchange.getResponseHeaders();
                headers.add("Lambda-Runtime-Aws-Request-Id", "bench-" + requestIds.incrementAndGet());
                headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 900_000));
                headers.add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:bench");
                headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
                headers.add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            boolean ok = path.startsWith("invocation/") && path.endsWith("/response");
            boolean failed = path.equals("init/error") || path.startsWith("invocation/") && path.endsWith("/error");
            if (!ok && !failed) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            answers.add(new Answer(ok, body, System.nanoTime()));
            exchange.sendResponseHeaders(202, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
