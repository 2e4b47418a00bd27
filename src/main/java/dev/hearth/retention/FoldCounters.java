package dev.hearth.retention;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import io.quarkus.funqy.Funq;

/**
 * The activities table's stream, folded: the retention counters each recorded activity carries on
 * its ledger entry are added to the stats table exactly once ({@link CounterFold}). Only the
 * stream invokes it (an event-source mapping); locally, every function call is followed by a drain
 * of DynamoDB Local's stream through the same reading and fold (local/LocalActivityStream).
 */
@Answered
public class FoldCounters {

    private final CounterFold fold;

    public FoldCounters(CounterFold fold) {
        this.fold = fold;
    }

    @Funq("fold-counters")
    public CounterFold.Folded fold(JsonNode event) {
        return fold.fold(ActivityStreamBatch.read(event));
    }
}
