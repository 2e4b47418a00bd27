package dev.hearth.packaged;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The native binary ({@code ./mvnw verify -Dnative}) run as Lambda's provided.al2023 runs it: its
 * runtime loop polls the mock event server, with QUARKUS_FUNQY_EXPORT = onboard-member, against
 * DynamoDB Local in the test JVM. (A JVM build has no runtime loop of its own: AWS's Java runtime
 * calls its handler, which the benchmark does the same way.)
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = DynamoDbLocalResource.class, restrictToAnnotatedClass = true)
class PackagedLambdaIT {

    @Test
    void theSampleSignUpOnboardsAndAgainReturnsTheSameMember() throws Exception {
        String event = Files.readString(Path.of("functions/onboard-member/events/1-storefront-signup.json"));
        given().contentType(ContentType.JSON).body(event).post(DynamoDbLocalResource.lambdaEndpoint()).then().statusCode(200)
                .body("memberId", equalTo("c-1001")).body("displayName", equalTo("清风"))
                .body("tier", equalTo("MEMBER")).body("tierLocalName", equalTo("成员"))
                .body("alreadyMember", equalTo(false));
        given().contentType(ContentType.JSON).body(event).post(DynamoDbLocalResource.lambdaEndpoint()).then().statusCode(200)
                .body("alreadyMember", equalTo(true));
    }

    @Test
    void aRejectedEventFailsWithItsStatusFirst() {
        given().contentType(ContentType.JSON)
                .body("{\"programId\":\"default\",\"memberId\":\"x\",\"displayName\":\"x\",\"channel\":\"FAX\"}")
                .post(DynamoDbLocalResource.lambdaEndpoint()).then().statusCode(500)
                .body("errorMessage", equalTo("[400] INVALID_FIELD channel: must be one of INVITE, QR, STOREFRONT, got \"FAX\""));
    }

    @Test
    void anUnknownProgramIsNotFound() {
        given().contentType(ContentType.JSON)
                .body("{\"programId\":\"nope\",\"memberId\":\"x\",\"displayName\":\"x\",\"channel\":\"QR\"}")
                .post(DynamoDbLocalResource.lambdaEndpoint()).then().statusCode(500)
                .body("errorMessage", equalTo("[404] PROGRAM_NOT_FOUND programId: no program nope"));
    }
}
