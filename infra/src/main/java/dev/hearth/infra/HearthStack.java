package dev.hearth.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.ModelOptions;
import software.amazon.awscdk.services.apigateway.PassthroughBehavior;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.LocalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.pipes.CfnPipe;
import software.amazon.awscdk.services.eventschemas.CfnRegistry;
import software.amazon.awscdk.services.eventschemas.CfnSchema;
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
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * Hearth's whole deployment: tables, one Lambda per function from the single function.zip, the
 * storefront REST API, schedules in the program's time zone, and the operations around them.
 */
public class HearthStack extends Stack {

    /** The console's registry of shareable Lambda test events. */
    public static final String TEST_EVENT_REGISTRY = "lambda-testevent-schemas";
    /** Largest request body the edge lets through; Hearth's events are well under 2 KB. */
    public static final long MAX_BODY_BYTES = 16 * 1024;

    private final Settings settings;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, Function> functions = new LinkedHashMap<>();

    public HearthStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        this.settings = Settings.from(getNode());
        defineTables();
        seedDefaultProgram();
        Topic alarms = Topic.Builder.create(this, "Alarms").displayName("Hearth alarms").enforceSsl(true).build();
        for (FunctionSpec spec : FunctionSpec.ALL) {
            defineFunction(spec, alarms);
        }
        RestApi api = defineStorefrontApi(alarms);
        Queue deadLetters = defineSchedules(alarms);
        definePerkEvents(deadLetters);
        defineDashboard(api, deadLetters);
        defineTestEvents();
    }

    // --- Tables: keys and indexes as documented in the functions application's store classes.

    private void defineTables() {
        Table programs = table("Programs", "programs", "programId", null);
        Table members = table("Members", "members", "pk", null);
        members.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName("byProgram")
                .partitionKey(string("programShard")).sortKey(string("memberId"))
                .projectionType(ProjectionType.INCLUDE).nonKeyAttributes(List.of("tier", "tags", "squads")).build());
        members.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName("byJoined")
                .partitionKey(string("programShard")).sortKey(string("joinedSeq"))
                .projectionType(ProjectionType.KEYS_ONLY).build());
        members.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName("byKoc")
                .partitionKey(string("kocShard")).sortKey(string("kocRank"))
                .projectionType(ProjectionType.INCLUDE)
                .nonKeyAttributes(List.of("memberId", "displayName", "counters")).build());
        members.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName("byLastActive")
                .partitionKey(string("activityShard")).sortKey(string("lastActiveSeq"))
                .projectionType(ProjectionType.KEYS_ONLY).build());
        Table activities = table("Activities", "activities", "pk", "sk");
        activities.addLocalSecondaryIndex(LocalSecondaryIndexProps.builder().indexName("byRecorded")
                .sortKey(string("recordedSeq")).projectionType(ProjectionType.ALL).build());
        Table stats = table("Stats", "stats", "pk", "sk");
        Table perks = table("Perks", "perks", "pk", "sk");
        perks.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName("byDue")
                .partitionKey(string("dueShard"))
                .sortKey(Attribute.builder().name("dueAt").type(AttributeType.NUMBER).build())
                .projectionType(ProjectionType.ALL).build());
        perks.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName("openGrants")
                .partitionKey(string("openGrant")).sortKey(string("sk"))
                .projectionType(ProjectionType.KEYS_ONLY).build());
        // The outbox: its stream carries each PerkDelivered event to EventBridge (see definePerkEvents);
        // items expire 30 days after they were written.
        Table outbox = tableBuilder("Outbox", "outbox", "pk", "sk")
                .stream(StreamViewType.NEW_IMAGE)
                .timeToLiveAttribute("ttl")
                .build();
        tables.put("programs", programs);
        tables.put("members", members);
        tables.put("activities", activities);
        tables.put("stats", stats);
        tables.put("perks", perks);
        tables.put("outbox", outbox);
    }

    private Table table(String id, String name, String partitionKey, String sortKey) {
        return tableBuilder(id, name, partitionKey, sortKey).build();
    }

    /** Every table: on demand, point-in-time recovery, deletion protection, kept when the stack goes. */
    private Table.Builder tableBuilder(String id, String name, String partitionKey, String sortKey) {
        Table.Builder builder = Table.Builder.create(this, id)
                .tableName(settings.prefix() + "-" + name)
                .partitionKey(string(partitionKey))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN);
        if (sortKey != null) {
            builder.sortKey(string(sortKey));
        }
        return builder;
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    /** The brief's default program, written once at deployment if absent (seed/default-program.json). */
    private void seedDefaultProgram() {
        Table programs = tables.get("programs");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("TableName", programs.getTableName());
        parameters.put("Item", readJson(settings.repoRoot().resolve("infra/seed/default-program.json")));
        parameters.put("ConditionExpression", "attribute_not_exists(programId)");
        AwsCustomResource.Builder.create(this, "SeedDefaultProgram")
                .onCreate(AwsSdkCall.builder().service("DynamoDB").action("putItem").parameters(parameters)
                        .physicalResourceId(PhysicalResourceId.of("default-program"))
                        .ignoreErrorCodesMatching("ConditionalCheckFailedException").build())
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("dynamodb:PutItem")).resources(List.of(programs.getTableArn())).build())))
                .installLatestAwsSdk(false)
                .build();
        // The provider is a singleton function at stack level, created by AwsCustomResource.
        software.constructs.IConstruct provider = getNode()
                .findChild("AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", ""));
        acknowledge(provider.getNode().findChild("ServiceRole").getNode().getDefaultChild(),
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                "The one-off seeding custom resource's provider (CDK's own) uses the AWS-managed basic execution "
                        + "role for its logs; its only other permission is PutItem on the programs table.");
    }

    private static Object readJson(Path file) {
        try {
            return new ObjectMapper().readValue(Files.readString(file), Object.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    // --- Functions: one Lambda each, own role with exactly its table actions, own log group.

    private void defineFunction(FunctionSpec spec, Topic alarms) {
        String functionName = settings.prefix() + "-" + spec.name();
        String id = camel(spec.name());
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .logGroupName("/aws/lambda/" + functionName)
                .retention(retention(settings.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Runs " + functionName + ": its own log group and exactly its DynamoDB actions")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn())).build());
        new TreeMap<>(spec.access()).forEach((target, actions) -> role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW).actions(actions).resources(List.of(arnOf(target))).build()));

        Map<String, String> environment = new TreeMap<>(spec.environment());
        environment.put("QUARKUS_FUNQY_EXPORT", spec.name());
        environment.put("HEARTH_TABLE_PROGRAMS", tables.get("programs").getTableName());
        environment.put("HEARTH_TABLE_MEMBERS", tables.get("members").getTableName());
        environment.put("HEARTH_TABLE_ACTIVITIES", tables.get("activities").getTableName());
        environment.put("HEARTH_TABLE_STATS", tables.get("stats").getTableName());
        environment.put("HEARTH_TABLE_PERKS", tables.get("perks").getTableName());
        environment.put("HEARTH_TABLE_OUTBOX", tables.get("outbox").getTableName());
        if (settings.nativeRuntime()) {
            environment.put("DISABLE_SIGNAL_HANDLERS", "true");
        } else {
            // C1 only: the JIT's cheapest tier starts a short-lived JVM fastest.
            environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        }
        Function function = Function.Builder.create(this, id)
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
        acknowledge(role.getNode().findChild("DefaultPolicy").getNode().getDefaultChild(),
                "AwsSolutions-IAM5[Resource::*]",
                "Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which X-Ray only "
                        + "grants on resource *; every other statement names its log group, table or index.");
        acknowledge(function.getNode().getDefaultChild(), "AwsSolutions-L1",
                settings.nativeRuntime() ? "provided.al2023 is the newest OS-only runtime."
                        : "The JVM build targets java21, the runtime Hearth is built and tested for; the native "
                                + "build (provided.al2023) is the default deployment.");
        functions.put(spec.name(), function);

        alarm(id + "Errors", function.metricErrors(fiveMinutes()), functionName + " failed invocations", alarms);
        alarm(id + "Throttles", function.metricThrottles(fiveMinutes()), functionName + " was throttled", alarms);
        // A whole-program run skips a member it cannot process rather than stopping; each skip is a
        // log line with the marker, counted here and alarmed, so a skipped member is never silent.
        MetricFilter skipped = logs.addMetricFilter(id + "MembersSkipped", MetricFilterOptions.builder()
                .filterPattern(FilterPattern.literal(MEMBER_FAILED_MARKER))
                .metricNamespace("Hearth").metricName(functionName + "-members-skipped").metricValue("1").build());
        alarm(id + "MembersSkipped", skipped.metric(fiveMinutes()),
                functionName + " skipped a member it could not process; the log names the member", alarms);
    }

    /** The marker the functions log for a member a whole-program run skipped (ProgramReview.FAILURE_MARKER). */
    static final String MEMBER_FAILED_MARKER = "HEARTH_MEMBER_FAILED";

    private String arnOf(String target) {
        String[] parts = target.split("/", 2);
        String arn = tables.get(parts[0]).getTableArn();
        return parts.length == 1 ? arn : arn + "/" + parts[1];
    }

    // --- The storefront API: REST, IAM-authorised, body validated against the API document.

    private RestApi defineStorefrontApi(Topic alarms) {
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .retention(retention(settings.logRetentionDays())).removalPolicy(RemovalPolicy.DESTROY).build();
        RestApi api = RestApi.Builder.create(this, "StorefrontApi")
                .restApiName(settings.prefix() + "-storefront")
                .description("Hearth storefront API: POST /<function-name> with the function's event as body")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .apiKeySourceType(ApiKeySourceType.HEADER)
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder()
                        .stageName("v1")
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .metricsEnabled(true)
                        .tracingEnabled(true)
                        .throttlingRateLimit(200)
                        .throttlingBurstLimit(400)
                        .build())
                .defaultMethodOptions(MethodOptions.builder()
                        .authorizationType(AuthorizationType.IAM)
                        .apiKeyRequired(true)
                        .build())
                .build();
        acknowledge(api, "AwsSolutions-COG4", "Every method uses IAM (SigV4) authorization: the storefront calls "
                + "from its servers with a role, and there are no end users to sign in through Cognito.");
        acknowledge(api.getNode().findChild("CloudWatchRole").getNode().getDefaultChild(),
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
                "API Gateway's account-level role for execution logs uses the AWS-managed "
                        + "AmazonAPIGatewayPushToCloudWatchLogs policy, which is what the service documents.");

        RequestValidator validator = api.addRequestValidator("BodyValidator", RequestValidatorOptions.builder()
                .requestValidatorName("body-and-parameters").validateRequestBody(true).validateRequestParameters(true)
                .build());
        ApiDocument document = ApiDocument.read(settings.repoRoot());
        for (FunctionSpec spec : FunctionSpec.ALL) {
            if (spec.storefront() != document.functions().contains(spec.name())) {
                throw new IllegalStateException(spec.name() + (spec.storefront()
                        ? " is a storefront function but the API document has no /" + spec.name()
                        : " is not a storefront function but the API document has /" + spec.name()));
            }
        }
        for (String name : document.functions()) {
            Function function = functions.get(name);
            if (function == null) {
                throw new IllegalStateException("the API document has /" + name + " but no such function is deployed");
            }
            Model model = api.addModel(camel(name) + "Event", ModelOptions.builder()
                    .contentType("application/json").modelName(camel(name) + "Event")
                    .schema(document.requestSchema(name)).build());
            List<IntegrationResponse> responses = new ArrayList<>();
            responses.add(IntegrationResponse.builder().statusCode("200").build());
            List<MethodResponse> methodResponses = new ArrayList<>();
            methodResponses.add(MethodResponse.builder().statusCode("200").build());
            List<Integer> statuses = document.errorStatuses(name);
            for (int status : statuses) {
                responses.add(errorResponse(status, "^\\[" + status + "\\].*"));
                methodResponses.add(MethodResponse.builder().statusCode(Integer.toString(status)).build());
            }
            // Anything else the function throws is a server error, not a 200 carrying an error body. It
            // matches nothing the known statuses match, and answers a fixed text: the raw message may
            // carry AWS details (role ARNs, account ids) that are for the logs, not for callers.
            responses.add(IntegrationResponse.builder().statusCode("500").selectionPattern(catchAll(statuses))
                    .responseTemplates(Map.of("application/json", INTERNAL_ERROR)).build());
            methodResponses.add(MethodResponse.builder().statusCode("500").build());
            LambdaIntegration integration = LambdaIntegration.Builder.create(function)
                    .proxy(false)
                    .passthroughBehavior(PassthroughBehavior.NEVER)
                    .requestTemplates(Map.of("application/json", "$input.json('$')"))
                    .integrationResponses(responses)
                    .build();
            api.getRoot().addResource(name).addMethod("POST", integration, MethodOptions.builder()
                    .requestValidator(validator)
                    .requestModels(Map.of("application/json", model))
                    .methodResponses(methodResponses)
                    .build());
        }

        UsagePlan plan = api.addUsagePlan("StorefrontPlan", UsagePlanProps.builder()
                .name(settings.prefix() + "-storefront")
                .description("Identifies and throttles the storefront; authentication is IAM")
                .throttle(ThrottleSettings.builder().rateLimit(200).burstLimit(400).build())
                .apiStages(List.of(UsagePlanPerApiStage.builder().api(api).stage(api.getDeploymentStage()).build()))
                .build());
        IApiKey key = api.addApiKey("StorefrontKey");
        plan.addApiKey(key);
        CfnOutput.Builder.create(this, "ApiUrl").value(api.getUrl()).description("Storefront API base URL").build();
        CfnOutput.Builder.create(this, "ApiKeyId").value(key.getKeyId())
                .description("aws apigateway get-api-key --include-value --api-key <id>").build();

        defineBodySizeLimit(api);
        alarm("Api5xx", api.metricServerError(fiveMinutes()), "storefront API answered 5xx", alarms);
        return api;
    }

    /** The 500 answer's body: no detail of the failure, the request id to find it in the logs. */
    static final String INTERNAL_ERROR = "{\"errorMessage\": \"[500] INTERNAL_ERROR Hearth could not complete "
            + "the request; it is safe to send it again (request $context.requestId)\"}";

    /** Any error message but those that start with a documented status's prefix. */
    static String catchAll(List<Integer> statuses) {
        return "(?s)(?!\\[(?:" + String.join("|", statuses.stream().map(String::valueOf).toList()) + ")\\]).+";
    }

    private static IntegrationResponse errorResponse(int status, String pattern) {
        return IntegrationResponse.builder().statusCode(Integer.toString(status)).selectionPattern(pattern)
                .responseTemplates(Map.of("application/json",
                        "{\"errorMessage\": $input.json('$.errorMessage')}"))
                .build();
    }

    /** WAF in front of the stage: blocks bodies above the limit (API Gateway itself allows 10 MB). */
    private void defineBodySizeLimit(RestApi api) {
        CfnWebACL acl = CfnWebACL.Builder.create(this, "ApiFirewall")
                .scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility("hearth-api"))
                .rules(List.of(CfnWebACL.RuleProperty.builder()
                        .name("body-size-limit")
                        .priority(0)
                        .action(CfnWebACL.RuleActionProperty.builder()
                                .block(CfnWebACL.BlockActionProperty.builder().build()).build())
                        .statement(CfnWebACL.StatementProperty.builder()
                                .sizeConstraintStatement(CfnWebACL.SizeConstraintStatementProperty.builder()
                                        .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder()
                                                .body(CfnWebACL.BodyProperty.builder().oversizeHandling("MATCH").build())
                                                .build())
                                        .comparisonOperator("GT")
                                        .size(MAX_BODY_BYTES)
                                        .textTransformations(List.of(CfnWebACL.TextTransformationProperty.builder()
                                                .priority(0).type("NONE").build()))
                                        .build())
                                .build())
                        .visibilityConfig(visibility("hearth-body-size-limit"))
                        .build()))
                .associationConfig(CfnWebACL.AssociationConfigProperty.builder()
                        .requestBody(Map.of("API_GATEWAY", CfnWebACL.RequestBodyAssociatedResourceTypeConfigProperty
                                .builder().defaultSizeInspectionLimit("KB_16").build()))
                        .build())
                .build();
        CfnWebACLAssociation.Builder.create(this, "ApiFirewallAssociation")
                .resourceArn(api.getDeploymentStage().getStageArn())
                .webAclArn(acl.getAttrArn())
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String name) {
        return CfnWebACL.VisibilityConfigProperty.builder().metricName(name).sampledRequestsEnabled(true)
                .cloudWatchMetricsEnabled(true).build();
    }

    // --- Schedules: EventBridge Scheduler in the program's local time, with retries and a DLQ.

    private Queue defineSchedules(Topic alarms) {
        Queue deadLetters = Queue.Builder.create(this, "ScheduleDeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        acknowledge(deadLetters.getNode().getDefaultChild(), "AwsSolutions-SQS3",
                "This queue is itself the dead-letter queue of the schedules.");
        Role schedulerRole = Role.Builder.create(this, "SchedulerRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com"))
                .description("Lets the schedules invoke their functions and dead-letter failed invocations")
                .build();
        schedulerRole.addToPolicy(PolicyStatement.Builder.create().actions(List.of("sqs:SendMessage"))
                .resources(List.of(deadLetters.getQueueArn())).build());
        for (String program : settings.programs()) {
            String input = "{\"programId\":\"" + program + "\"}";
            // 00:30 local: yesterday has closed; the snapshot's default date is yesterday.
            schedule("DailyRetentionSnapshot", program, "cron(30 0 * * ? *)", "daily-retention-snapshot", input,
                    schedulerRole, deadLetters);
            // Every 15 minutes from 02:00 to 05:45 local: each call carries the night's review on from
            // its stored cursor, and once it is complete the remaining calls do nothing.
            schedule("NightlyTierReview", program, "cron(0/15 2-5 * * ? *)", "evaluate-tier", input,
                    schedulerRole, deadLetters);
            // Every 15 minutes: the first run of a local day gives the routine's steps, every run
            // delivers what has come due, expires what has passed and carries unfinished grants on.
            schedule("PerkDailyRun", program, "cron(0/15 * * * ? *)", "schedule-perk",
                    "{\"programId\":\"" + program + "\",\"run\":\"DAILY\"}", schedulerRole, deadLetters);
        }
        alarm("ScheduleDeadLetters", deadLetters.metricApproximateNumberOfMessagesVisible(fiveMinutes()),
                "a scheduled run failed after its retries", alarms);
        return deadLetters;
    }

    private void schedule(String id, String program, String cron, String functionName, String input, Role role,
            Queue deadLetters) {
        Function function = functions.get(functionName);
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(function.getFunctionArn())).build());
        CfnSchedule.Builder.create(this, id + camel(program))
                .name(settings.prefix() + "-" + functionName + "-" + program)
                .description(id + " of program " + program)
                .scheduleExpression(cron)
                .scheduleExpressionTimezone(settings.timeZone())
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(function.getFunctionArn())
                        .roleArn(role.getRoleArn())
                        .input(input)
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                .maximumRetryAttempts(3).maximumEventAgeInSeconds(3600).build())
                        .deadLetterConfig(CfnSchedule.DeadLetterConfigProperty.builder()
                                .arn(deadLetters.getQueueArn()).build())
                        .build())
                .state("ENABLED")
                .build();
    }

    // --- Perk events: the outbox's stream, through an EventBridge pipe, onto Hearth's event bus.

    /**
     * Each new outbox item (one per delivered perk, written in the delivering transaction) becomes a
     * {@code PerkDelivered} event on the bus, for fulfilment to subscribe to. No code runs: the
     * pipe reads the stream, keeps INSERTs (not TTL deletes), shapes the detail and puts it on the
     * bus; records it cannot deliver after its retries go to the dead-letter queue.
     */
    private void definePerkEvents(Queue deadLetters) {
        Table outbox = tables.get("outbox");
        EventBus bus = EventBus.Builder.create(this, "Events").eventBusName(settings.prefix() + "-events").build();
        Role role = Role.Builder.create(this, "PerkEventsPipeRole")
                .assumedBy(new ServicePrincipal("pipes.amazonaws.com"))
                .description("Reads the outbox stream and puts PerkDelivered events on the Hearth bus")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                        "dynamodb:ListStreams"))
                .resources(List.of(outbox.getTableStreamArn())).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("events:PutEvents"))
                .resources(List.of(bus.getEventBusArn())).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("sqs:SendMessage"))
                .resources(List.of(deadLetters.getQueueArn())).build());
        StringBuilder detail = new StringBuilder("{");
        List<String> fields = List.of("eventId", "programId", "memberId", "perkId", "source", "kind", "title", "note",
                "deliverAt", "deliveredAt", "expiresAt");
        for (int i = 0; i < fields.size(); i++) {
            detail.append(i == 0 ? "" : ", ").append('"').append(fields.get(i)).append("\": \"<$.dynamodb.NewImage.")
                    .append(fields.get(i)).append(".S>\"");
        }
        detail.append('}');
        CfnPipe.Builder.create(this, "PerkEventsPipe")
                .name(settings.prefix() + "-perk-events")
                .description("Outbox stream -> PerkDelivered events on " + settings.prefix() + "-events")
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
                                        .pattern("{\"eventName\": [\"INSERT\"]}").build()))
                                .build())
                        .build())
                .target(bus.getEventBusArn())
                .targetParameters(CfnPipe.PipeTargetParametersProperty.builder()
                        .eventBridgeEventBusParameters(CfnPipe.PipeTargetEventBridgeEventBusParametersProperty.builder()
                                .detailType("PerkDelivered").source("hearth.perks").build())
                        .inputTemplate(detail.toString())
                        .build())
                .build();
    }

    // --- Operations: alarms (above), one dashboard, the console's test events.

    private void alarm(String id, IMetric metric, String description, Topic topic) {
        Alarm alarm = Alarm.Builder.create(this, id + "Alarm")
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
    }

    private void defineDashboard(RestApi api, Queue deadLetters) {
        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(settings.prefix()).build();
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
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Storefront API").left(List.of(api.metricCount(fiveMinutes()),
                        api.metricClientError(fiveMinutes()), api.metricServerError(fiveMinutes()))).width(12).build(),
                GraphWidget.Builder.create().title("Schedule dead letters")
                        .left(List.of(deadLetters.metricApproximateNumberOfMessagesVisible(fiveMinutes()))).width(12)
                        .build());
    }

    private void defineTestEvents() {
        CfnRegistry registry = null;
        if (settings.createTestEventRegistry()) {
            registry = CfnRegistry.Builder.create(this, "TestEventRegistry").registryName(TEST_EVENT_REGISTRY)
                    .description("Shareable test events of the Lambda console").build();
        }
        for (FunctionSpec spec : FunctionSpec.ALL) {
            Map<String, JsonNode> events = SampleEvents.of(settings.repoRoot(), spec.name());
            if (events.isEmpty()) {
                continue;
            }
            CfnSchema schema = CfnSchema.Builder.create(this, camel(spec.name()) + "TestEvents")
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

    // --- small pieces

    private static MetricOptions fiveMinutes() {
        return MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
    }

    private static MetricOptions labelled(String label) {
        return MetricOptions.builder().label(label).period(Duration.minutes(5)).statistic("Sum").build();
    }

    /** Acknowledges one cdk-nag finding on the exact construct it is reported on, with the reason. */
    private static void acknowledge(software.constructs.IConstruct construct, String id, String reason) {
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

    private static RetentionDays retention(int days) {
        return switch (days) {
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            default -> RetentionDays.ONE_MONTH;
        };
    }
}
