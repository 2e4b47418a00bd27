package dev.hearth.local;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.LocalDynamoDb;
import dev.hearth.dynamodb.Transactions;
import dev.hearth.events.OutboxTable;
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
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Local runs and tests: what the stream consumers do in the cloud. The activities stream's
 * event-source mapping: the new records of DynamoDB Local's stream of the activities table go to
 * fold-counters' reading and fold, as a Lambda event of the same shape. The perks stream's pipe:
 * each new image of a perk that announces its delivery puts that event in the outbox table, the
 * local stand-in for the bus, where the local run reads every event. Each stream is read on from
 * where it last stopped. {@link LocalFunctionRoutes} drains the activities after every function
 * call, before answering, so a local caller sees the counters of what they just recorded (in the
 * cloud they follow within the stream's delay), and the perks before the outbox is read or a member
 * erased. Its calls use clients of their own, so the tests' call recorders and injected faults,
 * which are the called function's, never see them. Present only in dev and test builds.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class LocalStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalDynamoDb local;
    private final TableNames tables;
    private final Clock clock;
    private DynamoDbClient dynamo;
    private DynamoDbStreamsClient streams;
    private CounterFold fold;
    private OutboxTable outbox;
    private LocalStreamReader activities;
    private LocalStreamReader perks;

    public LocalStreams(LocalDynamoDb local, TableNames tables, Clock clock) {
        this.local = local;
        this.tables = tables;
        this.clock = clock;
    }

    /** Folds every activities record not folded yet; what the fold did, if anything was read. */
    public synchronized Optional<CounterFold.Folded> foldCounters() {
        open();
        List<Record> records = activities.newRecords();
        if (records.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fold.fold(ActivityStreamBatch.read(lambdaEvent(activities.arn(), records))));
    }

    /**
     * Puts in the outbox the event of every perk write since the last call that announces one (a
     * delivery), as the perks pipe puts it on the bus: the same filter, the same envelope. Once each:
     * an event already there is not written again. How many it put.
     */
    public synchronized int announcePerks() {
        open();
        int put = 0;
        for (Record record : perks.newRecords()) {
            Map<String, AttributeValue> image = record.dynamodb().hasNewImage() ? record.dynamodb().newImage() : null;
            if (OutboxTable.announces(image) && outbox.putOnce(OutboxTable.fromItem(image))) {
                put++;
            }
        }
        return put;
    }

    /**
     * Hands the whole activities stream to the fold again, from its oldest record, as a stream would
     * after losing its place: everything it holds was folded, so it must fold nothing (tests).
     */
    public synchronized CounterFold.Folded foldFromTheStart() {
        foldCounters();
        String arn = activities.arn();
        return fold.fold(ActivityStreamBatch.read(lambdaEvent(arn, everyRecord(streams, arn))));
    }

    /** Every record a stream holds, shard by shard, from the oldest (this, and the benchmark's fold). */
    public static List<Record> everyRecord(DynamoDbStreamsClient streams, String arn) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : LocalStreamReader.shards(streams, arn)) {
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
        if (dynamo != null) {
            return;
        }
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        dynamo = DynamoDbClient.builder().endpointOverride(local.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(local.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        fold = new CounterFold(new StatsTable(dynamo, tables, clock, new Transactions(dynamo)), new Transactions(dynamo));
        outbox = new OutboxTable(dynamo, tables);
        activities = new LocalStreamReader(dynamo, streams, tables.activities());
        perks = new LocalStreamReader(dynamo, streams, tables.perks());
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
