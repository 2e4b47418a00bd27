package dev.hearth.edge;

import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.jboss.logging.Logger;

import io.quarkus.funqy.Funq;

/**
 * Around every function: Lambda counts each thrown answer as an error, a 404 for a mistyped id
 * the same as a broken table, so each outcome also leaves one marked log line the stack counts.
 * A rejection ({@link HearthException}) is logged with {@link FailureMarker#REJECTED} and thrown
 * on as it is. Anything else is Hearth's failure: logged whole with {@link FailureMarker#FAILED}
 * under a new error id and answered as {@code [500] INTERNAL_ERROR <function>} with that id only,
 * so no caller (the console, a schedule, the storefront) sees AWS details such as a role ARN.
 */
@Answered
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class Answers {

    private static final Logger LOG = Logger.getLogger(Answers.class);

    @AroundInvoke
    Object answer(InvocationContext call) throws Exception {
        try {
            return call.proceed();
        } catch (HearthException rejected) {
            LOG.infof("%s %s", FailureMarker.REJECTED, rejected.getMessage());
            throw rejected;
        } catch (RuntimeException failure) {
            String function = function(call);
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(failure, "%s %s failed (error %s)", FailureMarker.FAILED, function, errorId);
            throw internalError(function, errorId);
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
