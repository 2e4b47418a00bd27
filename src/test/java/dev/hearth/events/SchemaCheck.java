package dev.hearth.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Test-only SDK interceptor (quarkus.dynamodb.interceptors): every event any test writes (an outbox
 * item, or a perk carrying its delivery's event: any item that announces one) is validated against
 * its type's JSON Schema before the write is sent, and an invalid one fails the write (the function
 * then answers 500, and the test that caused it fails).
 */
public class SchemaCheck implements ExecutionInterceptor {

    private static final Map<String, AtomicLong> VALIDATED = new ConcurrentHashMap<>();

    /** How many events of each type the tests have written so far, each validated. */
    public static Map<String, Long> validated() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        VALIDATED.forEach((type, n) -> counts.put(type, n.get()));
        return counts;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof TransactWriteItemsRequest t) {
            for (TransactWriteItem write : t.transactItems()) {
                if (write.put() != null) {
                    check(write.put().tableName(), write.put().item());
                }
            }
        } else if (context.request() instanceof PutItemRequest p) {
            check(p.tableName(), p.item());
        }
    }

    private static void check(String table, Map<String, AttributeValue> item) {
        if (!OutboxTable.announces(item)) {
            if (table.endsWith("outbox")) {
                throw new IllegalStateException("an outbox item without its event: " + item.keySet());
            }
            return;
        }
        HearthEvent event = OutboxTable.fromItem(item);
        List<String> problems = EventSchemas.problems(event);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("event " + event.eventId() + " does not match "
                    + EventSchemas.file(event.type()) + ": " + problems);
        }
        VALIDATED.computeIfAbsent(event.type(), t -> new AtomicLong()).incrementAndGet();
    }
}
