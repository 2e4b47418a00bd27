package dev.hearth.testing;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The context AWS's Java runtime gives a handler, for tests and the benchmark's runtime. */
public final class LambdaContext implements Context {

    private final Supplier<String> requestIds;

    private LambdaContext(Supplier<String> requestIds) {
        this.requestIds = requestIds;
    }

    /** One invocation's context. */
    public static LambdaContext withRequestId(String requestId) {
        return new LambdaContext(() -> requestId);
    }

    /** A new request id each time one is asked for (the benchmark's many invocations). */
    public static LambdaContext freshRequestIds() {
        return new LambdaContext(() -> UUID.randomUUID().toString());
    }

    @Override
    public String getAwsRequestId() {
        return requestIds.get();
    }

    @Override
    public String getLogGroupName() {
        return "hearth-test";
    }

    @Override
    public String getLogStreamName() {
        return "hearth-test";
    }

    @Override
    public String getFunctionName() {
        return "hearth-test";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:hearth-test";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 900_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
