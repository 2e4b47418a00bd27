package dev.hearth.infra;

import java.util.List;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.pipes.CfnPipe;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;

/**
 * Hearth's events: the outbox's stream, through one EventBridge pipe per event type
 * (PerkDelivered, MemberErased), onto Hearth's event bus.
 */
final class PerkEvents {

    private final Stack stack;
    private final Settings settings;
    private final Tables tables;
    private final Queue deadLetters;

    PerkEvents(Stack stack, Settings settings, Tables tables, Topic alarms) {
        this.stack = stack;
        this.settings = settings;
        this.tables = tables;
        this.deadLetters = Operations.failureQueue(stack, "OutboxDeadLetters", "outbox records the pipes could not put on the bus",
                "an outbox event did not reach the " + settings.prefix() + "-events bus after the pipe's retries: "
                        + "fulfilment and messaging never heard of it; the record is in the queue", alarms);
        define(deadLetters);
    }

    /** Where the pipes put the records they could not deliver. */
    Queue deadLetters() {
        return deadLetters;
    }

    /**
     * Each new outbox item (one per delivered perk, written in the delivering transaction) becomes a
     * {@code PerkDelivered} event on the bus, for fulfilment to subscribe to. No code runs: the
     * pipe reads the stream, keeps INSERTs (not TTL deletes), shapes the detail and puts it on the
     * bus; records it cannot deliver after its retries go to the dead-letter queue.
     */
    private void define(Queue deadLetters) {
        Table outbox = tables.get("outbox");
        EventBus bus = EventBus.Builder.create(stack, "Events").eventBusName(settings.prefix() + "-events").build();
        Role role = Role.Builder.create(stack, "PerkEventsPipeRole")
                .assumedBy(Operations.fromThisAccount(stack, "pipes.amazonaws.com"))
                .description("Reads the outbox stream and puts PerkDelivered and MemberErased events on the Hearth bus")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                        "dynamodb:ListStreams"))
                .resources(List.of(outbox.getTableStreamArn())).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("events:PutEvents"))
                .resources(List.of(bus.getEventBusArn())).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("sqs:SendMessage"))
                .resources(List.of(deadLetters.getQueueArn())).build());
        pipe(role, outbox, bus, deadLetters, "PerkEventsPipe", "perk-events", "PerkDelivered", "hearth.perks",
                List.of("eventId", "programId", "memberId", "perkId", "source", "kind", "title", "note", "deliverAt",
                        "deliveredAt", "expiresAt"));
        pipe(role, outbox, bus, deadLetters, "MemberErasedPipe", "member-erased", "MemberErased", "hearth.members",
                List.of("eventId", "programId", "memberId", "requestId", "erasedAt"));
    }

    /**
     * One pipe per event type: it keeps the stream's INSERTs of that {@code detailType} (the outbox
     * holds several) and puts each on the bus with the type as its detail-type and these fields as
     * its detail.
     */
    private void pipe(Role role, Table outbox, EventBus bus, Queue deadLetters, String id, String name,
            String detailType, String source, List<String> fields) {
        StringBuilder detail = new StringBuilder("{");
        for (int i = 0; i < fields.size(); i++) {
            detail.append(i == 0 ? "" : ", ").append('"').append(fields.get(i)).append("\": \"<$.dynamodb.NewImage.")
                    .append(fields.get(i)).append(".S>\"");
        }
        detail.append('}');
        CfnPipe.Builder.create(stack, id)
                .name(settings.prefix() + "-" + name)
                .description("Outbox stream -> " + detailType + " events on " + settings.prefix() + "-events")
                .roleArn(role.getRoleArn())
                .source(outbox.getTableStreamArn())
                .sourceParameters(CfnPipe.PipeSourceParametersProperty.builder()
                        .dynamoDbStreamParameters(CfnPipe.PipeSourceDynamoDBStreamParametersProperty.builder()
                                .startingPosition("TRIM_HORIZON").batchSize(10).maximumRetryAttempts(10)
                                .deadLetterConfig(CfnPipe.DeadLetterConfigProperty.builder()
                                        .arn(deadLetters.getQueueArn()).build())
                                .build())
                        .filterCriteria(CfnPipe.FilterCriteriaProperty.builder()
                                .filters(List.of(CfnPipe.FilterProperty.builder()
                                        .pattern("{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"NewImage\": "
                                                + "{\"detailType\": {\"S\": [\"" + detailType + "\"]}}}}")
                                        .build()))
                                .build())
                        .build())
                .target(bus.getEventBusArn())
                .targetParameters(CfnPipe.PipeTargetParametersProperty.builder()
                        .eventBridgeEventBusParameters(CfnPipe.PipeTargetEventBridgeEventBusParametersProperty.builder()
                                .detailType(detailType).source(source).build())
                        .inputTemplate(detail.toString())
                        .build())
                .build();
    }
}
