package dev.hearth;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The DynamoDB requests one sample event made, as docs/requests.md lists them: how many, and of
 * which kind on which table. The program's rules are read apart: a warm instance has them cached
 * (hearth.programs.cache-ttl), the tests read them every time.
 */
record RequestCounts(int requests, boolean programRead, String what) {

    /** Sample events whose requests depend on how many members the program has (they walk them). */
    static final Set<String> WALKS = Set.of("evaluate-tier/2-whole-program.json", "schedule-perk/2-grant-to-a-tag.json",
            "schedule-perk/3-grant-to-a-tier.json", "schedule-perk/4-grant-to-a-squad.json",
            "schedule-perk/5-grant-to-silent-members.json", "schedule-perk/6-grant-to-first-week-day.json",
            "schedule-perk/7-daily-run.json", "schedule-perk/10-grant-to-silent-squads.json",
            "import-members/1-existing-customers-inline.json", "run-programs/1-snapshot.json",
            "run-programs/2-tier-review.json", "run-programs/3-perk-day.json",
            "daily-retention-snapshot/1-yesterday.json", "daily-retention-snapshot/2-re-run-a-date.json",
            "daily-retention-snapshot/3-dashboard-range.json");

    static RequestCounts of(List<Object> requests, String programsTable) {
        Map<String, Integer> kinds = new TreeMap<>();
        boolean programRead = false;
        int count = 0;
        for (Object r : requests) {
            if (r instanceof GetItemRequest g && g.tableName().equals(programsTable)) {
                programRead = true;
                continue;
            }
            count++;
            kinds.merge(describe(r), 1, Integer::sum);
        }
        StringBuilder what = new StringBuilder();
        kinds.forEach((kind, n) -> what.append(what.length() == 0 ? "" : ", ").append(kind)
                .append(n == 1 ? "" : " x" + n));
        return new RequestCounts(count, programRead, what.toString());
    }

    private static String describe(Object r) {
        if (r instanceof GetItemRequest g) {
            return "GetItem " + table(g.tableName());
        } else if (r instanceof PutItemRequest p) {
            return "PutItem " + table(p.tableName());
        } else if (r instanceof UpdateItemRequest u) {
            return "UpdateItem " + table(u.tableName());
        } else if (r instanceof DeleteItemRequest d) {
            return "DeleteItem " + table(d.tableName());
        } else if (r instanceof QueryRequest q) {
            return "Query " + table(q.tableName()) + (q.indexName() == null ? "" : "/" + q.indexName());
        } else if (r instanceof ScanRequest s) {
            return "Scan " + table(s.tableName());
        } else if (r instanceof BatchGetItemRequest b) {
            return "BatchGetItem " + String.join("+", b.requestItems().keySet().stream().map(RequestCounts::table)
                    .sorted().toList());
        } else if (r instanceof BatchWriteItemRequest b) {
            return "BatchWriteItem " + String.join("+", b.requestItems().keySet().stream().map(RequestCounts::table)
                    .sorted().toList());
        } else if (r instanceof TransactWriteItemsRequest t) {
            return "TransactWriteItems (" + t.transactItems().size() + " items)";
        }
        return dev.hearth.dynamodb.CallRecorder.operation(r);
    }

    /** The table's name without the deployment's prefix (hearth-members -> members). */
    private static String table(String name) {
        return name.substring(name.lastIndexOf('-') + 1);
    }
}
