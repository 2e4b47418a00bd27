package dev.hearth.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.LambdaApplication;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentGroup;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.CfnEventInvokeConfig;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.MetricFilterOptions;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;

/**
 * One Lambda per function from the single function.zip, each with its own role holding exactly
 * its DynamoDB actions (FunctionSpec), its own log group, and its alarms.
 */
final class Functions {

    /** The marker the functions log for a member a whole-program run skipped (FailureMarker.MEMBER_FAILED). */
    static final String MEMBER_FAILED_MARKER = "HEARTH_MEMBER_FAILED";
    /** The marker the functions log for each request they rejected (FailureMarker.REJECTED). */
    static final String REJECTED_MARKER = "HEARTH_REJECTED";
    /** The marker run-programs logs for a program's late nightly work (FailureMarker.RUN_LATE). */
    static final String RUN_LATE_MARKER = "HEARTH_RUN_LATE";
    /** The marker the functions log for each request that failed in Hearth (FailureMarker.FAILED). */
    static final String FAILED_MARKER = "HEARTH_FAILED";
    /** The alias every caller invokes. */
    static final String LIVE = "live";
    /** A storefront function slower than this at p99 for 15 minutes is alarmed (a storefront waits on it). */
    static final int STOREFRONT_P99_MS = 3_000;

    private final Stack stack;
    private final Settings settings;
    private final Tables tables;
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, LogGroup> logGroups = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final LambdaApplication deployments;
    private final Role deployer;

    Functions(Stack stack, Settings settings, Tables tables, Topic alarms) {
        this.stack = stack;
        this.settings = settings;
        this.tables = tables;
        this.deployments = LambdaApplication.Builder.create(stack, "Deployments")
                .applicationName(settings.prefix() + "-functions").build();
        this.deployer = Role.Builder.create(stack, "DeployerRole")
                .assumedBy(Operations.fromThisAccount(stack, "codedeploy.amazonaws.com"))
                .description("Lets CodeDeploy shift each function's live alias to a new version, and back")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSCodeDeployRoleForLambdaLimited")))
                .build();
        Operations.acknowledge(deployer.getNode().getDefaultChild(),
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]",
                "CodeDeploy's role for Lambda deployments uses the AWS-managed policy the service documents, limited "
                        + "to functions and aliases.");
        for (FunctionSpec spec : FunctionSpec.ALL) {
            define(spec, alarms);
        }
    }

    /** The JVM build's handler: Funqy's, with the invocation's request id on every log line (app: edge/JvmLambdaHandler). */
    static final String JVM_HANDLER = "dev.hearth.edge.JvmLambdaHandler::handleRequest";

    Function get(String name) {
        return functions.get(name);
    }

    Map<String, Function> all() {
        return functions;
    }

    /**
     * A function's {@code live} alias: what the API, the schedules and the console's callers invoke,
     * moved to a new version by a CodeDeploy canary that rolls back on the function's alarms.
     */
    Alias live(String name) {
        return aliases.get(name);
    }

    /** A function's own log group. */
    LogGroup logs(String name) {
        return logGroups.get(name);
    }

    private void define(FunctionSpec spec, Topic alarms) {
        String functionName = settings.prefix() + "-" + spec.name();
        String id = Operations.camel(spec.name());
        LogGroup logs = LogGroup.Builder.create(stack, id + "Logs")
                .logGroupName("/aws/lambda/" + functionName)
                .retention(Operations.retention(settings.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(stack, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Runs " + functionName + ": its own log group and exactly its DynamoDB actions")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn())).build());
        FunctionSpec.grantsOf(settings.repoRoot(), spec.name()).forEach((target, grant) -> {
            PolicyStatement.Builder statement = PolicyStatement.Builder.create().effect(Effect.ALLOW)
                    .actions(grant.actions()).resources(List.of(arnOf(target)));
            if (!grant.leadingKeys().isEmpty()) {
                statement.conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys",
                        grant.leadingKeys())));
            }
            role.addToPolicy(statement.build());
        });

        Map<String, String> environment = new TreeMap<>(spec.environment());
        environment.put("QUARKUS_FUNQY_EXPORT", spec.name());
        // Every table of infra/tables.json, under the name the functions read (hearth.table.<name>).
        tables.all().forEach((name, table) -> environment.put("HEARTH_TABLE_" + name.toUpperCase(java.util.Locale.ROOT),
                table.getTableName()));
        if (settings.nativeRuntime()) {
            environment.put("DISABLE_SIGNAL_HANDLERS", "true");
        } else if (settings.snapStart()) {
            // Hearth primes itself before the snapshot (SnapStartPriming); the JIT's full tiers then
            // pay off, as the snapshot is restored many times.
            environment.put("HEARTH_SNAPSTART_PRIMING", "true");
        } else {
            // C1 only: the JIT's cheapest tier starts a short-lived JVM fastest.
            environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        }
        Function.Builder builder = Function.Builder.create(stack, id);
        if (spec.batch() && settings.batchConcurrency() > 0) {
            builder.reservedConcurrentExecutions(settings.batchConcurrency());
        }
        Function function = builder
                .functionName(functionName)
                .description("Hearth " + spec.name())
                .runtime(settings.nativeRuntime() ? Runtime.PROVIDED_AL2023 : Runtime.JAVA_21)
                .handler(settings.nativeRuntime() ? "native.handler"
                        : JVM_HANDLER)
                .architecture(settings.architecture())
                .code(Code.fromAsset(settings.functionZip().toString()))
                .memorySize(settings.nativeRuntime() ? spec.nativeMemoryMb() : spec.jvmMemoryMb())
                .timeout(Duration.seconds(spec.timeoutSeconds()))
                .role(role)
                .logGroup(logs)
                // Lambda's own lines (START, REPORT) as JSON too, beside Hearth's JSON lines.
                .loggingFormat(LoggingFormat.JSON)
                .tracing(Tracing.ACTIVE)
                .environment(environment)
                .snapStart(settings.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .build();
        Operations.acknowledge(role.getNode().findChild("DefaultPolicy").getNode().getDefaultChild(),
                "AwsSolutions-IAM5[Resource::*]",
                "Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which X-Ray only "
                        + "grants on resource *; every other statement names its log group, table or index.");
        String runtimeReason = settings.nativeRuntime() ? "provided.al2023 is the newest OS-only runtime."
                : "The JVM build targets java21, the runtime Hearth is built and tested for; the native "
                        + "build (provided.al2023) is the default deployment.";
        Operations.acknowledge(function.getNode().getDefaultChild(), "AwsSolutions-L1", runtimeReason);
        Operations.acknowledge(function.getNode().getDefaultChild(), "Serverless-LambdaLatestVersion", runtimeReason);
        Operations.acknowledge(function.getNode().getDefaultChild(), "Serverless-LambdaDLQ", spec.asyncRetries() != null
                ? "Its asynchronous invocations have an on-failure destination (an SQS queue, alarmed), which keeps "
                        + "the failed event with its error, more than a dead-letter queue does."
                : spec.name().equals(CounterFolds.FUNCTION)
                        ? "Invoked synchronously by its stream's event-source mapping, which hands a failed batch again "
                                + "until it folds; a dead-letter queue only takes asynchronous events."
                        : "Invoked synchronously only (the storefront API, the console, the CLI): a failure is answered to "
                                + "its caller, who sends the same request again; a dead-letter queue only takes asynchronous events.");
        functions.put(spec.name(), function);
        logGroups.put(spec.name(), logs);
        Alias live = Alias.Builder.create(stack, id + "Live").aliasName(LIVE).version(function.getCurrentVersion())
                .build();
        aliases.put(spec.name(), live);

        // Lambda counts every thrown answer as an error, a [404] for a mistyped id as much as a broken
        // table. The functions log each rejection with a marker; the alarm is on the rest: Hearth's own
        // failures ([500], logged with FAILED_MARKER), timeouts and crashes.
        MetricFilter rejections = logs.addMetricFilter(id + "Rejections", MetricFilterOptions.builder()
                .filterPattern(FilterPattern.literal(REJECTED_MARKER))
                .metricNamespace("Hearth").metricName(functionName + "-rejections").metricValue("1").build());
        Alarm failures = Operations.alarm(stack, id + "Failures", MathExpression.Builder.create()
                .expression("FILL(errors, 0) - FILL(rejections, 0)")
                .usingMetrics(Map.of("errors", function.metricErrors(Operations.fiveMinutes()),
                        "rejections", rejections.metric(Operations.fiveMinutes())))
                .label(functionName + " failures").period(Duration.minutes(5)).build(),
                functionName + " failed: an invocation ended in a timeout, a crash or [500] INTERNAL_ERROR (the log "
                        + "line with " + FAILED_MARKER + " has the error id and the cause); rejections do not count",
                alarms);
        Operations.alarm(stack, id + "Throttles", function.metricThrottles(Operations.fiveMinutes()), functionName + " was throttled", alarms);
        if (spec.asyncRetries() != null) {
            Queue failed = Operations.failureQueue(stack, id + "Failed", "failed asynchronous invocations of "
                    + functionName, functionName + " failed asynchronously after " + spec.asyncRetries()
                            + " retries: the event is in its on-failure queue, the cause in its log", alarms);
            // Written out rather than through an SqsDestination, whose grant adds two read actions the
            // role does not need: Lambda only sends the failed event.
            CfnEventInvokeConfig.Builder.create(stack, id + "AsyncInvoke").functionName(function.getFunctionName())
                    .qualifier(LIVE).maximumRetryAttempts(spec.asyncRetries()).maximumEventAgeInSeconds(3600)
                    .destinationConfig(CfnEventInvokeConfig.DestinationConfigProperty.builder()
                            .onFailure(CfnEventInvokeConfig.OnFailureProperty.builder()
                                    .destination(failed.getQueueArn()).build()).build())
                    .build().addResourceDependency((software.amazon.awscdk.CfnResource) live.getNode().getDefaultChild());
            role.addToPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(List.of("sqs:SendMessage"))
                    .resources(List.of(failed.getQueueArn())).build());
        }
        List<Alarm> rollbackOn = new java.util.ArrayList<>(List.of(failures));
        if (spec.storefront()) {
            rollbackOn.add(Operations.alarm(stack, id + "Latency", function.metricDuration(MetricOptions.builder().statistic("p99")
                    .period(Duration.minutes(5)).build()), STOREFRONT_P99_MS, 3, functionName
                    + " is slow for the storefront: p99 duration at or over " + STOREFRONT_P99_MS
                    + " ms for 15 minutes", alarms));
        }
        // Every deploy publishes a version; the live alias moves to it 10% first, the rest after 5
        // minutes, and back at once if the function's failures (or a storefront function's latency)
        // alarm meanwhile.
        LambdaDeploymentGroup.Builder.create(stack, id + "Deployment").application(deployments).alias(live)
                .deploymentGroupName(functionName).role(deployer)
                .deploymentConfig(LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES).alarms(rollbackOn)
                .autoRollback(AutoRollbackConfig.builder().failedDeployment(true).stoppedDeployment(true)
                        .deploymentInAlarm(true).build())
                .build();
        // A whole-program run skips a member it cannot process rather than stopping; each skip is a
        // log line with the marker, counted here and alarmed, so a skipped member is never silent.
        MetricFilter skipped = logs.addMetricFilter(id + "MembersSkipped", MetricFilterOptions.builder()
                .filterPattern(FilterPattern.literal(MEMBER_FAILED_MARKER))
                .metricNamespace("Hearth").metricName(functionName + "-members-skipped").metricValue("1").build());
        Operations.alarm(stack, id + "MembersSkipped", skipped.metric(Operations.fiveMinutes()),
                functionName + " skipped a member it could not process; the log names the member", alarms);
    }

    private String arnOf(String target) {
        String[] parts = target.split("/", 2);
        String arn = tables.get(parts[0]).getTableArn();
        return parts.length == 1 ? arn : arn + "/" + parts[1];
    }
}
