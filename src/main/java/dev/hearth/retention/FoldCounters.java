package dev.hearth.retention;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import io.quarkus.funqy.Funq;

/**
 * The activities table's stream, folded: the retention counters each recorded activity carries on
 * its ledger entry are added to the stats table exactly once ({@link CounterFold}). Only the
 * stream invokes it (an event-source mapping); locally, every function call is followed by a drain
 * of DynamoDB Local's stream through the same reading and fold (local/LocalStreams).
 */
@Answered
public class FoldCounters {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(FoldCounters.class);

    private final CounterFold fold;

    public FoldCounters(CounterFold fold) {
        this.fold = fold;
    }

    @Funq("fold-counters")
    public CounterFold.Folded fold(JsonNode event) {
        CounterFold.Folded folded = fold.fold(ActivityStreamBatch.read(event));
        LOG.infof("fold-counters: %d records with counters, %d folded now in %d transactions, %d folded before",
                folded.records(), folded.folded(), folded.transactions(), folded.foldedBefore());
        return folded;
    }
}
