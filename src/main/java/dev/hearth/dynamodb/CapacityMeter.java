package dev.hearth.dynamodb;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts DynamoDB requests and the capacity units DynamoDB reports for them
 * (ReturnConsumedCapacity = TOTAL on every request). Off unless {@code hearth.capacity-meter.enabled}
 * is set: it is for the benchmarks, which read {@link #totals()} between invocations.
 */
public final class CapacityMeter implements ExecutionInterceptor {

    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final DoubleAdder READ_UNITS = new DoubleAdder();
    private static final DoubleAdder WRITE_UNITS = new DoubleAdder();
    private static final Map<String, AtomicLong> BY_OPERATION = new java.util.concurrent.ConcurrentHashMap<>();

    /** Requests, read and write capacity units so far, and requests per operation. */
    public record Totals(long requests, double readUnits, double writeUnits, Map<String, Long> byOperation) {
    }

    public static Totals totals() {
        Map<String, Long> byOperation = new TreeMap<>();
        BY_OPERATION.forEach((op, n) -> byOperation.put(op, n.get()));
        return new Totals(REQUESTS.get(), READ_UNITS.sum(), WRITE_UNITS.sum(), byOperation);
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (r instanceof GetItemRequest g) {
            return g.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof PutItemRequest p) {
            return p.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof UpdateItemRequest u) {
            return u.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof DeleteItemRequest d) {
            return d.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof ScanRequest s) {
            return s.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof TransactWriteItemsRequest t) {
            return t.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof TransactGetItemsRequest t) {
            return t.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof BatchGetItemRequest b) {
            return b.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof BatchWriteItemRequest b) {
            return b.toBuilder().returnConsumedCapacity(total).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        String operation = context.request().getClass().getSimpleName().replace("Request", "");
        REQUESTS.incrementAndGet();
        BY_OPERATION.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        if (response instanceof GetItemResponse g) {
            add(g.consumedCapacity(), true);
        } else if (response instanceof PutItemResponse p) {
            add(p.consumedCapacity(), false);
        } else if (response instanceof UpdateItemResponse u) {
            add(u.consumedCapacity(), false);
        } else if (response instanceof DeleteItemResponse d) {
            add(d.consumedCapacity(), false);
        } else if (response instanceof QueryResponse q) {
            add(q.consumedCapacity(), true);
        } else if (response instanceof ScanResponse s) {
            add(s.consumedCapacity(), true);
        } else if (response instanceof TransactWriteItemsResponse t) {
            addAll(t.consumedCapacity(), false);
        } else if (response instanceof TransactGetItemsResponse t) {
            addAll(t.consumedCapacity(), true);
        } else if (response instanceof BatchGetItemResponse b) {
            addAll(b.consumedCapacity(), true);
        } else if (response instanceof BatchWriteItemResponse b) {
            addAll(b.consumedCapacity(), false);
        }
    }

    private static void addAll(List<ConsumedCapacity> capacities, boolean read) {
        if (capacities != null) {
            capacities.forEach(c -> add(c, read));
        }
    }

    /** TOTAL reports capacityUnits only; it counts as read or write by the operation's kind. */
    private static void add(ConsumedCapacity capacity, boolean read) {
        if (capacity == null || capacity.capacityUnits() == null) {
            return;
        }
        (read ? READ_UNITS : WRITE_UNITS).add(capacity.capacityUnits());
    }
}
