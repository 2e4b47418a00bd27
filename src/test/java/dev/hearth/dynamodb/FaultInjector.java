package dev.hearth.dynamodb;

import java.util.List;

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
        failSite = null;
        SITE_HIT.set(false);
        SITES.clear();
        failCall = call;
        fault = f;
    }

    /** Makes the first call from {@code site} (one of {@link #sites()}) fail. */
    static void arm(Fault f, String site) {
        arm(f, Integer.MAX_VALUE);
        failSite = site;
    }

    /**
     * The call sites of the calls made since {@link #arm}, each once, in the order first called: the
     * code that made the call (the three innermost frames of Hearth's main code, with lines), so
     * that the pages of one loop are one site, and each use of a table's method another.
     */
    static List<String> sites() {
        return List.copyOf(new java.util.LinkedHashSet<>(SITES));
    }

    private static final List<String> SITES = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private static volatile String failSite;
    private static final java.util.concurrent.atomic.AtomicBoolean SITE_HIT = new java.util.concurrent.atomic.AtomicBoolean();
    private static final ExecutionAttribute<String> SITE = new ExecutionAttribute<>("hearth.fault.site");

    private static String site() {
        StringBuilder site = new StringBuilder();
        int frames = 0;
        for (StackTraceElement frame : Thread.currentThread().getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith("dev.hearth.") && !type.startsWith(FaultInjector.class.getName())
                    && !type.startsWith("dev.hearth.testing.") && frames++ < 3) {
                site.append(frames == 1 ? "" : " < ").append(frame.getClassName()
                        .substring("dev.hearth.".length())).append('.').append(frame.getMethodName()).append(':')
                        .append(frame.getLineNumber());
            }
        }
        return site.toString();
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
            String site = site();
            SITES.add(site);
            attributes.putAttribute(SITE, site);
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Integer index = attributes.getAttribute(INDEX);
        Fault f = fault;
        String site = attributes.getAttribute(SITE);
        if (f == null || index == null) {
            return;
        }
        boolean atSite = failSite != null && failSite.equals(site) && SITE_HIT.compareAndSet(false, true);
        if (index != failCall && !atSite) {
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
