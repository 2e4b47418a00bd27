package dev.hearth.edge;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.rejected;
import static dev.hearth.testing.Invoke.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.hearth.testing.Invoke;
import dev.hearth.testing.LogLines;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The contract's edges (issue 10, items 7 and 9 to 12): answers, ids, JSON, sizes, event ids. */
@QuarkusTest
class ContractTest {

    private static final String P = "default";

    private static int localPort() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    @Test
    void joiningAnswersWithTheMemberViewAndItsPerks() {
        String m = unique("m");
        Map<String, Object> join = event("programId", P, "memberId", m, "displayName", "清风", "channel", "QR",
                "tags", List.of("black-tea"));
        JsonPath joined = ok("onboard-member", join);
        List<String> perks = joined.getList("perks.perkId");
        assertTrue(perks.contains("routine.day-1.welcome"), perks.toString());
        assertTrue(perks.contains("tag.black-tea.jin-jun-mei"), perks.toString());
        assertEquals("DELIVERED", joined.getString("perks.find { it.perkId == 'tag.black-tea.jin-jun-mei' }.status"));
        JsonPath again = ok("onboard-member", join);
        assertTrue(again.getBoolean("alreadyMember"));
        assertEquals(perks.size(), again.getList("perks").size());
    }

    @Test
    void idsAreKeptExactAndWhatTheSchemaRejectsIsRejected() {
        for (String bad : List.of(" default ", "default\n", "def\u00a0ault", "\ufeffdefault", "sur\ud800",
                "sur\udfff", "a\u2028b")) {
            rejected("get-member", event("programId", P, "memberId", bad), 400, "[400] INVALID_FIELD memberId: ");
            rejected("get-member", event("programId", bad, "memberId", "m"), 400, "[400] INVALID_FIELD programId: ");
        }
        // A well-formed pair of surrogates (an emoji) is an ordinary character.
        String emoji = unique("m") + "\ud83c\udf75";
        ok("onboard-member", event("programId", P, "memberId", emoji, "displayName", "Tea", "channel", "QR"));
        assertEquals(emoji, Invoke.member(P, emoji).getString("memberId"));
    }

    @Test
    void looseJsonIsRejected() {
        String m = Invoke.newMember(P);
        String valid = "{\"programId\":\"default\",\"memberId\":\"" + m + "\"}";
        for (String loose : List.of(valid + " trailing", valid + valid,
                "{\"programId\":\"default\",\"memberId\":\"" + m + "\",\"memberId\":\"other\"}")) {
            given().port(localPort()).contentType(ContentType.JSON).body(loose).post("/get-member").then()
                    .statusCode(400).body("errorMessage", startsWith("[400] MALFORMED_JSON"));
        }
    }

    @Test
    void looseJsonIsRejectedOnTheLambdaPathToo() {
        int lambda = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        String m = Invoke.newMember(P);
        String event = "{\"programId\":\"default\",\"memberId\":\"" + m + "\",\"activityId\":\"dup\","
                + "\"type\":\"CHECK_IN\",\"type\":\"PURCHASE\"}";
        // The Lambda handler's strict reader refuses it, naming the duplicate: the invocation fails
        // before the function runs.
        given().port(lambda).contentType(ContentType.JSON).body(event).post("/").then().statusCode(500)
                .body("errorMessage", startsWith("Duplicate field 'type'"));
        assertEquals(0, Invoke.member(P, m).getList("ledger").size());
    }

    @Test
    void anOversizedBodyIsAnsweredLikeEveryOtherError() {
        String huge = "{\"programId\":\"" + "x".repeat(300 * 1024) + "\"}";
        given().port(localPort()).contentType(ContentType.JSON).body(huge).post("/get-member").then()
                .statusCode(413).body("errorMessage", startsWith("[413] PAYLOAD_TOO_LARGE"));
    }

    @Test
    void eventIdsAreUniqueEvenWhenIdsContainSlashes() {
        String p = P;
        String a = unique("m") + "/x";
        String b = a.substring(0, a.length() - 2);
        ok("onboard-member", event("programId", p, "memberId", a, "displayName", "A", "channel", "QR"));
        ok("onboard-member", event("programId", p, "memberId", b, "displayName", "B", "channel", "QR"));
        // (a, "gift") and (b, "x/gift") once made the same event id.
        ok("schedule-perk", event("programId", p, "perkId", "gift", "perk", event("kind", "GIFT", "title", "A gift"),
                "audience", event("memberId", a)));
        ok("schedule-perk", event("programId", p, "perkId", "x/gift", "perk", event("kind", "GIFT", "title", "A gift"),
                "audience", event("memberId", b)));
        List<Map<String, Object>> events = Invoke.outbox(p).getList("$");
        List<String> ids = events.stream().filter(e -> a.equals(e.get("memberId")) || b.equals(e.get("memberId")))
                .filter(e -> "gift".equals(Invoke.detail(e).get("perkId")) || "x/gift".equals(Invoke.detail(e).get("perkId")))
                .map(e -> (String) e.get("eventId")).toList();
        assertEquals(2, ids.size(), "both deliveries are announced");
        assertFalse(ids.get(0).equals(ids.get(1)), ids.toString());
    }

    @Test
    void anUnexpectedFailureAnswers500WithoutItsDetails() {
        // A program item broken by hand in the console: reading it fails inside the function.
        String broken = unique("broken");
        dynamo.putItem(r -> r.tableName(tables.programs()).item(Map.of("programId",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(broken))));
        try (LogLines answers = LogLines.of(Answers.class)) {
            String message = given().port(localPort()).contentType(ContentType.JSON)
                    .body(event("programId", broken, "memberId", "m")).post("/get-member").then().statusCode(500)
                    .body("errorMessage", startsWith("[500] INTERNAL_ERROR get-member: Hearth could not complete the "
                            + "request; it is safe to send it again (error "))
                    .body("errorType", equalTo("InternalError")).extract().path("errorMessage");
            String nowhereId = unique("nowhere");
            rejected("get-member", event("programId", nowhereId, "memberId", "m"), 404,
                    "[404] PROGRAM_NOT_FOUND programId");
            // Each outcome leaves one marked line the stack counts: the failure with its details
            // under the id the answer names, the rejection as what it is.
            String errorId = message.substring(message.lastIndexOf("(error ") + 7, message.length() - 1);
            List<String> logged = answers.lines();
            assertEquals(1, logged.stream().filter(line -> line.startsWith(FailureMarker.FAILED + " get-member failed (error "
                    + errorId + ") | ")).count(), logged.toString());
            String nowhere = logged.stream().filter(line -> line.startsWith(FailureMarker.REJECTED
                    + " [404] PROGRAM_NOT_FOUND programId")).findFirst().orElseThrow(() -> new AssertionError(logged));
            // ...and each line carries what it is about: the function, the program, the member.
            assertTrue(nowhere.endsWith("mdc={function=get-member, memberId=m, programId=" + nowhereId + "}"), nowhere);
            assertTrue(logged.stream().anyMatch(line -> line.startsWith(FailureMarker.FAILED) && line.endsWith(
                    "mdc={function=get-member, memberId=m, programId=" + broken + "}")), logged.toString());
        }
    }

    @jakarta.inject.Inject
    software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo;
    @jakarta.inject.Inject
    dev.hearth.config.TableNames tables;
}
