package dev.hearth.member;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hearth.dynamodb.CallRecorder;
import dev.hearth.program.ProgramTable;
import dev.hearth.squad.SquadTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.ItemSize;
import dev.hearth.testing.TestClock;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * What an update and a squad's health read cost, counted in work: the requests each makes, and the
 * capacity units computed from the sizes of the items they read and write (DynamoDB Local's own
 * accounting of transactions is wrong). The figures are logged for the closing note and held to
 * budgets here.
 */
@QuarkusTest
class AfterJoiningCostTest {

    private static final Logger LOG = Logger.getLogger(AfterJoiningCostTest.class);

    @Inject
    ProgramTable programs;
    @Inject
    SquadTable squads;
    @Inject
    DynamoDbClient dynamo;

    @AfterEach
    void clock() {
        TestClock.reset();
    }

    /** Requests by operation, items written, read and write units. */
    record Cost(List<String> operations, int itemsWritten, double readUnits, long writeUnits) {
    }

    private Cost measure(Runnable call) {
        return cost(CallRecorder.requestsOf(call));
    }

    /** Sizes what each request read or wrote, by reading it again now. */
    private Cost cost(List<Object> requests) {
        List<String> operations = requests.stream().map(CallRecorder::operation)
                .toList();
        double read = 0;
        long write = 0;
        int written = 0;
        for (Object r : requests) {
            if (r instanceof GetItemRequest g) {
                Map<String, AttributeValue> item = dynamo.getItem(g).item();
                long size = item == null ? 0 : ItemSize.of(item);
                read += Boolean.TRUE.equals(g.consistentRead()) ? ItemSize.consistentReadUnits(size)
                        : ItemSize.consistentReadUnits(size) / 2;
            } else if (r instanceof BatchGetItemRequest b) {
                for (List<Map<String, AttributeValue>> items : dynamo.batchGetItem(b).responses().values()) {
                    for (Map<String, AttributeValue> item : items) {
                        read += ItemSize.consistentReadUnits(ItemSize.of(item));
                    }
                }
            } else if (r instanceof QueryRequest q) {
                long size = dynamo.query(q).items().stream().mapToLong(ItemSize::of).sum();
                read += ItemSize.queryReadUnits(size);
            } else if (r instanceof TransactWriteItemsRequest t) {
                for (TransactWriteItem w : t.transactItems()) {
                    Map<String, AttributeValue> item = w.put() != null ? w.put().item()
                            : dynamo.getItem(g -> g.tableName(w.update().tableName()).key(w.update().key())
                                    .consistentRead(true)).item();
                    write += ItemSize.transactionalWriteUnits(ItemSize.of(item));
                    written++;
                }
            }
        }
        return new Cost(operations, written, read, write);
    }

    @Test
    void anUpdateIsOneTransactionAfterTwoReads() {
        String p = unique("cost");
        TestPrograms.copyOfDefault(programs, squads, p);
        String m = Invoke.newMember(p);

        Cost tag = measure(() -> ok("update-member", event("programId", p, "memberId", m, "changeId", "c1",
                "addTags", List.of("sleepless"), "note", "mentioned her insomnia")));
        LOG.infof("update-member, a tag with a rule: %s", tag);
        // program, member (no read of the changeId: the transaction's condition makes it once); then
        // member + change + history line + the perk carrying its PerkDelivered event
        assertEquals(List.of("GetItem", "GetItem", "TransactWriteItems"), tag.operations());
        assertEquals(4, tag.itemsWritten());
        assertEquals(10, tag.writeUnits(), "3 items under 1 KB, 2 units each; the perk with its event over 1 KB, 4");

        Cost squad = measure(() -> ok("update-member", event("programId", p, "memberId", m, "changeId", "c2",
                "joinSquads", List.of("baking"))));
        LOG.infof("update-member, joining a squad: %s", squad);
        // + the squad, read in one batch; member + change + line + the snapshot's day counters + the
        // squad's member count + its day (the member's last active day is today)
        assertEquals(List.of("GetItem", "GetItem", "BatchGetItem", "TransactWriteItems"), squad.operations());
        assertEquals(6, squad.itemsWritten());
        assertTrue(squad.writeUnits() <= 12, squad.toString());

        Cost repeat = measure(() -> ok("update-member", event("programId", p, "memberId", m, "changeId", "c1",
                "addTags", List.of("sleepless"))));
        LOG.infof("update-member, a repeated changeId: %s", repeat);
        // program, member, the transaction (cancelled on the changeId: nothing written), then as a
        // fresh attempt the member, the stored change and its perks: a repeat pays, a new change does not
        assertEquals(List.of("GetItem", "GetItem", "TransactWriteItems", "GetItem", "GetItem", "Query"),
                repeat.operations());
    }

    @Test
    void aSquadsHealthIsThreeRequestsNeverAScan() {
        String p = unique("cost");
        TestPrograms.copyOfDefault(programs, squads, p);
        for (int i = 0; i < 30; i++) {
            ok("onboard-member", event("programId", p, "memberId", unique("m"), "displayName", "Baker", "channel",
                    "QR", "squads", List.of("baking")));
        }
        Cost active = measure(() -> ok("manage-squad", event("programId", p, "squadId", "baking")));
        LOG.infof("manage-squad, the health of a squad of 30 active this week: %s", active);
        assertEquals(List.of("GetItem", "GetItem", "Query"), active.operations());
        assertTrue(active.readUnits() <= 2, active.toString());

        TestClock.advance(Duration.ofDays(10));
        Cost silent = measure(() -> ok("manage-squad", event("programId", p, "squadId", "baking")));
        LOG.infof("manage-squad, the health of a squad silent for 10 days: %s", silent);
        // + one Query for its last activity, before the 7-day window
        assertEquals(List.of("GetItem", "GetItem", "Query", "Query"), silent.operations());
        assertTrue(silent.readUnits() <= 2.5, silent.toString());
    }
}
