package dev.hearth.edge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.hearth.testing.Invoke;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The real Lambda path: the Lambda runtime loop polls the mock event server, so an event posted
 * there goes through Funqy's Lambda handler for the exported function (award-points in tests).
 * A rejected event fails the invocation with an error message that starts with its status.
 */
@QuarkusTest
class LambdaHandlerTest {

    @jakarta.inject.Inject
    dev.hearth.program.ProgramTable programs;

    private static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
    }

    @Test
    void anAwardThroughTheLambdaHandler() {
        String m = Invoke.newMember("default");
        given().port(port()).contentType(ContentType.JSON)
                .body(Invoke.event("programId", "default", "memberId", m, "activityId", "lambda-1", "type",
                        "EVENT_ATTENDANCE"))
                .post("/").then().statusCode(200).body("pointsAwarded", equalTo(100)).body("duplicate", equalTo(false));
    }

    /**
     * An award recorded through the Lambda handler (which no local drain follows) is in the counters
     * a local call reads next: the local routes drain the activities stream before a function runs.
     */
    @Test
    void anAwardThroughTheLambdaHandlerIsCountedByTheNextLocalSnapshot() {
        String p = Invoke.unique("lambda");
        dev.hearth.testing.TestPrograms.copyOfDefault(programs, p);
        String m = Invoke.newMember(p);
        given().port(port()).contentType(ContentType.JSON)
                .body(Invoke.event("programId", p, "memberId", m, "activityId", "lambda-2", "type", "EVENT_ATTENDANCE"))
                .post("/").then().statusCode(200).body("pointsAwarded", equalTo(100));
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        org.junit.jupiter.api.Assertions.assertEquals(100, Invoke.ok("daily-retention-snapshot",
                Invoke.event("programId", p, "date", today)).getInt("snapshot.pointsIssued"));
    }

    /**
     * A DynamoDB stream batch reaches the exported function whole, as the JSON Lambda hands it:
     * Funqy's per-record handling of stream events is off, so fold-counters gets the batch in order
     * (here award-points, the exported function, refuses it as an event of its own).
     */
    @Test
    void aStreamBatchReachesTheFunctionWhole() throws Exception {
        given().port(port()).contentType(ContentType.JSON)
                .body(java.nio.file.Files.readString(Invoke.FUNCTIONS.resolve("fold-counters/events/1-award-recorded.json")))
                .post("/").then().statusCode(500)
                .body("errorMessage", startsWith("[400] UNKNOWN_FIELD Records"));
    }

    @Test
    void aRejectedEventFailsTheInvocationWithTheStatusFirst() {
        given().port(port()).contentType(ContentType.JSON)
                .body(Invoke.event("programId", "default", "memberId", "m", "activityId", "a", "type", "PURCHASE",
                        "amountFen", -1))
                .post("/").then().statusCode(500)
                .body("errorMessage", equalTo("[400] INVALID_FIELD amountFen: must be greater than 0"))
                .body("errorType", startsWith("io.quarkus.funqy"));
    }
}
