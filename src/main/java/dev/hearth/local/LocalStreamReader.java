package dev.hearth.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One table's stream in DynamoDB Local, read on from where the last read stopped, the way a
 * stream's consumer in the cloud keeps its place per shard. Not thread-safe: its owner reads it
 * under its own lock.
 */
final class LocalStreamReader {

    private static final Logger LOG = Logger.getLogger(LocalStreamReader.class);

    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final String table;
    private String streamArn;
    /** The stream's shards as last listed; listed again once one of them closes. */
    private List<String> shards;
    /** Per shard: the iterator to read on with, and the last sequence number read (to start again after expiry). */
    private final Map<String, String> iterators = new HashMap<>();
    private final Map<String, String> lastRead = new HashMap<>();
    private final Set<String> closed = new HashSet<>();

    LocalStreamReader(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table) {
        this.dynamo = dynamo;
        this.streams = streams;
        this.table = table;
    }

    /** The stream's ARN (described once; again after its table was made again). */
    String arn() {
        if (streamArn == null) {
            streamArn = describe();
            shards = null;
            iterators.clear();
            lastRead.clear();
            closed.clear();
        }
        return streamArn;
    }

    /** Every record written since the last call, shard by shard. */
    List<Record> newRecords() {
        String arn = arn();
        if (shards == null) {
            shards = shards(streams, arn).stream().map(Shard::shardId).toList();
        }
        List<Record> records = new ArrayList<>();
        for (String shardId : shards) {
            while (!closed.contains(shardId)) {
                GetRecordsResponse page;
                try {
                    page = read(arn, shardId);
                } catch (ResourceNotFoundException e) {
                    streamArn = null; // the table was made again: its new stream is described next time
                    throw e;
                }
                boolean empty = !page.hasRecords() || page.records().isEmpty();
                if (!empty) {
                    records.addAll(page.records());
                    lastRead.put(shardId, page.records().get(page.records().size() - 1).dynamodb().sequenceNumber());
                }
                iterators.remove(shardId);
                if (page.nextShardIterator() == null) {
                    closed.add(shardId);
                    shards = null; // a closed shard has children: list them on the next read
                } else if (!empty) {
                    // DynamoDB Local refuses an iterator handed with an empty page once records
                    // follow it; one handed with records reads on.
                    iterators.put(shardId, page.nextShardIterator());
                }
                if (empty) {
                    break;
                }
            }
        }
        return records;
    }

    /** The table's stream; turned on for a table a local run created before it had one. */
    private String describe() {
        String arn = dynamo.describeTable(r -> r.tableName(table)).table().latestStreamArn();
        if (arn == null) {
            LOG.infof("turning on the stream of %s (created by an earlier local run)", table);
            dynamo.updateTable(r -> r.tableName(table).streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE).build()));
            arn = dynamo.describeTable(r -> r.tableName(table)).table().latestStreamArn();
        }
        return arn;
    }

    /** A stream's shards, every page of them, parents before children. */
    static List<Shard> shards(DynamoDbStreamsClient streams, String arn) {
        List<Shard> shards = new ArrayList<>();
        String after = null;
        do {
            String start = after;
            var description = streams.describeStream(r -> r.streamArn(arn).exclusiveStartShardId(start)).streamDescription();
            shards.addAll(description.shards());
            after = description.lastEvaluatedShardId();
        } while (after != null);
        return shards;
    }

    private GetRecordsResponse read(String arn, String shardId) {
        String iterator = iterators.get(shardId);
        if (iterator != null) {
            try {
                return streams.getRecords(r -> r.shardIterator(iterator).limit(1000));
            } catch (ExpiredIteratorException | TrimmedDataAccessException e) {
                // Idle for 15 minutes: read on after the last record read.
            }
        }
        String last = lastRead.get(shardId);
        String fresh = streams.getShardIterator(r -> r.streamArn(arn).shardId(shardId)
                .shardIteratorType(last == null ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                .sequenceNumber(last)).shardIterator();
        return streams.getRecords(r -> r.shardIterator(fresh).limit(1000));
    }
}
