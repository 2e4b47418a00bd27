package dev.hearth.local;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.LocalDynamoDb;
import dev.hearth.dynamodb.Transactions;
import dev.hearth.retention.ActivityStreamBatch;
import dev.hearth.retention.CounterFold;
import dev.hearth.retention.StatsTable;
import io.quarkus.arc.profile.IfBuildProfile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Local runs and tests: what the activities stream's event-source mapping does in the cloud. It
 * reads DynamoDB Local's stream of the activities table from where it last stopped, hands the new
 * records to fold-counters' reading and fold as a Lambda event of the same shape, and remembers how
 * far it got. {@link LocalFunctionRoutes} drains it after every function call, before answering, so
 * a local caller sees the counters of what they just recorded (in the cloud they follow within the
 * stream's delay). Its calls use clients of their own, so the tests' call recorders and injected
 * faults, which are the called function's, never see them. Present only in dev and test builds.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class LocalActivityStream {

    private static final Logger LOG = Logger.getLogger(LocalActivityStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalDynamoDb local;
    private final TableNames tables;
    private final Clock clock;
    private DynamoDbClient dynamo;
    private DynamoDbStreamsClient streams;
    private CounterFold fold;
    private String streamArn;
    /** The stream's shards as last listed; listed again once one of them closes. */
    private List<String> shards;
    /** Per shard: the iterator to read on with, and the last sequence number read (to start again after expiry). */
    private final Map<String, String> iterators = new HashMap<>();
    private final Map<String, String> lastRead = new HashMap<>();
    private final Set<String> closed = new HashSet<>();

    public LocalActivityStream(LocalDynamoDb local, TableNames tables, Clock clock) {
        this.local = local;
        this.tables = tables;
        this.clock = clock;
    }

    /** Folds every record the stream holds that was not folded yet; what the fold did, if anything was read. */
    public synchronized Optional<CounterFold.Folded> drain() {
        if (dynamo == null) {
            open();
        }
        if (streamArn == null) {
            streamArn = streamArn();
            shards = null;
            iterators.clear();
            lastRead.clear();
            closed.clear();
        }
        if (shards == null) {
            shards = shards(streams, streamArn).stream().map(Shard::shardId).toList();
        }
        List<Record> records = new ArrayList<>();
        for (String shardId : shards) {
            while (!closed.contains(shardId)) {
                GetRecordsResponse page;
                try {
                    page = read(streamArn, shardId);
                } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
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
                    shards = null; // a closed shard has children: list them on the next drain
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
        if (records.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fold.fold(ActivityStreamBatch.read(lambdaEvent(streamArn, records))));
    }

    /**
     * Hands the whole stream to the fold again, from its oldest record, as a stream would after
     * losing its place: everything it holds was folded, so it must fold nothing (tests).
     */
    public synchronized CounterFold.Folded foldFromTheStart() {
        drain();
        return fold.fold(ActivityStreamBatch.read(lambdaEvent(streamArn, everyRecord(streams, streamArn))));
    }

    /** Every record a stream holds, shard by shard, from the oldest (this, and the benchmark's fold). */
    public static List<Record> everyRecord(DynamoDbStreamsClient streams, String arn) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : shards(streams, arn)) {
            String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String at = iterator;
                GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(at).limit(1000));
                if (!page.hasRecords() || page.records().isEmpty()) {
                    break;
                }
                records.addAll(page.records());
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }

    private void open() {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        dynamo = DynamoDbClient.builder().endpointOverride(local.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(local.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        fold = new CounterFold(new StatsTable(dynamo, tables, clock, new Transactions(dynamo)), new Transactions(dynamo));
    }

    /** The activities table's stream; turned on for a table a local run created before it had one. */
    private String streamArn() {
        String arn = dynamo.describeTable(r -> r.tableName(tables.activities())).table().latestStreamArn();
        if (arn == null) {
            LOG.infof("turning on the stream of %s (created by an earlier local run)", tables.activities());
            dynamo.updateTable(r -> r.tableName(tables.activities()).streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE).build()));
            arn = dynamo.describeTable(r -> r.tableName(tables.activities())).table().latestStreamArn();
        }
        return arn;
    }

    /** A stream's shards, every page of them, parents before children. */
    private static List<Shard> shards(DynamoDbStreamsClient streams, String arn) {
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

    /** The records as Lambda hands a DynamoDB stream batch to a function (also the benchmark's). */
    public static JsonNode lambdaEvent(String arn, List<Record> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode list = event.putArray("Records");
        for (Record record : records) {
            ObjectNode r = list.addObject();
            r.put("eventID", record.eventID());
            r.put("eventName", record.eventNameAsString());
            r.put("eventVersion", "1.1");
            r.put("eventSource", "aws:dynamodb");
            r.put("awsRegion", "us-east-1");
            ObjectNode dynamodb = r.putObject("dynamodb");
            dynamodb.put("SequenceNumber", record.dynamodb().sequenceNumber());
            dynamodb.put("StreamViewType", record.dynamodb().streamViewTypeAsString());
            dynamodb.set("Keys", image(record.dynamodb().keys()));
            if (record.dynamodb().hasNewImage()) {
                dynamodb.set("NewImage", image(record.dynamodb().newImage()));
            }
            r.put("eventSourceARN", arn);
        }
        return event;
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode image = JSON.createObjectNode();
        item.forEach((name, value) -> image.set(name, json(value)));
        return image;
    }

    /** One attribute value in DynamoDB JSON. */
    private static ObjectNode json(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case B -> node.put("B", value.b().asByteArray());
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode all = node.putArray("BS");
                value.bs().forEach(b -> all.add(b.asByteArray()));
            }
            case L -> {
                ArrayNode all = node.putArray("L");
                value.l().forEach(v -> all.add(json(v)));
            }
            case M -> node.set("M", image(value.m()));
            default -> throw new IllegalArgumentException("attribute of unknown type " + value);
        }
        return node;
    }

    @PreDestroy
    synchronized void close() {
        if (dynamo != null) {
            dynamo.close();
            streams.close();
        }
    }
}
