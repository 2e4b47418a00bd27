package dev.hearth.tier;

import static dev.hearth.dynamodb.ItemFields.n;
import static dev.hearth.dynamodb.ItemFields.s;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.ItemFields;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The night's tier review as it goes: one item per program and night in the stats table
 * ({@code pk = programId#runs, sk = tier-review#yyyy-mm-dd}, see retention/StatsTable), with the
 * totals so far and the cursor the next call carries on from. GetItem (consistent) and PutItem.
 */
@ApplicationScoped
public class ReviewRuns {

    private final DynamoDbClient dynamo;
    private final String table;

    public ReviewRuns(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.stats();
    }

    /** The night's review of a program (totals so far and its cursor), if it has started. */
    public java.util.Optional<ReviewTiers.ReviewCounts> find(String programId, LocalDate night) {
        Map<String, AttributeValue> i = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", s(programId + "#runs"), "sk", s("tier-review#" + night)))).item();
        if (i == null || i.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ReviewTiers.ReviewCounts((int) ItemFields.number(i, "membersReviewed"),
                (int) ItemFields.number(i, "upgraded"), (int) ItemFields.number(i, "downgraded"),
                (int) ItemFields.number(i, "graceStarted"), (int) ItemFields.number(i, "graceCleared"),
                ItemFields.number(i, "pointsExpired"), (int) ItemFields.number(i, "membersWithPointsExpired"),
                Boolean.TRUE.equals(i.get("complete").bool()), ItemFields.string(i, "cursor"),
                (int) ItemFields.number(i, "failed"), ItemFields.strings(i, "failedMembers")));
    }

    public void put(String programId, LocalDate night, ReviewTiers.ReviewCounts run) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(programId + "#runs"));
        item.put("sk", s("tier-review#" + night));
        item.put("membersReviewed", n(run.membersReviewed()));
        item.put("upgraded", n(run.upgraded()));
        item.put("downgraded", n(run.downgraded()));
        item.put("graceStarted", n(run.graceStarted()));
        item.put("graceCleared", n(run.graceCleared()));
        item.put("pointsExpired", n(run.pointsExpired()));
        item.put("membersWithPointsExpired", n(run.membersWithPointsExpired()));
        item.put("complete", AttributeValue.fromBool(run.complete()));
        ItemFields.putIfPresent(item, "cursor", run.cursor());
        item.put("failed", n(run.failed()));
        item.put("failedMembers", ItemFields.strings(run.failedMembers()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }
}
