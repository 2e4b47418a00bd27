package dev.hearth.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's Runtime API speaks the protocol a custom runtime's poll loop expects: an event
 * with its request id and deadline for {@code invocation/next}, the answer posted back (or an
 * error), and no endless wait for a function that died.
 */
class RuntimeApiTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void handsOverAnEventAndTakesItsAnswer() throws Exception {
        try (RuntimeApi api = new RuntimeApi(); Running function = new Running()) {
            CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> answer(api, "response", "{\"ok\":1}"));
            RuntimeApi.Answer answer = api.invoke("{\"memberId\":\"m-1\"}", function.process);
            poller.join();
            assertTrue(answer.ok());
            assertEquals("{\"ok\":1}", answer.body());
            assertTrue(api.firstPollNanos() > 0 && api.firstPollNanos() <= answer.atNanos());
        }
    }

    @Test
    void anErrorPostedIsAFailedAnswer() throws Exception {
        try (RuntimeApi api = new RuntimeApi(); Running function = new Running()) {
            CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> answer(api, "error", "{\"errorType\":\"x\"}"));
            RuntimeApi.Answer answer = api.invoke("{}", function.process);
            poller.join();
            assertFalse(answer.ok());
            assertEquals("{\"errorType\":\"x\"}", answer.body());
        }
    }

    @Test
    void aFunctionThatExitedIsNotWaitedFor() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        try (RuntimeApi api = new RuntimeApi()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> api.invoke("{}", exited));
            assertTrue(e.getMessage().contains("exited"), e.getMessage());
        }
    }

    /** What a poll loop does once: take the next event, check its headers, post the answer. */
    private void answer(RuntimeApi api, String outcome, String body) {
        try {
            String base = "http://" + api.address() + "/2018-06-01/runtime/invocation/";
            HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(base + "next")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, next.statusCode());
            String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
            assertTrue(Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow())
                    > System.currentTimeMillis());
            assertTrue(next.body().startsWith("{"));
            HttpResponse<Void> posted = http.send(HttpRequest.newBuilder(URI.create(base + id + "/" + outcome))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(202, posted.statusCode());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A live process standing for the function (the Runtime API only asks whether it still runs). */
    private static final class Running implements AutoCloseable {
        final Process process;

        Running() throws java.io.IOException {
            process = new ProcessBuilder("sleep", "600").start();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
