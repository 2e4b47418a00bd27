package dev.hearth.dynamodb;

import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Test-only SDK interceptor (quarkus.dynamodb.interceptors): makes the k-th DynamoDB call after
 * {@link #arm} fail before it is sent (so it never reaches DynamoDB, as with a throttled or refused
 * request) with the exception DynamoDB's answer becomes: a ThrottlingException (400) or an
 * InternalServerError (500). The tests' SDK makes one attempt per call
 * ({@code %test.hearth.dynamodb.max-attempts=1}), so the fault reaches Hearth's code as it would
 * once the SDK's retries are spent.
 * Disarmed, it does nothing.
 */
public class FaultInjector implements ExecutionInterceptor {

    enum Fault {
        THROTTLING, SERVER_ERROR
    }

    private static final ExecutionAttribute<Integer> INDEX = new ExecutionAttribute<>("hearth.fault.index");
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static volatile Fault fault;
    private static volatile int failCall;
    private static volatile String injectedInto;

    static void arm(Fault f, int call) {
        CALLS.set(0);
        injectedInto = null;
        failCall = call;
        fault = f;
    }

    private static volatile java.util.List<String> cancellation;

    /** The k-th call (a TransactWriteItems) is cancelled with these reasons, one per write. */
    static void armCancellation(int call, String... reasons) {
        arm(Fault.THROTTLING, call);
        cancellation = java.util.List.of(reasons);
    }

    static void disarm() {
        cancellation = null;
        fault = null;
    }

    /** DynamoDB calls made since {@link #arm} (arm a call that never comes to count without failing). */
    static int calls() {
        return CALLS.get();
    }

    /** The operation the armed fault hit, or null if the step made fewer calls. */
    static String injectedInto() {
        return injectedInto;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (fault != null) {
            attributes.putAttribute(INDEX, CALLS.incrementAndGet());
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Integer index = attributes.getAttribute(INDEX);
        Fault f = fault;
        if (f == null || index == null || index != failCall) {
            return;
        }
        injectedInto = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (cancellation != null) {
            throw software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException.builder()
                    .statusCode(400).message("injected cancellation " + cancellation)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException")
                            .serviceName("DynamoDb").errorMessage("injected").build())
                    .cancellationReasons(cancellation.stream().map(code -> software.amazon.awssdk.services.dynamodb
                            .model.CancellationReason.builder().code(code).message("injected " + code).build())
                            .toList())
                    .build();
        }
        String code = f == Fault.THROTTLING ? "ThrottlingException" : "InternalServerError";
        throw DynamoDbException.builder().statusCode(f == Fault.THROTTLING ? 400 : 500)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("DynamoDb")
                        .errorMessage("injected").build())
                .message("injected " + code + " for " + injectedInto).build();
    }
}
