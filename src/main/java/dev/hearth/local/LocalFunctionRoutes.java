package dev.hearth.local;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.hearth.edge.Answers;
import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.FailureMarker;
import dev.hearth.edge.HearthException;
import dev.hearth.events.HearthEvent;
import dev.hearth.events.OutboxTable;
import dev.hearth.retention.RetentionReports;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.funqy.lambda.FunqyRequestImpl;
import io.quarkus.funqy.lambda.FunqyResponseImpl;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.funqy.runtime.RequestContextImpl;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Local runs and tests: every function at {@code POST /<function-name>}, with the Lambda event as
 * the body. It calls the same Funqy invoker with the same JSON reader and writer the Lambda
 * handler uses; only the transport differs. An error answers with the status of its
 * {@code [NNN]} prefix and the body a Lambda error has ({@code errorType}, {@code errorMessage}).
 * After each call, and before a function that reads the retention counters runs or a report is drawn,
 * the activities stream is drained into the counters; before the outbox is read or a member erased,
 * the perks stream's deliveries into the outbox ({@link LocalStreams}).
 * {@code GET /outbox/<programId>} reads the events the outbox holds;
 * {@code GET /report/<programId>?date=} draws a day's retention report. Present only in dev and
 * test builds.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class LocalFunctionRoutes {

    private static final Logger LOG = Logger.getLogger(LocalFunctionRoutes.class);
    /** API Gateway's own payload limit is 10 MB; Hearth's events are a few hundred bytes. */
    private static final long MAX_EVENT_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The functions that read the retention counters (the snapshot, and run-programs' SNAPSHOT job). */
    static final java.util.Set<String> READS_COUNTERS = java.util.Set.of("daily-retention-snapshot", "run-programs");
    /**
     * The functions that delete events from the outbox (an erasure deletes the member's perks'
     * events): the deliveries they delete must be there first, or a later copy would bring them back.
     */
    static final java.util.Set<String> DELETES_EVENTS = java.util.Set.of("erase-member");

    private final OutboxTable outbox;
    private final RetentionReports reports;
    private final LocalStreams stream;

    public LocalFunctionRoutes(OutboxTable outbox, RetentionReports reports, LocalStreams stream) {
        this.outbox = outbox;
        this.reports = reports;
        this.stream = stream;
    }

    void routes(@Observes Router router) {
        router.post("/:function").handler(BodyHandler.create(false).setBodyLimit(MAX_EVENT_BYTES))
                .blockingHandler(this::invoke, false)
                .failureHandler(ctx -> {
                    if (ctx.statusCode() == 413) {
                        error(ctx, "PayloadTooLarge", new HearthException(ErrorCode.PAYLOAD_TOO_LARGE, "body",
                                "must be at most " + MAX_EVENT_BYTES + " bytes"));
                    } else {
                        ctx.next();
                    }
                });
        router.get("/outbox/:programId").blockingHandler(this::outbox, false);
        router.get("/report/:programId").blockingHandler(this::report, false);
    }

    /** The day's retention report as a page (?date=, default yesterday in the program's time zone). */
    private void report(RoutingContext ctx) {
        String page;
        try {
            stream.foldCounters();
            page = reports.page(ctx.pathParam("programId"), ctx.queryParams().get("date"));
        } catch (HearthException rejected) {
            error(ctx, rejected.getClass().getName(), rejected);
            return;
        }
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page);
    }

    /**
     * The program's latest outbox events, as their envelopes (?limit=, default 50), newest first: what the
     * EventBridge pipes carry to fulfilment in the cloud (the perks' deliveries copied in first).
     */
    private void outbox(RoutingContext ctx) {
        int limit;
        try {
            limit = Integer.parseInt(ctx.queryParams().get("limit") == null ? "50" : ctx.queryParams().get("limit"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 1000) {
            error(ctx, "BadRequest", HearthException.invalid("limit", "must be a whole number from 1 to 1000"));
            return;
        }
        try {
            stream.announcePerks();
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(outbox.latest(ctx.pathParam("programId"), limit).stream()
                            .map(HearthEvent::envelope).toList()));
        } catch (JsonProcessingException e) {
            error(ctx, 500, e.getClass().getName(), e.getOriginalMessage());
        }
    }

    private void invoke(RoutingContext ctx) {
        String name = ctx.pathParam("function");
        FunctionInvoker invoker = FunctionRecorder.registry.matchInvoker(name);
        if (invoker == null) {
            error(ctx, "UnknownFunction", new HearthException(ErrorCode.UNKNOWN_FUNCTION, name, "no such function"));
            return;
        }
        Object input = null;
        if (invoker.hasInput()) {
            ObjectReader reader = (ObjectReader) invoker.getBindingContext().get(ObjectReader.class.getName());
            try {
                String body = ctx.body().asString();
                input = body == null || body.isBlank() ? null : reader.readValue(body);
            } catch (JsonProcessingException e) {
                error(ctx, e.getClass().getName(), new HearthException(ErrorCode.MALFORMED_JSON, null,
                        e.getOriginalMessage()));
                return;
            }
        }
        // What other paths recorded (the mock Lambda event server on 8081) reaches the counters before
        // a function that reads them runs, as the stream would have carried it by then.
        if (READS_COUNTERS.contains(name)) {
            stream.foldCounters();
        }
        if (DELETES_EVENTS.contains(name)) {
            stream.announcePerks();
        }
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            FunqyResponseImpl response = new FunqyResponseImpl();
            invoker.invoke(new FunqyRequestImpl(new RequestContextImpl(), input), response);
            Object output;
            try {
                output = response.getOutput().await().indefinitely();
            } finally {
                // What the call recorded reaches the counters before it is answered, as the stream would carry it.
                stream.foldCounters();
            }
            ObjectWriter writer = (ObjectWriter) invoker.getBindingContext().get(ObjectWriter.class.getName());
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(output == null || writer == null ? "null" : writer.writeValueAsString(output));
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof HearthException answered) {
                // A rejection, or a failure the function's Answers already logged and answered.
                error(ctx, answered.code() == ErrorCode.INTERNAL_ERROR ? "InternalError" : e.getClass().getName(),
                        answered);
            } else {
                // Failed outside the function (writing its answer): logged, its details never answered.
                String errorId = java.util.UUID.randomUUID().toString();
                LOG.errorf(cause, "%s %s failed (error %s)", FailureMarker.FAILED, name, errorId);
                error(ctx, "InternalError", Answers.internalError(name, errorId));
            }
        } finally {
            requestContext.terminate();
        }
    }

    private static void error(RoutingContext ctx, String type, HearthException rejected) {
        error(ctx, rejected.status(), type, rejected.getMessage());
    }

    private static void error(RoutingContext ctx, int status, String type, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("errorType", type);
        body.put("errorMessage", message);
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }
}
