package dev.hearth.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.config.TableNames;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** Priming reads one item that is not there, through the real client: the whole path, nothing written. */
@QuarkusTest
class SnapStartPrimingTest {

    @Inject
    DynamoDbClient dynamo;
    @Inject
    TableNames tables;

    @Test
    void primingIsOneReadOfNoProgram() {
        List<Object> requests = CallRecorder.requestsOf(() -> SnapStartPriming.prime(dynamo, tables.programs()));
        assertEquals(1, requests.size(), requests.toString());
        GetItemRequest read = (GetItemRequest) requests.get(0);
        assertEquals(tables.programs(), read.tableName());
        assertEquals(SnapStartPriming.NO_PROGRAM, read.key().get("programId").s());
    }
}
