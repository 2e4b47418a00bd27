package dev.hearth.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;


import dev.hearth.testing.LambdaContext;
import dev.hearth.testing.LogLines;
import io.quarkus.funqy.lambda.FunqyLambdaBindingRecorder;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The JVM build's handler, around Funqy's dispatch to the exported function (award-points in
 * tests) as AWS's Java runtime calls it: every line the call logs carries the invocation's request
 * id, and no line after it does.
 */
@QuarkusTest
class JvmLambdaHandlerTest {

    @Test
    void everyLineOfTheCallCarriesTheRequestId() throws Exception {
        // Funqy's own handler starts Quarkus first; here Quarkus runs already, so its dispatch is called alone.
        JvmLambdaHandler handler = new JvmLambdaHandler(FunqyLambdaBindingRecorder::handle);
        String event = "{\"programId\":\"default\",\"memberId\":\"m\",\"activityId\":\"a\",\"type\":\"PURCHASE\",\"amountFen\":-1}";
        try (LogLines lines = LogLines.of(Answers.class)) {
            assertThrows(Exception.class, () -> handler.handleRequest(
                    new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                    LambdaContext.withRequestId("5f1c0e2a-request")));
            assertEquals(1, lines.lines().size(), lines.lines().toString());
            String line = lines.lines().get(0);
            assertTrue(line.startsWith(FailureMarker.REJECTED + " [400] INVALID_FIELD amountFen"), line);
            assertTrue(line.contains("AWSRequestId=5f1c0e2a-request") && line.contains("function=award-points"), line);
        }
        assertNull(MDC.get(JvmLambdaHandler.REQUEST_ID), "the id does not outlive its call");
    }
}
