package dev.hearth.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.MetricFilterOptions;
import software.amazon.awscdk.services.sns.Topic;

/**
 * One Lambda per function from the single function.zip, each with its own role holding exactly
 * its DynamoDB actions (FunctionSpec), its own log group, and its alarms.
 */
final class Functions {

    /** The marker the functions log for a member a whole-program run skipped (FailureMarker.MEMBER_FAILED). */
    static final String MEMBER_FAILED_MARKER = "HEARTH_MEMBER_FAILED";

    private final Stack stack;
    private final Settings settings;
    private final Tables tables;
    private final Map<String, Function> functions = new LinkedHashMap<>();

    Functions(Stack stack, Settings settings, Tables tables, Topic alarms) {
        this.stack = stack;
        this.settings = settings;
        this.tables = tables;
        for (FunctionSpec spec : FunctionSpec.ALL) {
            define(spec, alarms);
        }
    }

    Function get(String name) {
        return functions.get(name);
    }

    Map<String, Function> all() {
        return functions;
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
        FunctionSpec.grants(settings.repoRoot(), spec.name()).forEach((target, actions) -> role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW).actions(actions).resources(List.of(arnOf(target))).build()));

        Map<String, String> environment = new TreeMap<>(spec.environment());
        environment.put("QUARKUS_FUNQY_EXPORT", spec.name());
        // Every table of infra/tables.json, under the name the functions read (hearth.table.<name>).
        tables.all().forEach((name, table) -> environment.put("HEARTH_TABLE_" + name.toUpperCase(java.util.Locale.ROOT),
                table.getTableName()));
        if (settings.nativeRuntime()) {
            environment.put("DISABLE_SIGNAL_HANDLERS", "true");
        } else {
            // C1 only: the JIT's cheapest tier starts a short-lived JVM fastest.
            environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        }
        Function function = Function.Builder.create(stack, id)
                .functionName(functionName)
                .description("Hearth " + spec.name())
                .runtime(settings.nativeRuntime() ? Runtime.PROVIDED_AL2023 : Runtime.JAVA_21)
                .handler(settings.nativeRuntime() ? "native.handler"
                        : "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest")
                .architecture(settings.architecture())
                .code(Code.fromAsset(settings.functionZip().toString()))
                .memorySize(settings.nativeRuntime() ? spec.nativeMemoryMb() : spec.jvmMemoryMb())
                .timeout(Duration.seconds(spec.timeoutSeconds()))
                .role(role)
                .logGroup(logs)
                .tracing(Tracing.ACTIVE)
                .environment(environment)
                .build();
        Operations.acknowledge(role.getNode().findChild("DefaultPolicy").getNode().getDefaultChild(),
                "AwsSolutions-IAM5[Resource::*]",
                "Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which X-Ray only "
                        + "grants on resource *; every other statement names its log group, table or index.");
        Operations.acknowledge(function.getNode().getDefaultChild(), "AwsSolutions-L1",
                settings.nativeRuntime() ? "provided.al2023 is the newest OS-only runtime."
                        : "The JVM build targets java21, the runtime Hearth is built and tested for; the native "
                                + "build (provided.al2023) is the default deployment.");
        functions.put(spec.name(), function);

        Operations.alarm(stack, id + "Errors", function.metricErrors(Operations.fiveMinutes()), functionName + " failed invocations", alarms);
        Operations.alarm(stack, id + "Throttles", function.metricThrottles(Operations.fiveMinutes()), functionName + " was throttled", alarms);
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
