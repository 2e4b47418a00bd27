package dev.hearth.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import dev.hearth.config.HearthConfig;
import dev.hearth.dynamodb.LocalDynamoDb;
import io.quarkus.arc.profile.IfBuildProfile;

/**
 * DynamoDB Local, the AWS artifact, run inside this process on a free port. Present only in dev
 * and test builds (DynamoDB Local is a provided dependency, absent from function.zip).
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class EmbeddedDynamoDb implements LocalDynamoDb {

    private static final Logger LOG = Logger.getLogger(EmbeddedDynamoDb.class);

    private final Optional<String> dbPath;
    private DynamoDBProxyServer server;
    private URI endpoint;

    @Inject
    public EmbeddedDynamoDb(HearthConfig config) {
        this(config.localDynamodb().dbPath());
    }

    /** Outside the application (the benchmark, the packaged-Lambda test): in memory, or at {@code dbPath}. */
    public EmbeddedDynamoDb(Optional<String> dbPath) {
        this.dbPath = dbPath;
    }

    @Override
    public synchronized URI endpoint() {
        if (server == null) {
            start();
        }
        return endpoint;
    }

    private void start() {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry"));
        if (dbPath.isPresent()) {
            new java.io.File(dbPath.get()).mkdirs();
            args.addAll(List.of("-dbPath", dbPath.get(), "-sharedDb"));
        } else {
            args.add("-inMemory");
        }
        try {
            server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start DynamoDB Local on port " + port, e);
        }
        endpoint = URI.create("http://localhost:" + port);
        LOG.infof("DynamoDB Local started at %s (%s)", endpoint,
                dbPath.map(p -> "data kept in " + p).orElse("in memory"));
    }

    @PreDestroy
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("DynamoDB Local did not stop cleanly", e);
            }
            server = null;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
