package dev.hearth.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.backup.BackupSelection;
import software.amazon.awscdk.services.backup.BackupSelectionOptions;
import software.amazon.awscdk.services.budgets.CfnBudget;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.eventschemas.CfnRegistry;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.eventschemas.CfnSchema;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.CfnSubscription;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

/**
 * What operators see and use: alarms to one topic, the dashboard, the console's shareable test
 * events; and the small shared pieces of the stack (cdk-nag acknowledgements, names).
 */
final class Operations {

    /** The console's registry of shareable Lambda test events. */
    static final String TEST_EVENT_REGISTRY = "lambda-testevent-schemas";

    private Operations() {
    }

    static Alarm alarm(Stack stack, String id, IMetric metric, String description, Topic topic) {
        return alarm(stack, id, metric, 1, 1, description, topic);
    }

    /** An alarm to the topic when the metric reaches the threshold in {@code periods} periods running. */
    static Alarm alarm(Stack stack, String id, IMetric metric, double threshold, int periods, String description,
            Topic topic) {
        Alarm alarm = Alarm.Builder.create(stack, id + "Alarm")
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        return alarm;
    }

    /**
     * A queue where something that failed after its retries is kept for 14 days (encrypted, TLS
     * only), alarmed as soon as one message is in it: what lands here is never silent.
     */
    static Queue failureQueue(Stack stack, String id, String holds, String alarmText, Topic alarms) {
        Queue queue = Queue.Builder.create(stack, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        acknowledge(queue.getNode().getDefaultChild(), "AwsSolutions-SQS3",
                "This queue is itself where " + holds + " end up; nothing reads it automatically.");
        acknowledge(queue.getNode().getDefaultChild(), "Serverless-SQSRedrivePolicy",
                "This queue is itself where " + holds + " end up; nothing consumes it, so nothing can fail to.");
        alarm(stack, id, queue.metricApproximateNumberOfMessagesVisible(fiveMinutes()), alarmText, alarms);
        return queue;
    }

    /** The one topic every alarm goes to, and its e-mail subscriber when the deploy names one. */
    static Topic alarmTopic(Stack stack) {
        Topic topic = Topic.Builder.create(stack, "Alarms").displayName("Hearth alarms").enforceSsl(true).build();
        CfnParameter email = CfnParameter.Builder.create(stack, ALARM_EMAIL_PARAMETER).type("String").defaultValue("")
                .allowedPattern("^$|^[^@\\s]+@[^@\\s]+$")
                .description("Who receives Hearth's alarms (an e-mail address; it must confirm the subscription). "
                        + "Empty: no subscriber, the alarms only show in CloudWatch.")
                .build();
        CfnCondition named = CfnCondition.Builder.create(stack, "AlarmEmailGiven")
                .expression(Fn.conditionNot(Fn.conditionEquals(email.getValueAsString(), ""))).build();
        CfnSubscription subscription = CfnSubscription.Builder.create(stack, "AlarmEmailSubscription")
                .topicArn(topic.getTopicArn()).protocol("email").endpoint(email.getValueAsString()).build();
        subscription.getCfnOptions().setCondition(named);
        acknowledge(subscription, "Serverless-SNSRedrivePolicy", "An e-mail subscription: a notice that cannot be "
                + "delivered bounces at the mail server, and a queue of alarm notices would be read by no one.");
        return topic;
    }

    /**
     * One alarm per table on its throttled reads and writes: on-demand tables still throttle past a
     * partition's limit or a sudden doubling, and a throttled request that exhausts the SDK's retries
     * is a failed request.
     */
    static void throttlingAlarms(Stack stack, Map<String, Table> tables, Topic alarms) {
        tables.forEach((name, table) -> alarm(stack, camel(name) + "TableThrottles", MathExpression.Builder.create()
                .expression("FILL(reads, 0) + FILL(writes, 0)")
                .usingMetrics(Map.of("reads", table.metric("ReadThrottleEvents", fiveMinutes()),
                        "writes", table.metric("WriteThrottleEvents", fiveMinutes())))
                .label(name + " throttled").period(Duration.minutes(5)).build(),
                "DynamoDB throttled requests to the " + name + " table", alarms));
    }

    /**
     * A service acting for this account only: the trust policy's aws:SourceAccount condition keeps
     * the service from assuming the role on behalf of a resource in another account (confused deputy).
     */
    static IPrincipal fromThisAccount(Stack stack, String service) {
        return new ServicePrincipal(service).withConditions(Map.of("StringEquals",
                Map.of("aws:SourceAccount", stack.getAccount())));
    }

    /** The cost-allocation tag every resource carries with its stage (with application = hearth). */
    static final String STAGE_TAG = "hearth-stage";

    /**
     * Backups beyond point-in-time recovery (which reaches back 35 days, and goes with the table):
     * AWS Backup takes each table daily (kept 35 days) and monthly (kept a year) into a vault of its own.
     */
    static void backups(Stack stack, Map<String, Table> tables) {
        BackupPlan plan = BackupPlan.dailyMonthly1YearRetention(stack, "TableBackups");
        BackupSelection selection = plan.addSelection("Tables", BackupSelectionOptions.builder()
                .resources(tables.values().stream().map(BackupResource::fromDynamoDbTable).toList()).build());
        acknowledge(selection.getNode().findChild("Role").getNode().getDefaultChild(),
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]",
                "AWS Backup's role for taking the tables' backups uses the AWS-managed policy the service documents.");
    }

    /**
     * The stage's monthly cost budget (its resources by the stage tag, once that tag is activated for
     * cost allocation), to the alarm topic: 80% actually spent, and 100% forecast.
     */
    static void budget(Stack stack, Settings settings, Topic alarms) {
        if (settings.monthlyBudgetUsd() <= 0) {
            return;
        }
        alarms.addToResourcePolicy(PolicyStatement.Builder.create().actions(List.of("sns:Publish"))
                .principals(List.of(fromThisAccount(stack, "budgets.amazonaws.com")))
                .resources(List.of(alarms.getTopicArn())).build());
        List<CfnBudget.NotificationWithSubscribersProperty> notices = new ArrayList<>();
        for (String type : List.of("ACTUAL", "FORECASTED")) {
            notices.add(CfnBudget.NotificationWithSubscribersProperty.builder()
                    .notification(CfnBudget.NotificationProperty.builder().notificationType(type)
                            .comparisonOperator("GREATER_THAN").threshold(type.equals("ACTUAL") ? 80 : 100)
                            .thresholdType("PERCENTAGE").build())
                    .subscribers(List.of(CfnBudget.SubscriberProperty.builder().subscriptionType("SNS")
                            .address(alarms.getTopicArn()).build()))
                    .build());
        }
        CfnBudget.Builder.create(stack, "MonthlyBudget")
                .budget(CfnBudget.BudgetDataProperty.builder().budgetName(settings.prefix() + "-monthly")
                        .budgetType("COST").timeUnit("MONTHLY")
                        .budgetLimit(CfnBudget.SpendProperty.builder().amount(settings.monthlyBudgetUsd()).unit("USD")
                                .build())
                        .costFilters(Map.of("TagKeyValue", List.of("user:" + STAGE_TAG + "$" + settings.stage())))
                        .build())
                .notificationsWithSubscribers(notices)
                .build();
    }

    /** The deploy-time parameter naming the alarms' e-mail subscriber. */
    static final String ALARM_EMAIL_PARAMETER = "AlarmEmail";

    static void dashboard(Stack stack, Settings settings, Map<String, Function> functions, RestApi api,
            List<Queue> failureQueues) {
        Dashboard dashboard = Dashboard.Builder.create(stack, "Dashboard").dashboardName(settings.prefix()).build();
        List<IMetric> invocations = new ArrayList<>();
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        functions.forEach((name, function) -> {
            invocations.add(function.metricInvocations(labelled(name)));
            errors.add(function.metricErrors(labelled(name)));
            durations.add(function.metricDuration(MetricOptions.builder().label(name + " p99").statistic("p99")
                    .period(Duration.minutes(5)).build()));
        });
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Invocations").left(invocations).width(8).build(),
                GraphWidget.Builder.create().title("Errors").left(errors).width(8).build(),
                GraphWidget.Builder.create().title("Duration p99").left(durations).width(8).build());
        // The community next to the machinery: the functions' business metrics (EMF, namespace Hearth),
        // one line per program, whatever programs exist (a search, not a list fixed at deploy).
        dashboard.addWidgets(
                business("Retention D1 / D7 / D30", "Average", "D1", "D7", "D30"),
                business("Active members: day, 7 days, 30 days", "Maximum", "ActiveDay", "ActiveSevenDays",
                        "ActiveThirtyDays"),
                business("New members and silent squads", "Maximum", "NewMembers", "SilentSquads", "SilentSevenDays"));
        dashboard.addWidgets(
                business("Joins and perks delivered", "Sum", "MembersJoined", "PerksDelivered"),
                business("Points issued and reversed", "Sum", "PointsIssued", "PointsReversed"),
                GraphWidget.Builder.create().title("Rejections by code").width(8).left(List.of(MathExpression.Builder
                        .create().expression("SEARCH('{Hearth,function,code} MetricName=\"Rejections\"', 'Sum', 300)")
                        .label("").period(Duration.minutes(5)).build())).build());
        dashboard.addWidgets(GraphWidget.Builder.create().title("Members per tier").width(8).left(List.of(
                MathExpression.Builder.create().expression(
                        "SEARCH('{Hearth,programId,tier} MetricName=\"TierMembers\"', 'Maximum', 86400)")
                        .label("").period(Duration.days(1)).build())).build(),
                business("Told in time: members and squads going silent, points and perks expiring", "Sum",
                        "SilenceNotices", "SquadNotices", "PointsNotices", "PerkNotices"));
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Storefront API").left(List.of(api.metricCount(Operations.fiveMinutes()),
                        api.metricClientError(Operations.fiveMinutes()), api.metricServerError(Operations.fiveMinutes()))).width(12).build(),
                GraphWidget.Builder.create().title("Dead letters (schedules, outbox, messaging)")
                        .left(failureQueues.stream().map(q -> (IMetric) q.metricApproximateNumberOfMessagesVisible(
                                Operations.fiveMinutes())).toList()).width(12).build());
    }

    /** A graph of business metrics, each program a line (found by search), a day per point. */
    private static GraphWidget business(String title, String statistic, String... metrics) {
        List<IMetric> lines = new ArrayList<>();
        for (String metric : metrics) {
            lines.add(MathExpression.Builder.create().expression("SEARCH('{Hearth,programId} MetricName=\"" + metric
                    + "\"', '" + statistic + "', 86400)").label(metric).period(Duration.days(1)).build());
        }
        return GraphWidget.Builder.create().title(title).width(8).left(lines).build();
    }

    static void testEvents(Stack stack, Settings settings) {
        CfnRegistry registry = null;
        if (settings.createTestEventRegistry()) {
            registry = CfnRegistry.Builder.create(stack, "TestEventRegistry").registryName(TEST_EVENT_REGISTRY)
                    .description("Shareable test events of the Lambda console").build();
        }
        for (FunctionSpec spec : FunctionSpec.ALL) {
            Map<String, JsonNode> events = SampleEvents.of(settings.repoRoot(), spec.name());
            if (events.isEmpty()) {
                continue;
            }
            CfnSchema schema = CfnSchema.Builder.create(stack, Operations.camel(spec.name()) + "TestEvents")
                    .registryName(TEST_EVENT_REGISTRY)
                    .schemaName("_" + settings.prefix() + "-" + spec.name() + "-schema")
                    .type("OpenApi3")
                    .content(SampleEvents.registryDocument(events))
                    .build();
            if (registry != null) {
                schema.addResourceDependency(registry);
            }
        }
    }

    static MetricOptions fiveMinutes() {
        return MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
    }

    private static MetricOptions labelled(String label) {
        return MetricOptions.builder().label(label).period(Duration.minutes(5)).statistic("Sum").build();
    }

    /** Acknowledges one cdk-nag finding on the exact construct it is reported on, with the reason. */
    static void acknowledge(software.constructs.IConstruct construct, String id, String reason) {
        Validations.of(construct).acknowledge(Acknowledgment.builder().id(id).reason(reason).build());
    }

    static String camel(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    static RetentionDays retention(int days) {
        return switch (days) {
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            default -> RetentionDays.ONE_MONTH;
        };
    }
}
