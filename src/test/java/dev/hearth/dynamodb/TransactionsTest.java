package dev.hearth.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hearth.config.TableNames;
import dev.hearth.testing.Invoke;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** The one transaction writer retries only what a retry can mend (issue 10, item 6). */
@QuarkusTest
class TransactionsTest {

    @Inject
    Transactions transactions;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    TableNames tables;

    @AfterEach
    void disarm() {
        FaultInjector.disarm();
    }

    private TransactWriteItem put(String pk, String condition) {
        return TransactWriteItem.builder().put(p -> p.tableName(tables.stats())
                .item(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("t")))
                .conditionExpression(condition)).build();
    }

    @Test
    void aCancellationNoRetryCanMendFailsAtOnceNamingTheReasonAndTheItem() {
        String pk = Invoke.unique("tx");
        FaultInjector.armCancellation(1, "None", "ValidationError");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> transactions.write(
                List.of(put(pk + "-a", "attribute_not_exists(pk)"), put(pk + "-b", "attribute_not_exists(pk)")),
                "test change"));
        assertEquals(1, FaultInjector.calls(), "sent once, not retried");
        assertTrue(e.getMessage().startsWith("test change: write 2 of 2 (put " + tables.stats() + " " + pk + "-b)"
                + " was refused: ValidationError"), e.getMessage());
        assertTrue(dynamo.getItem(g -> g.tableName(tables.stats()).key(Map.of("pk", AttributeValue.fromS(pk + "-a"),
                "sk", AttributeValue.fromS("t")))).item().isEmpty(), "nothing written");
    }

    @Test
    void aCollisionIsRetriedAndThenWritten() {
        String pk = Invoke.unique("tx");
        FaultInjector.armCancellation(1, "TransactionConflict", "None");
        assertTrue(transactions.write(List.of(put(pk + "-a", "attribute_not_exists(pk)"),
                put(pk + "-b", "attribute_not_exists(pk)")), "test change"));
        assertEquals(2, FaultInjector.calls(), "the collision was sent again once");
        assertFalse(dynamo.getItem(g -> g.tableName(tables.stats()).key(Map.of("pk", AttributeValue.fromS(pk + "-b"),
                "sk", AttributeValue.fromS("t")))).item().isEmpty());
    }

    @Test
    void aFailedConditionIsAnsweredNotRetried() {
        String pk = Invoke.unique("tx");
        assertTrue(transactions.write(List.of(put(pk, "attribute_not_exists(pk)"), put(pk + "-b", "attribute_not_exists(pk)")),
                "first"));
        FaultInjector.arm(FaultInjector.Fault.THROTTLING, Integer.MAX_VALUE);
        assertEquals(1, transactions.attempt(List.of(put(pk + "-c", "attribute_not_exists(pk)"),
                put(pk, "attribute_not_exists(pk)")), "again"));
        assertFalse(transactions.write(List.of(put(pk, "attribute_not_exists(pk)")), "single"));
        assertEquals(2, FaultInjector.calls());
    }
}
