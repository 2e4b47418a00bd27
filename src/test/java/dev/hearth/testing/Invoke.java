package dev.hearth.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Invokes a function the way a local run does: POST /<function-name> with the event as body. */
public final class Invoke {

    public static final Path FUNCTIONS = Path.of("functions");

    private Invoke() {
    }

    /**
     * The local HTTP port. The Lambda extension points RestAssured's default port at its mock event
     * server (the one exported function); the per-function routes are on Quarkus' HTTP port.
     */
    private static RequestSpecification local() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return given().port(port).contentType(ContentType.JSON);
    }

    public static JsonPath ok(String function, Object event) {
        return local().body(event).post("/" + function)
                .then().statusCode(200).extract().jsonPath();
    }

    /** The function's raw answer, whatever its status (a test of concurrent calls counts them). */
    public static io.restassured.response.Response post(String function, Object event) {
        return local().body(event).post("/" + function);
    }

    /** Asserts the function rejects the event with this status and a message starting with the prefix. */
    public static void rejected(String function, Object event, int status, String messagePrefix) {
        local().body(event).post("/" + function)
                .then().statusCode(status).body("errorMessage", startsWith(messagePrefix));
    }

    /**
     * Replays a sample event: it must be answered, or, once erase-member's sample erased the member it
     * names, refused with [410] MEMBER_ERASED (c-1004's join, replayed after the erasure, as it must be).
     */
    public static void replay(String function, Path event) {
        String body;
        try {
            body = Files.readString(event);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        replay(function, event.toString(), body);
    }

    /** A sample event's text, perhaps with its ids moved to a program of the test's own ({@code label}: the file). */
    public static void replay(String function, String label, String body) {
        io.restassured.response.Response answer = local().body(body).post("/" + function);
        String memberId = io.restassured.path.json.JsonPath.from(body).getString("memberId");
        if (answer.statusCode() == 410 && memberId != null && erasedBySamples().stream()
                .anyMatch(id -> memberId.equals(id) || memberId.endsWith("-" + id))) {
            org.junit.jupiter.api.Assertions.assertTrue(answer.jsonPath().getString("errorMessage")
                    .startsWith("[410] MEMBER_ERASED memberId"), answer.asString());
            return;
        }
        org.junit.jupiter.api.Assertions.assertEquals(200, answer.statusCode(), label + ": " + answer.asString());
    }

    /** The members erase-member's sample events erase. */
    private static java.util.Set<String> erasedBySamples() {
        try (var events = Files.list(FUNCTIONS.resolve("erase-member").resolve("events"))) {
            return events.map(p -> {
                try {
                    return io.restassured.path.json.JsonPath.from(Files.readString(p)).getString("memberId");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(java.util.stream.Collectors.toSet());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static String sample(String function, String file) {
        try {
            return Files.readString(FUNCTIONS.resolve(function).resolve("events").resolve(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An event as an ordered map, from alternating names and values. */
    public static Map<String, Object> event(Object... namesAndValues) {
        Map<String, Object> event = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            event.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return event;
    }

    /** An event as a JSON tree (null values left out), for calling a function bean directly. */
    public static com.fasterxml.jackson.databind.JsonNode json(Object... namesAndValues) {
        Map<String, Object> event = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                event.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(event);
    }

    /** Onboards a new member of the default program and returns its id. */
    public static String newMember(String programId) {
        String memberId = unique("m");
        ok("onboard-member", event("programId", programId, "memberId", memberId, "displayName", "Test member",
                "channel", "STOREFRONT"));
        return memberId;
    }

    public static JsonPath award(String programId, String memberId, String activityId, String type, Object... more) {
        Map<String, Object> event = event("programId", programId, "memberId", memberId, "activityId", activityId,
                "type", type);
        event.putAll(event(more));
        return ok("award-points", event);
    }

    /** GET /report/<programId>?date=: the day's retention report (date null: the default day). */
    public static io.restassured.response.Response report(String programId, String date) {
        return local().queryParams(date == null ? Map.of() : Map.of("date", date)).get("/report/" + programId);
    }

    /** One event's detail, from an outbox list ({@link #outbox}). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> detail(Map<String, Object> event) {
        return (Map<String, Object>) event.get("detail");
    }

    /** The program's events in the outbox, as their envelopes, newest first. */
    public static JsonPath outbox(String programId) {
        return local().get("/outbox/" + programId + "?limit=1000").then().statusCode(200).extract().jsonPath();
    }

    /** The program's events of one type about one member (null: any member), as envelopes, newest first. */
    public static List<Map<String, Object>> events(String programId, String memberId, String type) {
        List<Map<String, Object>> all = outbox(programId).getList("$");
        return all.stream().filter(e -> type.equals(e.get("type"))
                && (memberId == null || memberId.equals(e.get("memberId")))).toList();
    }

    public static JsonPath member(String programId, String memberId) {
        return ok("get-member", event("programId", programId, "memberId", memberId));
    }

    /** The daily run of the program's today as it will be {@code days} from now (the clock moved there and back). */
    public static JsonPath dailyIn(String programId, int days) {
        TestClock.advance(java.time.Duration.ofDays(days));
        try {
            return ok("schedule-perk", event("programId", programId, "run", "DAILY"));
        } finally {
            TestClock.reset();
        }
    }
}
