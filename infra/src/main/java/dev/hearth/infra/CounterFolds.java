package dev.hearth.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.sns.Topic;

/**
 * The activities table's stream into fold-counters: each recorded activity's retention counters
 * (carried on its ledger entry) are added to the stats table once (app: retention/CounterFold).
 * A batch that fails is handed again from its first record until it folds, however long that
 * takes within the stream's 24 hours: no on-failure destination, because a skipped record would be
 * a wrong count forever. Falling behind is alarmed instead.
 */
final class CounterFolds {

    static final String FUNCTION = "fold-counters";
    /** Records per invocation: a chunk's transaction folds about this many awards into a few counter items. */
    static final int BATCH_SIZE = 100;
    /** Alarmed when the oldest record waiting is older than this for 15 minutes. */
    static final int LAG_ALARM_MS = 5 * 60 * 1000;

    CounterFolds(Stack stack, Tables tables, Functions functions, Topic alarms) {
        String streamArn = tables.get("activities").getTableStreamArn();
        functions.get(FUNCTION).getRole().addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                        "dynamodb:ListStreams"))
                .resources(List.of(streamArn)).build());
        EventSourceMapping mapping = EventSourceMapping.Builder.create(stack, "FoldCountersStream")
                .target(functions.live(FUNCTION))
                .eventSourceArn(streamArn)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(BATCH_SIZE)
                .maxBatchingWindow(Duration.seconds(1))
                // Retried whole until it succeeds (no retry limit, no maximum age): the fold skips what
                // an earlier attempt folded, so a retry never counts twice.
                .bisectBatchOnError(false)
                .parallelizationFactor(1)
                .filters(List.of(FilterCriteria.filter(Map.of("eventName", FilterRule.isEqual("INSERT")))))
                .build();
        mapping.getNode().addDependency(functions.get(FUNCTION).getRole());
        Operations.acknowledge(mapping.getNode().getDefaultChild(), "Serverless-LambdaEventSourceMappingDestination",
                "A batch is retried until it folds: a record sent to a destination instead would be a counter missing "
                        + "forever. The fold skips what an earlier attempt folded, and falling behind is alarmed.");
        Operations.alarm(stack, "FoldCountersLag", functions.get(FUNCTION).metric("IteratorAge", MetricOptions.builder()
                .statistic("Maximum").period(Duration.minutes(5)).build()), LAG_ALARM_MS, 3,
                "fold-counters is more than 5 minutes behind the activities stream for 15 minutes: snapshots miss the "
                        + "latest activities until it catches up; a batch that keeps failing holds its shard (the log has the error)",
                alarms);
    }
}
