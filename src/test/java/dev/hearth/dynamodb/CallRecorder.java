package dev.hearth.dynamodb;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Test-only SDK interceptor (quarkus.dynamodb.interceptors): while started, records each DynamoDB
 * call as the IAM action it needs on the resource it names ({@code dynamodb:Query on
 * members/index/byProgram}); a transaction needs the action of each of its writes. DynamoDB Local
 * enforces no IAM, so this is how the tests see what a function's role must allow.
 */
public class CallRecorder implements ExecutionInterceptor {

    private static volatile Set<String> recorded;
    private static volatile List<Object> requests;

    /** Starts keeping every request itself (a cost test counts them and sizes what they write). */
    public static void startRequests() {
        requests = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    }

    /** The requests a call makes, in order (a cost test counts them and sizes what they write). */
    public static List<Object> requestsOf(Runnable call) {
        startRequests();
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            stopRequests();
            throw e;
        }
        return stopRequests();
    }

    /** The operations a call makes, in order, by name ({@code GetItem}, {@code TransactWriteItems}, ...). */
    public static List<String> operationsOf(Runnable call) {
        return requestsOf(call).stream().map(CallRecorder::operation).toList();
    }

    /** A request's operation name: its class without "Request". */
    public static String operation(Object request) {
        return request.getClass().getSimpleName().replace("Request", "");
    }

    /** The requests since {@link #startRequests}, in order; stops keeping them. */
    public static List<Object> stopRequests() {
        List<Object> all = new java.util.ArrayList<>(requests);
        requests = null;
        return all;
    }

    /** Starts recording afresh. */
    public static void start() {
        recorded = java.util.Collections.synchronizedSet(new TreeSet<>());
    }

    /** What was recorded since {@link #start}; stops recording. */
    public static Set<String> stop() {
        Set<String> all = new TreeSet<>(recorded);
        recorded = null;
        return all;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        List<Object> kept = requests;
        if (kept != null) {
            kept.add(context.request());
        }
        Set<String> into = recorded;
        if (into == null) {
            return;
        }
        Object r = context.request();
        if (r instanceof GetItemRequest g) {
            into.add(action("GetItem", g.tableName(), null));
        } else if (r instanceof PutItemRequest p) {
            into.add(action("PutItem", p.tableName(), null));
        } else if (r instanceof UpdateItemRequest u) {
            into.add(action("UpdateItem", u.tableName(), null));
        } else if (r instanceof DeleteItemRequest d) {
            into.add(action("DeleteItem", d.tableName(), null));
        } else if (r instanceof QueryRequest q) {
            into.add(action("Query", q.tableName(), q.indexName()));
        } else if (r instanceof ScanRequest s) {
            into.add(action("Scan", s.tableName(), s.indexName()));
        } else if (r instanceof software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest b) {
            b.requestItems().keySet().forEach(table -> into.add(action("BatchGetItem", table, null)));
        } else if (r instanceof BatchWriteItemRequest b) {
            b.requestItems().keySet().forEach(table -> into.add(action("BatchWriteItem", table, null)));
        } else if (r instanceof TransactWriteItemsRequest t) {
            t.transactItems().forEach(w -> {
                if (w.put() != null) {
                    into.add(action("PutItem", w.put().tableName(), null));
                } else if (w.update() != null) {
                    into.add(action("UpdateItem", w.update().tableName(), null));
                } else if (w.delete() != null) {
                    into.add(action("DeleteItem", w.delete().tableName(), null));
                } else {
                    into.add(action("ConditionCheckItem", w.conditionCheck().tableName(), null));
                }
            });
        } else {
            into.add("dynamodb:" + operation(r) + " (unmapped)");
        }
    }

    /** The partition keys ({@code pk}) of the items these requests write to a table, transactions included. */
    public static Set<String> partitionKeysWritten(List<Object> requests, String table) {
        Set<String> keys = new TreeSet<>();
        java.util.function.BiConsumer<String, java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> add =
                (name, key) -> {
                    if (name.equals(table) && key != null && key.get("pk") != null) {
                        keys.add(key.get("pk").s());
                    }
                };
        for (Object r : requests) {
            if (r instanceof PutItemRequest p) {
                add.accept(p.tableName(), p.item());
            } else if (r instanceof UpdateItemRequest u) {
                add.accept(u.tableName(), u.key());
            } else if (r instanceof DeleteItemRequest d) {
                add.accept(d.tableName(), d.key());
            } else if (r instanceof BatchWriteItemRequest b) {
                b.requestItems().forEach((name, writes) -> writes.forEach(w -> add.accept(name,
                        w.putRequest() != null ? w.putRequest().item() : w.deleteRequest().key())));
            } else if (r instanceof TransactWriteItemsRequest t) {
                t.transactItems().forEach(w -> {
                    if (w.put() != null) {
                        add.accept(w.put().tableName(), w.put().item());
                    } else if (w.update() != null) {
                        add.accept(w.update().tableName(), w.update().key());
                    } else if (w.delete() != null) {
                        add.accept(w.delete().tableName(), w.delete().key());
                    }
                });
            }
        }
        return keys;
    }

    /** The local tables are named hearth-<logical name> (TableNames' defaults). */
    private static String action(String action, String table, String index) {
        String logical = table.startsWith("hearth-") ? table.substring("hearth-".length()) : table;
        return "dynamodb:" + action + " on " + logical + (index == null ? "" : "/index/" + index);
    }
}
