package dev.hearth.function;

import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Test-only SDK interceptor (quarkus.dynamodb.interceptors): makes the k-th DynamoDB call after
 * {@link #arm} fail before it is sent, so that the request never reaches DynamoDB, as with a
 * throttled or refused request. TRANSIENT fails the call's first attempt with a retryable
 * throttling or 5xx answer (the SDK retries it); PERSISTENT fails it for good, as DynamoDB does once
 * the SDK's retries are spent. Disarmed, it does nothing.
 */
public class FaultInjector implements ExecutionInterceptor {

    enum Fault {
        THROTTLING, SERVER_ERROR
    }

    enum Mode {
        TRANSIENT, PERSISTENT
    }

    private static final ExecutionAttribute<Integer> INDEX = new ExecutionAttribute<>("hearth.fault.index");
    private static final ExecutionAttribute<Integer> ATTEMPTS = new ExecutionAttribute<>("hearth.fault.attempts");
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static volatile Fault fault;
    private static volatile Mode mode;
    private static volatile int failCall;
    private static volatile String injectedInto;

    static void arm(Fault f, Mode m, int call) {
        CALLS.set(0);
        injectedInto = null;
        failCall = call;
        mode = m;
        fault = f;
    }

    static void disarm() {
        fault = null;
    }

    /** The operation the armed fault hit, or null if the step made fewer calls. */
    static String injectedInto() {
        return injectedInto;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (fault != null) {
            attributes.putAttribute(INDEX, CALLS.incrementAndGet());
            attributes.putAttribute(ATTEMPTS, 0);
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Integer index = attributes.getAttribute(INDEX);
        Fault f = fault;
        if (f == null || index == null || index != failCall) {
            return;
        }
        int attempt = attributes.getAttribute(ATTEMPTS) + 1;
        attributes.putAttribute(ATTEMPTS, attempt);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (mode == Mode.TRANSIENT && attempt > 1) {
            return;
        }
        injectedInto = operation;
        String code = f == Fault.THROTTLING ? "ThrottlingException" : "InternalServerError";
        if (mode == Mode.PERSISTENT) {
            throw SdkClientException.create("injected: DynamoDB answered " + code + " to " + operation
                    + " after the SDK's retries");
        }
        throw DynamoDbException.builder().statusCode(f == Fault.THROTTLING ? 400 : 500)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("DynamoDb")
                        .errorMessage("injected").build())
                .message("injected " + code).build();
    }
}
