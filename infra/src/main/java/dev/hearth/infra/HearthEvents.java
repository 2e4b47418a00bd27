package dev.hearth.infra;

import java.util.List;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.Archive;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.events.targets.SqsQueueProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.pipes.CfnPipe;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

/**
 * Hearth's events: the streams of the two tables whose items announce them (the outbox's, and the
 * perks' for a perk's delivery), each through an EventBridge pipe, onto Hearth's event bus,
 * archived there for replay; and one example subscription (a rule to an SQS queue with its
 * dead-letter queue), the way a messaging system subscribes.
 */
final class HearthEvents {

    /** The bus events' source; each event's detail-type is its type. */
    static final String SOURCE = "hearth";
    /**
     * The types the example messaging subscription takes, each with its schema in docs/events: all
     * of them, MemberErased too (a messaging system holds contact data to erase).
     */
    static final List<String> MESSAGING_TYPES = List.of("MemberJoined", "TierChanged", "PerkDelivered",
            "PerkExpiring", "RewardRedeemed", "RewardCancelled", "MemberGoingSilent", "SquadGoingSilent",
            "PointsExpiring", "PointsExpired", "MemberErased");
    static final int ARCHIVE_DAYS = 365;
    /**
     * The pipes' filter: a new image that holds an envelope (app OutboxTable.announce: the write that
     * causes an event adds it, no later write keeps it; TTL deletes and erasures' deletes have no new
     * image).
     */
    static final String ANNOUNCES = "{\"dynamodb\": {\"NewImage\": {\"envelope\": {\"S\": [{\"exists\": true}]}}}}";

    private final Stack stack;
    private final Settings settings;
    private final Queue deadLetters;
    private final Queue messagingDeadLetters;

    HearthEvents(Stack stack, Settings settings, Tables tables, Topic alarms) {
        this.stack = stack;
        this.settings = settings;
        this.deadLetters = Operations.failureQueue(stack, "OutboxDeadLetters",
                "outbox and perks stream records the pipes could not put on the bus",
                "an event did not reach the " + settings.prefix() + "-events bus after its pipe's retries: "
                        + "fulfilment and messaging never heard of it; the record is in the queue", alarms);
        EventBus bus = EventBus.Builder.create(stack, "Events").eventBusName(settings.prefix() + "-events").build();
        // The two tables whose items announce events: the outbox's, and a perk's for its delivery.
        Table outbox = tables.get("outbox");
        Table perks = tables.get("perks");
        Role role = pipeRole(List.of(outbox, perks), bus);
        pipe("EventsPipe", "-events", outbox, "Outbox stream -> Hearth's events", role, bus);
        pipe("PerkEventsPipe", "-perk-events", perks, "Perks stream -> PerkDelivered", role, bus);
        Archive.Builder.create(stack, "EventsArchive").sourceEventBus(bus)
                .archiveName(settings.prefix() + "-events")
                .description("Every Hearth event, kept for replay to a consumer that missed some")
                .eventPattern(EventPattern.builder().source(List.of(SOURCE)).build())
                .retention(Duration.days(ARCHIVE_DAYS)).build();
        this.messagingDeadLetters = messaging(bus, alarms);
    }

    /** Where the pipe puts the records it could not deliver, and the example subscription what it could not. */
    List<Queue> deadLetters() {
        return List.of(deadLetters, messagingDeadLetters);
    }

    /** The pipes' role: read the two streams, put on the bus, send what fails to the dead-letter queue. */
    private Role pipeRole(List<Table> announcing, EventBus bus) {
        Role role = Role.Builder.create(stack, "EventsPipeRole")
                .assumedBy(Operations.fromThisAccount(stack, "pipes.amazonaws.com"))
                .description("Reads the outbox and perks streams and puts Hearth's events on the Hearth bus")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                        "dynamodb:ListStreams"))
                .resources(announcing.stream().map(Table::getTableStreamArn).toList()).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("events:PutEvents"))
                .resources(List.of(bus.getEventBusArn())).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("sqs:SendMessage"))
                .resources(List.of(deadLetters.getQueueArn())).build());
        return role;
    }

    /**
     * Each item written with an event (an outbox item in the transaction that causes it; a perk by
     * the write that delivers it) becomes an event on the bus. No code runs: the pipe reads the
     * stream, keeps the new images that hold an envelope ({@link #ANNOUNCES}), and puts the item's
     * {@code envelope} text on the bus as the event's detail, with the item's {@code type} as its
     * detail-type (a dynamic path parameter); records it cannot deliver after its retries go to the
     * dead-letter queue.
     */
    private void pipe(String id, String nameSuffix, Table table, String description, Role role, EventBus bus) {
        CfnPipe.Builder.create(stack, id)
                .name(settings.prefix() + nameSuffix)
                .description(description + " on " + settings.prefix() + "-events")
                .roleArn(role.getRoleArn())
                .source(table.getTableStreamArn())
                .sourceParameters(CfnPipe.PipeSourceParametersProperty.builder()
                        .dynamoDbStreamParameters(CfnPipe.PipeSourceDynamoDBStreamParametersProperty.builder()
                                .startingPosition("TRIM_HORIZON").batchSize(10).maximumRetryAttempts(10)
                                .deadLetterConfig(CfnPipe.DeadLetterConfigProperty.builder()
                                        .arn(deadLetters.getQueueArn()).build())
                                .build())
                        .filterCriteria(CfnPipe.FilterCriteriaProperty.builder()
                                .filters(List.of(CfnPipe.FilterProperty.builder().pattern(ANNOUNCES).build()))
                                .build())
                        .build())
                .target(bus.getEventBusArn())
                .targetParameters(CfnPipe.PipeTargetParametersProperty.builder()
                        .eventBridgeEventBusParameters(CfnPipe.PipeTargetEventBridgeEventBusParametersProperty.builder()
                                .detailType("$.dynamodb.NewImage.type.S").source(SOURCE).build())
                        .inputTemplate("<$.dynamodb.NewImage.envelope.S>")
                        .build())
                .build();
    }

    /**
     * The example subscription: the events a messaging system turns into personal messages, into a
     * queue it reads; what the rule cannot deliver, or the reader fails 5 times, lands in the
     * dead-letter queue (alarmed), which it returns.
     */
    private Queue messaging(EventBus bus, Topic alarms) {
        Queue failed = Operations.failureQueue(stack, "MessagingDeadLetters",
                "events the example messaging subscription could not deliver or its reader could not handle",
                "an event for messaging was not delivered, or its reader failed it 5 times: the member was not told; "
                        + "the event is in the queue", alarms);
        Queue queue = Queue.Builder.create(stack, "MessagingQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(failed).maxReceiveCount(5).build())
                .build();
        Rule.Builder.create(stack, "MessagingRule").eventBus(bus).ruleName(settings.prefix() + "-messaging")
                .description("Example subscription: the events members hear about, into a queue for messaging")
                .eventPattern(EventPattern.builder().source(List.of(SOURCE)).detailType(MESSAGING_TYPES).build())
                .targets(List.of(new SqsQueue(queue, SqsQueueProps.builder().deadLetterQueue(failed)
                        .retryAttempts(185).maxEventAge(Duration.hours(24)).build())))
                .build();
        CfnOutput.Builder.create(stack, "MessagingQueueUrl").value(queue.getQueueUrl())
                .description("The example messaging subscription's queue (every Hearth event)")
                .build();
        return failed;
    }
}
