package dev.hearth.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodDeploymentOptions;
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
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.wafv2.CfnLoggingConfiguration;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;

/**
 * The storefront API: REST, IAM-authorised with an API key, each body validated against the API
 * document, each documented error status mapped, a WAF body-size limit in front.
 */
final class StorefrontApi {

    /** Most requests one address may send in 5 minutes: the stage's 200 per second, for all 300 seconds. */
    static final long RATE_PER_ADDRESS = 200L * 300;

    /** Largest request body the edge lets through; Hearth's events are well under 2 KB. */
    static final long MAX_BODY_BYTES = 16 * 1024;

    /** The 500 answer's body: no detail of the failure, the request id to find it in the logs. */
    static final String INTERNAL_ERROR = "{\"errorMessage\": \"[500] INTERNAL_ERROR Hearth could not complete "
            + "the request; it is safe to send it again (request $context.requestId)\"}";

    private final Stack stack;
    private final Settings settings;
    private final Functions functions;
    private final RestApi api;

    StorefrontApi(Stack stack, Settings settings, Functions functions, Topic alarms) {
        this.stack = stack;
        this.settings = settings;
        this.functions = functions;
        this.api = define(alarms);
    }

    RestApi api() {
        return api;
    }

    private RestApi define(Topic alarms) {
        LogGroup accessLogs = LogGroup.Builder.create(stack, "ApiAccessLogs")
                .retention(Operations.retention(settings.logRetentionDays())).removalPolicy(RemovalPolicy.DESTROY).build();
        RestApi api = RestApi.Builder.create(stack, "StorefrontApi")
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
                        .methodOptions(methodThrottles())
                        .build())
                // Only principals of this account may call it (with IAM signing and the key on top).
                .policy(PolicyDocument.Builder.create().statements(List.of(PolicyStatement.Builder.create()
                        .principals(List.of(new AccountPrincipal(stack.getAccount())))
                        .actions(List.of("execute-api:Invoke")).resources(List.of("execute-api:/*")).build()))
                        .build())
                .defaultMethodOptions(MethodOptions.builder()
                        .authorizationType(AuthorizationType.IAM)
                        .apiKeyRequired(true)
                        .build())
                .build();
        Operations.acknowledge(api, "AwsSolutions-COG4", "Every method uses IAM (SigV4) authorization: the storefront calls "
                + "from its servers with a role, and there are no end users to sign in through Cognito.");
        Operations.acknowledge(api.getNode().findChild("CloudWatchRole").getNode().getDefaultChild(),
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
            IFunction function = functions.live(name);
            if (function == null) {
                throw new IllegalStateException("the API document has /" + name + " but no such function is deployed");
            }
            Model model = api.addModel(Operations.camel(name) + "Event", ModelOptions.builder()
                    .contentType("application/json").modelName(Operations.camel(name) + "Event")
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
        CfnOutput.Builder.create(stack, "ApiUrl").value(api.getUrl()).description("Storefront API base URL").build();
        CfnOutput.Builder.create(stack, "ApiKeyId").value(key.getKeyId())
                .description("aws apigateway get-api-key --include-value --api-key <id>").build();

        defineBodySizeLimit(api);
        Operations.alarm(stack, "Api5xx", api.metricServerError(Operations.fiveMinutes()), "storefront API answered 5xx", alarms);
        return api;
    }

    /**
     * Each route's own limit (requests per second; the burst is twice it), within the stage's 200: an
     * award is the storefront's busiest call; a profile change or a perk far rarer, so a client
     * looping on one cannot use the whole API's allowance.
     */
    static final Map<String, Integer> REQUESTS_PER_SECOND = Map.of("award-points", 200, "onboard-member", 100,
            "get-member", 100, "update-member", 50, "evaluate-tier", 50, "schedule-perk", 50, "redeem-reward", 50);

    private static Map<String, MethodDeploymentOptions> methodThrottles() {
        Map<String, MethodDeploymentOptions> options = new java.util.TreeMap<>();
        REQUESTS_PER_SECOND.forEach((function, rate) -> options.put("/" + function + "/POST",
                MethodDeploymentOptions.builder().throttlingRateLimit(rate).throttlingBurstLimit(rate * 2).build()));
        return options;
    }

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

    /** AWS's managed rule group for known exploit patterns. */
    static final String KNOWN_BAD_INPUTS = "AWSManagedRulesKnownBadInputsRuleSet";

    /**
     * WAF in front of the stage: blocks bodies above the limit (API Gateway itself allows 10 MB), an
     * address past the whole API's allowance, and known exploit patterns.
     */
    private void defineBodySizeLimit(RestApi api) {
        CfnWebACL acl = CfnWebACL.Builder.create(stack, "ApiFirewall")
                .scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility("hearth-api"))
                .rules(List.of(CfnWebACL.RuleProperty.builder()
                        // One address may not send more than the whole API's allowance (200/s over
                        // 5 minutes): the storefront calls from a few servers, anything above is a loop
                        // or someone else.
                        .name("rate-per-address")
                        .priority(1)
                        .action(CfnWebACL.RuleActionProperty.builder()
                                .block(CfnWebACL.BlockActionProperty.builder().build()).build())
                        .statement(CfnWebACL.StatementProperty.builder()
                                .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                        .aggregateKeyType("IP").limit(RATE_PER_ADDRESS).evaluationWindowSec(300).build())
                                .build())
                        .visibilityConfig(visibility("hearth-rate-per-address"))
                        .build(), CfnWebACL.RuleProperty.builder()
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
                        .build(), CfnWebACL.RuleProperty.builder()
                        // AWS's rules for request patterns known to exploit software (Log4j's
                        // lookups, Java deserialization, localhost Host headers): Hearth is Java.
                        .name("known-bad-inputs")
                        .priority(2)
                        .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                        .statement(CfnWebACL.StatementProperty.builder()
                                .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                        .vendorName("AWS").name(KNOWN_BAD_INPUTS).build())
                                .build())
                        .visibilityConfig(visibility("hearth-known-bad-inputs"))
                        .build()))
                .associationConfig(CfnWebACL.AssociationConfigProperty.builder()
                        .requestBody(Map.of("API_GATEWAY", CfnWebACL.RequestBodyAssociatedResourceTypeConfigProperty
                                .builder().defaultSizeInspectionLimit("KB_16").build()))
                        .build())
                .build();
        // What the firewall blocked, and why: WAF writes to a log group whose name starts aws-waf-logs-.
        LogGroup firewallLogs = LogGroup.Builder.create(stack, "ApiFirewallLogs")
                .logGroupName("aws-waf-logs-" + settings.prefix() + "-api")
                .retention(Operations.retention(settings.logRetentionDays())).removalPolicy(RemovalPolicy.DESTROY)
                .build();
        CfnLoggingConfiguration.Builder.create(stack, "ApiFirewallLogging").resourceArn(acl.getAttrArn())
                .logDestinationConfigs(List.of(firewallLogs.getLogGroupArn())).build();
        CfnWebACLAssociation.Builder.create(stack, "ApiFirewallAssociation")
                .resourceArn(api.getDeploymentStage().getStageArn())
                .webAclArn(acl.getAttrArn())
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String name) {
        return CfnWebACL.VisibilityConfigProperty.builder().metricName(name).sampledRequestsEnabled(true)
                .cloudWatchMetricsEnabled(true).build();
    }
}
