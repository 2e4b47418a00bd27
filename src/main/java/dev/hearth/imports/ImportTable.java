package dev.hearth.imports;

import static dev.hearth.dynamodb.ItemFields.instant;
import static dev.hearth.dynamodb.ItemFields.n;
import static dev.hearth.dynamodb.ItemFields.number;
import static dev.hearth.dynamodb.ItemFields.s;
import static dev.hearth.dynamodb.ItemFields.string;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.ItemFields;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Import jobs, kept in the stats table beside the review runs (small, per program, never on a
 * member's key).
 *
 * <pre>
 * key          pk = programId#imports (S), sk = importId (S)
 * attributes   fingerprint, source, welcome, linesDone, imported, skipped, alreadyPresent,
 *              errors [the first 100 "line N field: problem"], complete, startedAt, updatedAt
 * access       GetItem (consistent) at each call; Put with attribute_not_exists (a new import) or
 *              linesDone = the value read (progress: two calls of one import cannot both save it)
 * </pre>
 */
@ApplicationScoped
public class ImportTable {

    private final DynamoDbClient dynamo;
    private final String table;

    public ImportTable(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.stats();
    }

    private static Map<String, AttributeValue> key(String programId, String importId) {
        return Map.of("pk", s(programId + "#imports"), "sk", s(importId));
    }

    Optional<ImportJob> find(String programId, String importId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(programId, importId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(programId, item));
    }

    /** Stores the job if it is still where {@code from} left it (null: new); false if another call moved it. */
    boolean save(ImportJob job, ImportJob from) {
        Map<String, AttributeValue> item = new HashMap<>(key(job.programId(), job.importId()));
        item.put("fingerprint", s(job.fingerprint()));
        item.put("source", s(job.source()));
        item.put("welcome", AttributeValue.fromBool(job.welcome()));
        item.put("linesDone", n(job.linesDone()));
        item.put("imported", n(job.imported()));
        item.put("skipped", n(job.skipped()));
        item.put("alreadyPresent", n(job.alreadyPresent()));
        item.put("errors", AttributeValue.fromL(job.errors().stream().map(ItemFields::s).toList()));
        item.put("complete", AttributeValue.fromBool(job.complete()));
        item.put("startedAt", s(job.startedAt().toString()));
        item.put("updatedAt", s(job.updatedAt().toString()));
        try {
            dynamo.putItem(p -> {
                p.tableName(table).item(item);
                if (from == null) {
                    p.conditionExpression("attribute_not_exists(pk)");
                } else {
                    p.conditionExpression("linesDone = :d").expressionAttributeValues(Map.of(":d", n(from.linesDone())));
                }
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static ImportJob fromItem(String programId, Map<String, AttributeValue> i) {
        AttributeValue errors = i.get("errors");
        List<String> lines = errors == null || !errors.hasL() ? List.of() : errors.l().stream().map(AttributeValue::s)
                .toList();
        return new ImportJob(programId, string(i, "sk"), string(i, "fingerprint"), string(i, "source"),
                Boolean.TRUE.equals(i.get("welcome").bool()), number(i, "linesDone"), number(i, "imported"),
                number(i, "skipped"), number(i, "alreadyPresent"), lines,
                Boolean.TRUE.equals(i.get("complete").bool()), instant(i, "startedAt"), instant(i, "updatedAt"));
    }
}
