package dev.hearth.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.HearthException;
import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.ActivityTable.EntryCounters;

/**
 * fold-counters' event: a batch of the activities table's stream records as Lambda hands them
 * ({@code {"Records": [{"eventID", "eventName", "dynamodb": {"NewImage": ...}}]}}). Only inserted
 * items that carry counters count; the rest (modified items, markers, changes) are passed over.
 */
public final class ActivityStreamBatch {

    private ActivityStreamBatch() {
    }

    /**
     * The records that move counters, in the stream's order.
     *
     * @throws HearthException {@code [400] INVALID_FIELD} naming the record and field that is not
     *         what the stream hands
     */
    public static List<CounterFold.Recorded> read(JsonNode event) {
        JsonNode records = event == null ? null : event.get("Records");
        if (records == null || !records.isArray()) {
            throw HearthException.invalid("Records", "must be the list of stream records Lambda hands");
        }
        List<CounterFold.Recorded> moving = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            String field = "Records[" + i + "]";
            String eventId = record.path("eventID").asText("");
            if (!record.path("eventID").isTextual() || eventId.isBlank()) {
                throw HearthException.invalid(field + ".eventID", "must be the record's eventID");
            }
            if (!"INSERT".equals(record.path("eventName").asText())) {
                continue;
            }
            JsonNode image = record.path("dynamodb").path("NewImage");
            if (!image.isObject()) {
                throw HearthException.invalid(field + ".dynamodb.NewImage",
                        "must be the new item (the stream's view type is NEW_IMAGE)");
            }
            Optional<EntryCounters> counters;
            try {
                counters = ActivityTable.countersOf(image);
            } catch (IllegalArgumentException e) {
                throw HearthException.invalid(field + ".dynamodb.NewImage", e.getMessage());
            }
            if (counters.isPresent()) {
                for (String shard : counters.get().counters().keySet()) {
                    if (!StatsTable.isShard(shard)) {
                        throw HearthException.invalid(field + ".dynamodb.NewImage",
                                "counters must be keyed by the stats shard, 00 to " + (dev.hearth.dynamodb.Shards.COUNT - 1)
                                        + ", not \"" + shard + "\"");
                    }
                }
                moving.add(new CounterFold.Recorded(eventId, counters.get()));
            }
        }
        return moving;
    }
}
