package dev.hearth.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.jboss.logging.MDC;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import io.quarkus.funqy.lambda.FunqyStreamHandler;

/**
 * The JVM build's Lambda handler: Funqy's own, with the invocation's request id on every log line
 * the call writes ({@code AWSRequestId} in the mdc, as Quarkus' native runtime loop puts it).
 * Funqy's handler is given the id by AWS's Java runtime but passes it to no function.
 */
public class JvmLambdaHandler implements RequestStreamHandler {

    /** The mdc key, the same as the native build's. */
    public static final String REQUEST_ID = "AWSRequestId";

    private final RequestStreamHandler funqy;

    public JvmLambdaHandler() {
        this(new FunqyStreamHandler());
    }

    JvmLambdaHandler(RequestStreamHandler funqy) {
        this.funqy = funqy;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        MDC.put(REQUEST_ID, context.getAwsRequestId());
        try {
            funqy.handleRequest(input, output, context);
        } finally {
            MDC.remove(REQUEST_ID);
        }
    }
}
