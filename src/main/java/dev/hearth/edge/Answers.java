package dev.hearth.edge;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.funqy.Funq;

/**
 * Around every function: Lambda counts each thrown answer as an error, a 404 for a mistyped id
 * the same as a broken table, so each outcome also leaves one marked log line the stack counts.
 * A rejection ({@link HearthException}) is logged with {@link FailureMarker#REJECTED} and thrown
 * on as it is. Anything else is Hearth's failure: logged whole with {@link FailureMarker#FAILED}
 * under a new error id and answered as {@code [500] INTERNAL_ERROR <function>} with that id only,
 * so no caller (the console, a schedule, the storefront) sees AWS details such as a role ARN.
 * Every line the call logs carries its function, program and member (from the event) and X-Ray
 * trace id in the MDC; the Lambda handler adds AWSRequestId (Quarkus' native loop, or JvmLambdaHandler).
 */
@Answered
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class Answers {

    private static final Logger LOG = Logger.getLogger(Answers.class);

    @AroundInvoke
    Object answer(InvocationContext call) throws Exception {
        String function = function(call);
        label(function, call.getParameters());
        try {
            return call.proceed();
        } catch (HearthException rejected) {
            LOG.infof("%s %s", FailureMarker.REJECTED, rejected.getMessage());
            BusinessMetrics.emit(Instant.now(), Map.of("function", function, "code", rejected.code().name()),
                    Map.of("Rejections", BusinessMetrics.Value.count(1)));
            throw rejected;
        } catch (RuntimeException failure) {
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(failure, "%s %s failed (error %s)", FailureMarker.FAILED, function, errorId);
            throw internalError(function, errorId);
        } finally {
            LABELS.forEach(MDC::remove);
        }
    }

    /** What every log line of this call carries (the JSON lines' mdc), where it is known. */
    static final List<String> LABELS = List.of("function", "programId", "memberId", "traceId");

    private static void label(String function, Object[] parameters) {
        MDC.put("function", function);
        if (parameters.length == 1 && parameters[0] instanceof JsonNode event) {
            for (String id : List.of("programId", "memberId")) {
                if (event.path(id).isTextual()) {
                    MDC.put(id, event.get(id).textValue());
                }
            }
        }
        // Lambda's runtime sets the invocation's X-Ray trace header; its Root is the trace's id.
        String trace = System.getProperty("com.amazonaws.xray.traceHeader");
        if (trace != null && trace.startsWith("Root=")) {
            int end = trace.indexOf(';');
            MDC.put("traceId", trace.substring(5, end < 0 ? trace.length() : end));
        }
    }

    /** The answer to a failure: which function, and the id its log line is found by. */
    public static HearthException internalError(String function, String errorId) {
        return new HearthException(ErrorCode.INTERNAL_ERROR, function,
                "Hearth could not complete the request; it is safe to send it again (error " + errorId + ")");
    }

    private static String function(InvocationContext call) {
        Funq funq = call.getMethod().getAnnotation(Funq.class);
        return funq == null || funq.value().isEmpty() ? call.getMethod().getName() : funq.value();
    }
}
