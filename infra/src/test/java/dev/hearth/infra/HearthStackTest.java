package dev.hearth.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.sqs.Queue;

/** The synthesized template, checked point by point against what the deployment must be. */
class HearthStackTest {

    @TempDir
    static Path dir;

    /** The default deployment: JVM zip only, x86_64. */
    static JsonNode jvm;

    @BeforeAll
    static void synth() {
        jvm = Synth.template(Map.of("hearth:functionZip", Synth.zip(dir, false).toString(),
                "hearth:nativeFunctionZip", dir.resolve("absent.zip").toString()));
    }

    private static Map<String, JsonNode> resources(JsonNode template, String type) {
        Map<String, JsonNode> found = new TreeMap<>();
        template.get("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().get("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    private static JsonNode function(JsonNode template, String name) {
        return resources(template, "AWS::Lambda::Function").values().stream()
                .filter(f -> ("hearth-" + name).equals(f.at("/Properties/FunctionName").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no function hearth-" + name));
    }

    @Test
    void tablesAreOnDemandRecoverableProtectedAndRetained() {
        Map<String, JsonNode> tables = resources(jvm, "AWS::DynamoDB::Table");
        assertEquals(7, tables.size());
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode table : tables.values()) {
            assertEquals("Retain", table.get("DeletionPolicy").asText());
            assertEquals("Retain", table.get("UpdateReplacePolicy").asText());
            JsonNode p = table.get("Properties");
            assertEquals("PAY_PER_REQUEST", p.get("BillingMode").asText());
            assertTrue(p.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean());
            assertTrue(p.get("DeletionProtectionEnabled").asBoolean());
            byName.put(p.get("TableName").asText(), p);
        }
        assertEquals(Set.of("hearth-programs", "hearth-members", "hearth-activities", "hearth-stats", "hearth-perks",
                "hearth-outbox", "hearth-squads"), byName.keySet());
        assertEquals("sk", byName.get("hearth-squads").at("/KeySchema/1/AttributeName").asText());
        assertEquals("sk", byName.get("hearth-stats").at("/KeySchema/1/AttributeName").asText());
        assertEquals("programId", byName.get("hearth-programs").at("/KeySchema/0/AttributeName").asText());
        JsonNode members = byName.get("hearth-members");
        assertEquals("pk", members.at("/KeySchema/0/AttributeName").asText());
        assertEquals("byProgram", members.at("/GlobalSecondaryIndexes/0/IndexName").asText());
        assertEquals("programShard", members.at("/GlobalSecondaryIndexes/0/KeySchema/0/AttributeName").asText());
        assertEquals("memberId", members.at("/GlobalSecondaryIndexes/0/KeySchema/1/AttributeName").asText());
        assertEquals("INCLUDE", members.at("/GlobalSecondaryIndexes/0/Projection/ProjectionType").asText());
        assertEquals("[\"tier\",\"tags\",\"squads\"]",
                members.at("/GlobalSecondaryIndexes/0/Projection/NonKeyAttributes").toString());
        assertEquals("byJoined", members.at("/GlobalSecondaryIndexes/1/IndexName").asText());
        assertEquals("joinedSeq", members.at("/GlobalSecondaryIndexes/1/KeySchema/1/AttributeName").asText());
        assertEquals("byKoc", members.at("/GlobalSecondaryIndexes/2/IndexName").asText());
        assertEquals("kocRank", members.at("/GlobalSecondaryIndexes/2/KeySchema/1/AttributeName").asText());
        assertEquals("byLastActive", members.at("/GlobalSecondaryIndexes/3/IndexName").asText());
        assertEquals("lastActiveSeq", members.at("/GlobalSecondaryIndexes/3/KeySchema/1/AttributeName").asText());
        JsonNode perks = byName.get("hearth-perks");
        assertEquals("byDue", perks.at("/GlobalSecondaryIndexes/0/IndexName").asText());
        assertEquals("dueAt", perks.at("/GlobalSecondaryIndexes/0/KeySchema/1/AttributeName").asText());
        assertEquals("openGrants", perks.at("/GlobalSecondaryIndexes/1/IndexName").asText());
        JsonNode activities = byName.get("hearth-activities");
        assertEquals("sk", activities.at("/KeySchema/1/AttributeName").asText());
        assertEquals("byRecorded", activities.at("/LocalSecondaryIndexes/0/IndexName").asText());
        assertEquals("recordedSeq", activities.at("/LocalSecondaryIndexes/0/KeySchema/1/AttributeName").asText());
    }

    @Test
    void oneLambdaPerFunctionWithItsExportTracingAndItsOwnLogGroup() {
        // The JVM handler the stack names is a class of the application.
        assertTrue(Files.exists(Path.of("../src/main/java", Functions.JVM_HANDLER.replaceAll("::.*", "")
                .replace('.', '/') + ".java")), Functions.JVM_HANDLER);
        for (FunctionSpec spec : FunctionSpec.ALL) {
            JsonNode p = function(jvm, spec.name()).get("Properties");
            assertEquals(spec.name(), p.at("/Environment/Variables/QUARKUS_FUNQY_EXPORT").asText());
            assertEquals("java21", p.get("Runtime").asText());
            assertEquals(Functions.JVM_HANDLER, p.get("Handler").asText());
            assertEquals("arm64", p.at("/Architectures/0").asText(), "the JVM build's default: Graviton");
            assertEquals("Active", p.at("/TracingConfig/Mode").asText());
            assertEquals("JSON", p.at("/LoggingConfig/LogFormat").asText());
            assertEquals(spec.jvmMemoryMb(), p.get("MemorySize").asInt());
            assertEquals(spec.timeoutSeconds(), p.get("Timeout").asInt());
            for (String table : List.of("PROGRAMS", "MEMBERS", "ACTIVITIES", "STATS")) {
                assertNotNull(p.at("/Environment/Variables/HEARTH_TABLE_" + table).get("Ref"), table);
            }
            String logGroup = p.at("/LoggingConfig/LogGroup/Ref").asText();
            JsonNode logs = jvm.get("Resources").get(logGroup).get("Properties");
            assertEquals("/aws/lambda/hearth-" + spec.name(), logs.get("LogGroupName").asText());
            assertEquals(30, logs.get("RetentionInDays").asInt());
        }
        assertEquals(FunctionSpec.ALL.size(), functionRoles(jvm).size(), "one role per function");
    }

    private static Map<String, String> functionRoles(JsonNode template) {
        Map<String, String> roles = new TreeMap<>();
        for (FunctionSpec spec : FunctionSpec.ALL) {
            roles.put(spec.name(), function(template, spec.name()).at("/Properties/Role/Fn::GetAtt/0").asText());
        }
        return roles;
    }

    /**
     * What each function's code does to DynamoDB: its functions/NAME/grants.json, which the
     * application's GrantsTest holds equal to the calls the function makes (recorded on DynamoDB
     * Local), so that the role is neither narrower nor wider than the code.
     */
    private static Set<String> tableGrants(String function) {
        Set<String> all = new TreeSet<>();
        FunctionSpec.grants(Path.of(".."), function).forEach((target, actions) -> actions.forEach(
                a -> all.add(a + " on " + target)));
        return all;
    }

    /**
     * A grant limited to some partition keys (award-points, onboard-member and update-member may
     * only add to counter shards of the stats table, never a stored snapshot or a run's cursor)
     * carries them as the statement's dynamodb:LeadingKeys condition.
     */
    @Test
    void grantsLimitedToKeysCarryTheirCondition() {
        int limited = 0;
        for (FunctionSpec spec : FunctionSpec.ALL) {
            for (var grant : FunctionSpec.grantsOf(Path.of(".."), spec.name()).entrySet()) {
                if (grant.getValue().leadingKeys().isEmpty()) {
                    continue;
                }
                limited++;
                String role = functionRoles(jvm).get(spec.name());
                List<JsonNode> conditioned = new ArrayList<>();
                for (JsonNode policy : resources(jvm, "AWS::IAM::Policy").values()) {
                    if (policy.at("/Properties/Roles/0/Ref").asText().equals(role)) {
                        policy.at("/Properties/PolicyDocument/Statement").forEach(s -> {
                            if (s.has("Condition")) {
                                conditioned.add(s);
                            }
                        });
                    }
                }
                assertEquals(1, conditioned.size(), spec.name());
                JsonNode statement = conditioned.get(0);
                assertEquals(grant.getValue().leadingKeys(), texts(statement.at(
                        "/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys")), spec.name());
                assertEquals(grant.getValue().actions(), texts(statement.get("Action")), spec.name());
            }
        }
        assertEquals(3, limited, "award-points', onboard-member's and update-member's stats grants");
    }

    /** Each role may do exactly its function's table actions, write its own logs, and send traces. */
    @Test
    void everyRoleHasLeastPrivilege() {
        Map<String, String> tableIds = new HashMap<>();
        resources(jvm, "AWS::DynamoDB::Table").forEach((id, t) ->
                tableIds.put(id, t.at("/Properties/TableName").asText().replace("hearth-", "")));
        for (Map.Entry<String, String> role : functionRoles(jvm).entrySet()) {
            String function = role.getKey();
            Set<String> granted = new TreeSet<>();
            for (JsonNode policy : resources(jvm, "AWS::IAM::Policy").values()) {
                boolean attached = false;
                for (JsonNode r : policy.at("/Properties/Roles")) {
                    attached |= r.get("Ref").asText().equals(role.getValue());
                }
                if (!attached) {
                    continue;
                }
                for (JsonNode statement : policy.at("/Properties/PolicyDocument/Statement")) {
                    assertEquals("Allow", statement.get("Effect").asText());
                    for (String action : texts(statement.get("Action"))) {
                        for (JsonNode resource : list(statement.get("Resource"))) {
                            granted.add(action + " on " + target(resource, tableIds, function));
                        }
                    }
                }
            }
            Set<String> expected = new TreeSet<>(Set.of("logs:CreateLogStream on own-logs",
                    "logs:PutLogEvents on own-logs", "xray:PutTelemetryRecords on *", "xray:PutTraceSegments on *"));
            expected.addAll(tableGrants(function));
            if (function.equals("import-members")) {
                expected.add("s3:GetObject on bucket ImportBucket/*"); // the file it imports, and no other bucket
            }
            if (function.equals("run-programs")) {
                expected.add("sqs:SendMessage on queue RunProgramsFailed"); // its failed runs, and nothing else
            }
            if (function.equals(CounterFolds.FUNCTION)) {
                // what its event-source mapping reads, on the activities stream only (not the table)
                for (String action : List.of("DescribeStream", "GetRecords", "GetShardIterator", "ListStreams")) {
                    expected.add("dynamodb:" + action + " on activities stream");
                }
            }
            if (Reports.WRITERS.contains(function)) {
                expected.add("s3:PutObject on bucket ReportBucket/*"); // the reports of the snapshots it takes
            }
            assertEquals(expected, granted, function);
        }
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        return items;
    }

    private static List<String> texts(JsonNode node) {
        return list(node).stream().map(JsonNode::asText).toList();
    }

    /** A statement's resource in words: a table, table/index/NAME, the function's own log group, or *. */
    private static String target(JsonNode resource, Map<String, String> tableIds, String function) {
        if (resource.isTextual()) {
            return resource.asText();
        }
        if (resource.has("Fn::GetAtt")) {
            String id = resource.at("/Fn::GetAtt/0").asText();
            if (tableIds.containsKey(id)) {
                return tableIds.get(id) + (resource.at("/Fn::GetAtt/1").asText().equals("StreamArn") ? " stream" : "");
            }
            if (jvm.get("Resources").get(id).get("Type").asText().equals("AWS::SQS::Queue")) {
                return "queue " + id.replaceAll("[0-9A-F]{8}$", "");
            }
            String logGroupName = jvm.get("Resources").get(id).at("/Properties/LogGroupName").asText();
            return logGroupName.equals("/aws/lambda/hearth-" + function) ? "own-logs" : "log group " + logGroupName;
        }
        JsonNode parts = resource.at("/Fn::Join/1");
        String id = parts.at("/0/Fn::GetAtt/0").asText();
        String type = jvm.get("Resources").get(id).get("Type").asText();
        return (type.equals("AWS::S3::Bucket") ? "bucket " + id.replaceAll("[0-9A-F]{8}$", "")
                : tableIds.get(id)) + parts.get(1).asText();
    }

    /**
     * The import bucket (files deleted after 30 days) and the report bucket (reports after 400):
     * private, encrypted, TLS only, their names outputs; the snapshot's functions know where to write.
     */
    @Test
    void importFilesAndReportsLandInPrivateEncryptedBucketsThatForgetThem() {
        Map<String, JsonNode> buckets = resources(jvm, "AWS::S3::Bucket");
        Map<String, Integer> keepDays = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : buckets.entrySet()) {
            JsonNode bucket = entry.getValue().get("Properties");
            assertEquals("AES256", bucket.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm").asText());
            for (String block : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
                assertTrue(bucket.at("/PublicAccessBlockConfiguration/" + block).asBoolean(), block);
            }
            keepDays.put(entry.getKey().replaceAll("[0-9A-F]{8}$", ""),
                    bucket.at("/LifecycleConfiguration/Rules/0/ExpirationInDays").asInt());
        }
        assertEquals(Map.of("ImportBucket", Imports.KEEP_DAYS, "ReportBucket", Reports.KEEP_DAYS), keepDays);
        Map<String, JsonNode> policies = resources(jvm, "AWS::S3::BucketPolicy");
        assertEquals(2, policies.size());
        policies.values().forEach(policy -> assertTrue(policy.toString().contains("aws:SecureTransport"), policy.toString()));
        assertTrue(jvm.at("/Outputs").toString().contains("ImportBucketName"));
        assertTrue(jvm.at("/Outputs").toString().contains("ReportBucketName"));
        String reportBucket = buckets.keySet().stream().filter(id -> id.startsWith("ReportBucket")).findFirst().orElseThrow();
        for (FunctionSpec spec : FunctionSpec.ALL) {
            JsonNode where = function(jvm, spec.name()).at("/Properties/Environment/Variables/HEARTH_REPORTS_BUCKET");
            assertEquals(Reports.WRITERS.contains(spec.name()), !where.isMissingNode(), spec.name());
            if (!where.isMissingNode()) {
                assertEquals(reportBucket, where.get("Ref").asText());
            }
        }
    }

    @Test
    void theNativeZipIsDeployedOnProvidedAl2023AndArchitectureIsAParameter() {
        Path nativeZip = Synth.zip(dir, true);
        JsonNode nativeArm = Synth.template(Map.of("hearth:functionZip", Synth.zip(dir, false).toString(),
                "hearth:nativeFunctionZip", nativeZip.toString(), "hearth:architecture", "arm64"));
        for (FunctionSpec spec : FunctionSpec.ALL) {
            JsonNode p = function(nativeArm, spec.name()).get("Properties");
            assertEquals("provided.al2023", p.get("Runtime").asText());
            assertEquals("arm64", p.at("/Architectures/0").asText());
            assertEquals(spec.nativeMemoryMb(), p.get("MemorySize").asInt());
            assertEquals("true", p.at("/Environment/Variables/DISABLE_SIGNAL_HANDLERS").asText());
        }
    }

    @Test
    void theRuntimeFlagDeploysTheJvmZipEvenWhenANativeOneExists() {
        JsonNode forcedJvm = Synth.template(Map.of("hearth:functionZip", Synth.zip(dir, false).toString(),
                "hearth:nativeFunctionZip", Synth.zip(dir, true).toString(), "hearth:runtime", "jvm"));
        assertEquals("java21", function(forcedJvm, "award-points").at("/Properties/Runtime").asText());
        IllegalStateException wrongZip = assertThrows(IllegalStateException.class, () -> Synth.template(Map.of(
                "hearth:functionZip", Synth.zip(dir, true).toString(), "hearth:runtime", "jvm")));
        assertTrue(wrongZip.getMessage().contains("is a native build"));
    }

    @Test
    void everyRouteIsIamAuthorisedKeyedValidatedAndNonProxy() {
        Map<String, JsonNode> methods = resources(jvm, "AWS::ApiGateway::Method");
        assertEquals(FunctionSpec.ALL.size() - OPERATOR_ONLY.size(), methods.size());
        for (JsonNode method : methods.values()) {
            JsonNode p = method.get("Properties");
            assertEquals("POST", p.get("HttpMethod").asText());
            assertEquals("AWS_IAM", p.get("AuthorizationType").asText());
            assertTrue(p.get("ApiKeyRequired").asBoolean());
            assertNotNull(p.get("RequestValidatorId"));
            assertNotNull(p.at("/RequestModels/application~1json").get("Ref"));
            assertEquals("AWS", p.at("/Integration/Type").asText(), "non-proxy: the body is the function's event");
            assertEquals("NEVER", p.at("/Integration/PassthroughBehavior").asText());
            Map<String, String> patterns = new TreeMap<>();
            for (JsonNode response : p.at("/Integration/IntegrationResponses")) {
                patterns.put(response.get("StatusCode").asText(),
                        response.has("SelectionPattern") ? response.get("SelectionPattern").asText() : "");
            }
            assertEquals("", patterns.get("200"));
            assertEquals("^\\[400\\].*", patterns.get("400"));
            assertEquals("^\\[404\\].*", patterns.get("404"));
            assertTrue(patterns.get("500").startsWith("(?s)(?!\\[(?:400|") && patterns.get("500").contains("|404|"),
                    patterns.get("500"));
            // The catch-all takes what no documented status takes, and answers without the raw message.
            java.util.regex.Pattern catchAll = java.util.regex.Pattern.compile(patterns.get("500"));
            for (String status : patterns.keySet()) {
                if (!status.equals("200") && !status.equals("500")) {
                    assertTrue(!catchAll.matcher("[" + status + "] CODE field: problem").matches(), status);
                }
            }
            assertTrue(catchAll.matcher("User: arn:aws:sts::123456789012:assumed-role/x is not authorized").matches());
            assertTrue(catchAll.matcher("[500] java.lang.NullPointerException\n\tat x").matches());
            for (JsonNode response : p.at("/Integration/IntegrationResponses")) {
                if (response.get("StatusCode").asText().equals("500")) {
                    String template = response.at("/ResponseTemplates/application~1json").asText();
                    assertTrue(!template.contains("$input"), "the 500 answer never echoes the error: " + template);
                }
            }
        }
        JsonNode validator = resources(jvm, "AWS::ApiGateway::RequestValidator").values().iterator().next();
        assertTrue(validator.at("/Properties/ValidateRequestBody").asBoolean());
    }

    /**
     * The markers the stack counts are the ones the functions log (one source: edge/FailureMarker):
     * skipped members, and rejections, in every function's log group.
     */
    @Test
    void skippedMembersAndRejectionsAreCountedFromTheMarkersTheFunctionsLog() throws Exception {
        String source = java.nio.file.Files.readString(java.nio.file.Path.of(
                "../src/main/java/dev/hearth/edge/FailureMarker.java"));
        assertTrue(source.contains("MEMBER_FAILED = \"" + Functions.MEMBER_FAILED_MARKER + "\""));
        assertTrue(source.contains("REJECTED = \"" + Functions.REJECTED_MARKER + "\""));
        assertTrue(source.contains("FAILED = \"" + Functions.FAILED_MARKER + "\""));
        assertTrue(source.contains("RUN_LATE = \"" + Functions.RUN_LATE_MARKER + "\""));
        Map<String, Integer> filtersByPattern = new TreeMap<>();
        Map<String, JsonNode> filters = resources(jvm, "AWS::Logs::MetricFilter");
        for (JsonNode filter : filters.values()) {
            filtersByPattern.merge(filter.at("/Properties/FilterPattern").asText(), 1, Integer::sum);
        }
        assertEquals(Map.of(Functions.MEMBER_FAILED_MARKER, FunctionSpec.ALL.size(),
                Functions.REJECTED_MARKER, FunctionSpec.ALL.size(), Functions.RUN_LATE_MARKER, 1), filtersByPattern);
        JsonNode late = filters.values().stream().filter(f -> f.at("/Properties/FilterPattern").asText()
                .equals(Functions.RUN_LATE_MARKER)).findFirst().orElseThrow();
        String group = late.at("/Properties/LogGroupName/Ref").asText();
        assertEquals("/aws/lambda/hearth-run-programs", jvm.at("/Resources/" + group + "/Properties/LogGroupName").asText());
        assertTrue(resources(jvm, "AWS::CloudWatch::Alarm").keySet().stream().anyMatch(k -> k.startsWith("NightlyRunsLateAlarm")));
    }

    /** Functions only schedules and operators call: deployed, but not on the storefront API. */
    static final Set<String> OPERATOR_ONLY = Set.of("daily-retention-snapshot", "manage-squad", "manage-program",
            "get-program", "run-programs", "erase-member",
            "import-members", "fold-counters"); // fold-counters: the activities stream's only

    /** The deployed routes and their request schemas are the written API document's. */
    @Test
    void theDeployedRoutesAndTheApiDocumentAgree() throws Exception {
        JsonNode document = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("..").resolve(ApiDocument.LOCATION).toFile());
        Set<String> documented = new TreeSet<>();
        document.get("paths").fieldNames().forEachRemaining(p -> documented.add(p.substring(1)));
        Set<String> deployed = resources(jvm, "AWS::ApiGateway::Resource").values().stream()
                .map(r -> r.at("/Properties/PathPart").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(documented, deployed);
        Set<String> folders;
        try (Stream<Path> list = Files.list(Path.of("../functions"))) {
            folders = list.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        folders.removeAll(OPERATOR_ONLY);
        assertEquals(folders, deployed, "every storefront function folder is a route");
        for (JsonNode model : resources(jvm, "AWS::ApiGateway::Model").values()) {
            JsonNode schema = model.at("/Properties/Schema");
            String function = documented.stream()
                    .filter(f -> model.at("/Properties/Name").asText().equals(Operations.camel(f) + "Event"))
                    .findFirst().orElseThrow();
            String ref = document.at("/paths/~1" + function + "/post/requestBody/content/application~1json/schema/$ref")
                    .asText();
            JsonNode source = document.at(ref.substring(1));
            assertEquals(source.get("required"), schema.get("required"), function);
            assertEquals(Synth.JSON.valueToTree(iterable(source.get("properties").fieldNames())),
                    Synth.JSON.valueToTree(iterable(schema.get("properties").fieldNames())), function);
            assertFalse(schema.get("additionalProperties").asBoolean(), function);
        }
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void theStageLogsTracesThrottlesAndSitsBehindABodySizeLimit() {
        JsonNode stage = resources(jvm, "AWS::ApiGateway::Stage").values().iterator().next().get("Properties");
        assertNotNull(stage.at("/AccessLogSetting/DestinationArn").get("Fn::GetAtt"));
        assertTrue(stage.get("TracingEnabled").asBoolean());
        JsonNode plan = resources(jvm, "AWS::ApiGateway::UsagePlan").values().iterator().next().get("Properties");
        assertEquals(200, plan.at("/Throttle/RateLimit").asInt());
        assertEquals(1, resources(jvm, "AWS::ApiGateway::ApiKey").size());
        assertEquals(1, resources(jvm, "AWS::ApiGateway::UsagePlanKey").size());
        JsonNode acl = resources(jvm, "AWS::WAFv2::WebACL").values().iterator().next().get("Properties");
        Map<String, JsonNode> rules = new TreeMap<>();
        acl.get("Rules").forEach(r -> rules.put(r.get("Name").asText(), r));
        assertEquals(Set.of("body-size-limit", "rate-per-address", "known-bad-inputs"), rules.keySet());
        JsonNode size = rules.get("body-size-limit").at("/Statement/SizeConstraintStatement");
        assertEquals(StorefrontApi.MAX_BODY_BYTES, size.get("Size").asLong());
        assertEquals("GT", size.get("ComparisonOperator").asText());
        JsonNode rate = rules.get("rate-per-address").at("/Statement/RateBasedStatement");
        assertEquals("IP", rate.get("AggregateKeyType").asText());
        assertEquals(200 * 300, rate.get("Limit").asLong(), "the stage's whole allowance, from one address");
        // AWS's known-bad-inputs group blocks as its rules say (none of them overridden to count): Log4j lookups among them.
        JsonNode knownBad = rules.remove("known-bad-inputs");
        assertEquals(StorefrontApi.KNOWN_BAD_INPUTS, knownBad.at("/Statement/ManagedRuleGroupStatement/Name").asText());
        assertTrue(knownBad.at("/OverrideAction/None").isObject(), knownBad.toString());
        assertTrue(knownBad.at("/Statement/ManagedRuleGroupStatement/RuleActionOverrides").isMissingNode());
        rules.values().forEach(r -> assertFalse(r.at("/Action/Block").isMissingNode(), r.toString()));
        JsonNode association = resources(jvm, "AWS::WAFv2::WebACLAssociation").values().iterator().next();
        assertTrue(association.at("/Properties/ResourceArn").toString().contains("/stages/"));
        JsonNode logging = resources(jvm, "AWS::WAFv2::LoggingConfiguration").values().iterator().next();
        String group = logging.at("/Properties/LogDestinationConfigs/0/Fn::GetAtt/0").asText();
        assertTrue(jvm.at("/Resources/" + group + "/Properties/LogGroupName").asText().startsWith("aws-waf-logs-"));

        // Each route has its own limit, within the stage's; every storefront route has one.
        Map<String, Integer> limits = new TreeMap<>();
        stage.get("MethodSettings").forEach(m -> limits.put(m.get("ResourcePath").asText(),
                m.path("ThrottlingRateLimit").asInt()));
        Map<String, Integer> expected = new TreeMap<>();
        FunctionSpec.ALL.stream().filter(FunctionSpec::storefront).forEach(f -> expected.put("/~1" + f.name(),
                StorefrontApi.REQUESTS_PER_SECOND.get(f.name())));
        expected.values().forEach(rps -> assertTrue(rps != null && rps <= 200, expected.toString()));
        assertEquals(200, limits.remove("/*"), "the stage-wide limit");
        assertEquals(expected, limits);

        // Only this account's principals may invoke it.
        JsonNode policy = resources(jvm, "AWS::ApiGateway::RestApi").values().iterator().next().at("/Properties/Policy");
        assertEquals(1, policy.get("Statement").size());
        assertEquals("execute-api:Invoke", policy.at("/Statement/0/Action").asText());
        assertTrue(policy.at("/Statement/0/Principal/AWS").toString().contains("AWS::AccountId"), policy.toString());
    }

    /**
     * Two stages in one account and region cannot collide: each is its own stack (Hearth-<stage>)
     * and, but for prod, every name carries the stage; every resource carries the cost-allocation
     * tags; the stage has a monthly budget on its tag, and its tables a backup plan beyond PITR.
     */
    @Test
    void stagesAreApartTaggedBudgetedAndBackedUp() {
        JsonNode staging = Synth.template(Map.of("hearth:functionZip", Synth.zip(dir, false).toString(),
                "hearth:nativeFunctionZip", dir.resolve("absent.zip").toString(), "hearth:stage", "staging"));
        Set<String> prodNames = names(jvm);
        Set<String> stagingNames = names(staging);
        assertTrue(prodNames.contains("hearth-members") && stagingNames.contains("hearth-staging-members"),
                stagingNames.toString());
        Set<String> shared = new TreeSet<>(prodNames);
        shared.retainAll(stagingNames);
        assertEquals(Set.of(), shared, "no name is in both stages");
        for (String type : List.of("AWS::Lambda::Function", "AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::SNS::Topic")) {
            for (JsonNode resource : resources(staging, type).values()) {
                Map<String, String> tags = new TreeMap<>();
                resource.at("/Properties/Tags").forEach(t -> tags.put(t.get("Key").asText(), t.get("Value").asText()));
                assertEquals("hearth", tags.get("application"), type);
                assertEquals("staging", tags.get(Operations.STAGE_TAG), type);
            }
        }
        JsonNode budget = resources(staging, "AWS::Budgets::Budget").values().iterator().next().get("Properties");
        assertEquals(100, budget.at("/Budget/BudgetLimit/Amount").asInt());
        assertEquals("user:hearth-stage$staging", budget.at("/Budget/CostFilters/TagKeyValue/0").asText());
        assertEquals(2, budget.get("NotificationsWithSubscribers").size());
        JsonNode selection = resources(jvm, "AWS::Backup::BackupSelection").values().iterator().next();
        assertEquals(7, selection.at("/Properties/BackupSelection/Resources").size(), "every table");
        assertEquals(1, resources(jvm, "AWS::Backup::BackupPlan").size());
    }

    /**
     * Every explicit name in a template that must be unique in the account and region (tables,
     * functions, queues, buses, schedules, pipes, API, log groups), not those scoped to their API.
     */
    private static Set<String> names(JsonNode template) {
        Set<String> names = new TreeSet<>();
        template.get("Resources").forEach(r -> r.get("Properties").fields().forEachRemaining(p -> {
            if (Set.of("AWS::ApiGateway::Model", "AWS::ApiGateway::RequestValidator", "AWS::Lambda::Alias")
                    .contains(r.get("Type").asText())) {
                return;
            }
            if (p.getKey().matches("(TableName|FunctionName|Name|QueueName|DashboardName|LogGroupName|BudgetName)")
                    && p.getValue().isTextual()) {
                names.add(p.getValue().asText());
            }
        }));
        return names;
    }

    /** The logical id of a function's live alias. */
    private static String liveAlias(JsonNode template, String name) {
        String id = Operations.camel(name) + "Live";
        return resources(template, "AWS::Lambda::Alias").keySet().stream().filter(k -> k.startsWith(id)
                && k.substring(id.length()).matches("[0-9A-F]{8}")).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    /**
     * Every function is called through its live alias (the API's integrations, the schedules, the
     * async config), which a deploy moves to the new version by a CodeDeploy canary (10% for 5
     * minutes) that rolls back on the function's failures alarm (and a storefront function's latency).
     */
    @Test
    void eachFunctionIsDeployedByACanaryThatRollsBackOnItsAlarms() {
        Map<String, JsonNode> groups = resources(jvm, "AWS::CodeDeploy::DeploymentGroup");
        assertEquals(FunctionSpec.ALL.size(), groups.size());
        for (FunctionSpec spec : FunctionSpec.ALL) {
            String alias = liveAlias(jvm, spec.name());
            JsonNode a = jvm.at("/Resources/" + alias + "/Properties");
            assertEquals(Functions.LIVE, a.get("Name").asText());
            assertEquals("AWS::Lambda::Version", jvm.at("/Resources/" + a.at("/FunctionVersion/Fn::GetAtt/0").asText()
                    + "/Type").asText());
            JsonNode group = groups.values().stream().filter(g -> g.at("/Properties/DeploymentGroupName").asText()
                    .equals("hearth-" + spec.name())).findFirst().orElseThrow().get("Properties");
            assertTrue(group.at("/DeploymentConfigName").toString().contains("Canary10Percent5Minutes"), group.toString());
            assertTrue(group.at("/AutoRollbackConfiguration/Events").toString().contains("DEPLOYMENT_STOP_ON_ALARM"));
            List<String> alarms = new ArrayList<>();
            group.at("/AlarmConfiguration/Alarms").forEach(x -> alarms.add(x.at("/Name/Ref").asText()));
            String id = Operations.camel(spec.name());
            assertTrue(alarms.stream().anyMatch(x -> x.startsWith(id + "FailuresAlarm")), alarms.toString());
            assertEquals(spec.storefront(), alarms.stream().anyMatch(x -> x.startsWith(id + "LatencyAlarm")), spec.name());
            if (spec.storefront()) {
                boolean throughAlias = resources(jvm, "AWS::ApiGateway::Method").values().stream()
                        .anyMatch(m -> m.at("/Properties/Integration/Uri").toString().contains(alias));
                assertTrue(throughAlias, spec.name() + "'s route calls its live alias");
            }
        }
        JsonNode async = resources(jvm, "AWS::Lambda::EventInvokeConfig").values().iterator().next();
        assertEquals(Functions.LIVE, async.at("/Properties/Qualifier").asText());
    }

    /** SnapStart is a deploy option of the JVM build (with Hearth's priming); a native build refuses it. */
    @Test
    void snapStartIsAnOptionOfTheJvmBuild() {
        JsonNode snap = Synth.template(Map.of("hearth:functionZip", Synth.zip(dir, false).toString(),
                "hearth:nativeFunctionZip", dir.resolve("absent.zip").toString(), "hearth:snapStart", "true"));
        for (FunctionSpec spec : FunctionSpec.ALL) {
            JsonNode p = function(snap, spec.name()).get("Properties");
            assertEquals("PublishedVersions", p.at("/SnapStart/ApplyOn").asText(), spec.name());
            assertEquals("true", p.at("/Environment/Variables/HEARTH_SNAPSTART_PRIMING").asText());
            assertTrue(function(jvm, spec.name()).at("/Properties/SnapStart").isMissingNode(), "off by default");
        }
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Synth.template(Map.of(
                "hearth:functionZip", Synth.zip(dir, false).toString(), "hearth:nativeFunctionZip",
                Synth.zip(dir, true).toString(), "hearth:snapStart", "true")));
        assertTrue(refused.getMessage().contains("hearth:snapStart is for the JVM build"), refused.getMessage());
    }

    /** A batch function's concurrency is reserved and capped; a storefront function's is not. */
    @Test
    void batchFunctionsCannotTakeTheAccountsConcurrency() {
        Map<String, JsonNode> functions = resources(jvm, "AWS::Lambda::Function");
        for (FunctionSpec spec : FunctionSpec.ALL) {
            JsonNode function = functions.values().stream().filter(f -> f.at("/Properties/FunctionName").asText()
                    .equals("hearth-" + spec.name())).findFirst().orElseThrow();
            JsonNode reserved = function.at("/Properties/ReservedConcurrentExecutions");
            if (spec.batch()) {
                assertEquals(5, reserved.asInt(), spec.name());
            } else {
                assertTrue(reserved.isMissingNode(), spec.name());
            }
        }
        assertEquals(Set.of("evaluate-tier", "import-members", "schedule-perk", "run-programs"), new TreeSet<>(
                FunctionSpec.ALL.stream().filter(FunctionSpec::batch).map(FunctionSpec::name).toList()));
    }

    /** The services that act for the stack (Scheduler, Pipes) may assume their roles for this account only. */
    @Test
    void serviceRolesTrustTheirServiceForThisAccountOnly() {
        int checked = 0;
        for (JsonNode role : resources(jvm, "AWS::IAM::Role").values()) {
            JsonNode statement = role.at("/Properties/AssumeRolePolicyDocument/Statement/0");
            String service = statement.at("/Principal/Service").asText();
            if (service.equals("scheduler.amazonaws.com") || service.equals("pipes.amazonaws.com")) {
                assertEquals("{\"Ref\":\"AWS::AccountId\"}",
                        statement.at("/Condition/StringEquals/aws:SourceAccount").toString(), role.toString());
                checked++;
            }
        }
        assertEquals(2, checked);
    }

    /**
     * The schedules name a job, not a program: run-programs does each for every program at its own
     * local time, so a new program needs no redeploy. Retries, then the dead-letter queue.
     */
    @Test
    void theSchedulesRunEveryProgramsJobsWithRetriesAndADeadLetterQueue() {
        Map<String, JsonNode> byJob = new TreeMap<>();
        String runPrograms = liveAlias(jvm, "run-programs");
        resources(jvm, "AWS::Scheduler::Schedule").values().forEach(s -> {
            assertEquals(runPrograms, s.at("/Properties/Target/Arn/Ref").asText(), "run-programs' live alias: " + s);
            byJob.put(s.at("/Properties/Target/Input").asText(), s.get("Properties"));
        });
        assertEquals(Set.of("{\"job\":\"SNAPSHOT\"}", "{\"job\":\"TIER_REVIEW\"}", "{\"job\":\"PERK_DAY\"}"),
                byJob.keySet());
        assertEquals("cron(0/30 * * * ? *)", byJob.get("{\"job\":\"SNAPSHOT\"}").get("ScheduleExpression").asText());
        assertEquals("cron(0/15 * * * ? *)", byJob.get("{\"job\":\"TIER_REVIEW\"}").get("ScheduleExpression").asText());
        assertEquals("cron(0/15 * * * ? *)", byJob.get("{\"job\":\"PERK_DAY\"}").get("ScheduleExpression").asText());
        for (JsonNode p : byJob.values()) {
            assertEquals("UTC", p.get("ScheduleExpressionTimezone").asText());
            assertEquals(3, p.at("/Target/RetryPolicy/MaximumRetryAttempts").asInt());
            assertNotNull(p.at("/Target/DeadLetterConfig/Arn").get("Fn::GetAtt"));
        }
    }

    /**
     * Every event reaches EventBridge only through the streams of the two tables whose items announce
     * them (the outbox; the perks, for a perk's delivery), one pipe each, that keeps the new images
     * holding an envelope and puts each one's envelope on the bus with its type as detail-type: no
     * function puts events itself. The bus archives them for replay, and the example messaging rule
     * takes only types that have a schema, into a queue with its dead-letter queue.
     */
    @Test
    void eventsFlowFromTheOutboxAndPerksStreamsThroughAPipeEachToTheArchivedBus() throws java.io.IOException {
        // The attributes an item announces its event by are the app's (OutboxTable.ENVELOPE, TYPE).
        String announcing = java.nio.file.Files.readString(java.nio.file.Path.of(
                "../src/main/java/dev/hearth/events/OutboxTable.java"));
        java.util.function.Function<String, String> constant = name -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(name + " = \"(\\w+)\"").matcher(announcing);
            assertTrue(m.find(), name);
            return m.group(1);
        };
        String envelope = constant.apply("ENVELOPE");
        String type = constant.apply("TYPE");
        Map<String, JsonNode> tables = resources(jvm, "AWS::DynamoDB::Table");
        List<JsonNode> pipes = List.copyOf(resources(jvm, "AWS::Pipes::Pipe").values());
        assertEquals(2, pipes.size());
        Set<String> piped = new java.util.TreeSet<>();
        for (JsonNode p : pipes) {
            JsonNode pipe = p.get("Properties");
            assertEquals("StreamArn", pipe.at("/Source/Fn::GetAtt/1").asText(), pipe.toString());
            JsonNode table = tables.get(pipe.at("/Source/Fn::GetAtt/0").asText()).get("Properties");
            piped.add(table.get("TableName").asText());
            assertEquals("NEW_IMAGE", table.at("/StreamSpecification/StreamViewType").asText());
            assertEquals("{\"dynamodb\": {\"NewImage\": {\"" + envelope + "\": {\"S\": [{\"exists\": true}]}}}}",
                    pipe.at("/SourceParameters/FilterCriteria/Filters/0/Pattern").asText());
            assertEquals("$.dynamodb.NewImage." + type + ".S",
                    pipe.at("/TargetParameters/EventBridgeEventBusParameters/DetailType").asText());
            assertEquals("hearth", pipe.at("/TargetParameters/EventBridgeEventBusParameters/Source").asText());
            assertEquals("<$.dynamodb.NewImage." + envelope + ".S>", pipe.at("/TargetParameters/InputTemplate").asText());
            assertNotNull(pipe.at("/SourceParameters/DynamoDBStreamParameters/DeadLetterConfig/Arn").get("Fn::GetAtt"));
        }
        assertEquals(Set.of("hearth-outbox", "hearth-perks"), piped);
        JsonNode outbox = tables.values().stream()
                .filter(t -> t.at("/Properties/TableName").asText().equals("hearth-outbox")).findFirst().orElseThrow();
        assertEquals("ttl", outbox.at("/Properties/TimeToLiveSpecification/AttributeName").asText());

        List<JsonNode> archives = List.copyOf(resources(jvm, "AWS::Events::Archive").values());
        assertEquals(1, archives.size());
        assertEquals(365, archives.get(0).at("/Properties/RetentionDays").asInt());
        assertEquals("hearth", archives.get(0).at("/Properties/EventPattern/source/0").asText());

        Set<String> schemas;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("../docs/events"))) {
            schemas = files.map(f -> f.getFileName().toString().replace(".schema.json", "")).collect(Collectors.toSet());
        }
        JsonNode rule = resources(jvm, "AWS::Events::Rule").values().stream()
                .filter(r -> r.at("/Properties/Name").asText().equals("hearth-messaging")).findFirst().orElseThrow();
        List<String> types = texts(rule.at("/Properties/EventPattern/detail-type"));
        assertFalse(types.isEmpty());
        assertTrue(schemas.containsAll(types), "every type the rule takes has its schema: " + types + " " + schemas);
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
        java.util.regex.Matcher listed = java.util.regex.Pattern.compile("`<stage prefix>-messaging` sends (.*?) to the\\s+SQS queue",
                java.util.regex.Pattern.DOTALL).matcher(readme);
        assertTrue(listed.find(), "the README names the example rule's types");
        assertEquals(types, java.util.regex.Pattern.compile("`(\\w+)`").matcher(listed.group(1)).results()
                .map(r -> r.group(1)).toList(), "the README names exactly the types the rule takes");
        JsonNode target = rule.at("/Properties/Targets/0");
        assertTrue(target.at("/Arn/Fn::GetAtt/0").asText().startsWith("MessagingQueue"), target.toString());
        assertTrue(target.at("/DeadLetterConfig/Arn/Fn::GetAtt/0").asText().startsWith("MessagingDeadLetters"), target.toString());
        JsonNode queue = resources(jvm, "AWS::SQS::Queue").entrySet().stream()
                .filter(e -> e.getKey().startsWith("MessagingQueue")).findFirst().orElseThrow().getValue();
        assertTrue(queue.at("/Properties/RedrivePolicy/deadLetterTargetArn/Fn::GetAtt/0").asText()
                .startsWith("MessagingDeadLetters"), queue.toString());
        for (JsonNode policy : resources(jvm, "AWS::IAM::Policy").values()) {
            for (JsonNode statement : policy.at("/Properties/PolicyDocument/Statement")) {
                if (texts(statement.get("Action")).contains("events:PutEvents")) {
                    assertFalse(policy.at("/Properties/Roles/0/Ref").asText().contains("Function"),
                            "no function role may put events: " + policy);
                }
            }
        }
    }

    /**
     * The activities stream reaches fold-counters' live alias, inserts only, in batches it retries
     * whole until they fold (no retry limit, no maximum age, no bisecting, one batch per shard at a
     * time), and falling behind is alarmed.
     */
    @Test
    void theActivitiesStreamIsFoldedByFoldCountersRetriedUntilItFolds() {
        JsonNode activities = resources(jvm, "AWS::DynamoDB::Table").values().stream()
                .filter(t -> t.at("/Properties/TableName").asText().equals("hearth-activities")).findFirst().orElseThrow();
        assertEquals("NEW_IMAGE", activities.at("/Properties/StreamSpecification/StreamViewType").asText());
        List<JsonNode> mappings = List.copyOf(resources(jvm, "AWS::Lambda::EventSourceMapping").values());
        assertEquals(1, mappings.size());
        JsonNode m = mappings.get(0).get("Properties");
        assertEquals("StreamArn", m.at("/EventSourceArn/Fn::GetAtt/1").asText(), m.toString());
        assertTrue(m.at("/EventSourceArn/Fn::GetAtt/0").asText().startsWith("Activities"), m.toString());
        assertTrue(m.get("FunctionName").toString().contains("\"Ref\":\"FoldCountersLive"), m.toString());
        assertTrue(m.get("FunctionName").toString().contains(":" + Functions.LIVE), m.toString());
        assertEquals("TRIM_HORIZON", m.get("StartingPosition").asText());
        assertEquals(CounterFolds.BATCH_SIZE, m.get("BatchSize").asInt());
        assertFalse(m.has("MaximumRetryAttempts"), "retried until it folds: " + m);
        assertFalse(m.has("MaximumRecordAgeInSeconds"), "retried until it folds: " + m);
        assertFalse(m.path("BisectBatchOnFunctionError").asBoolean(), m.toString());
        assertFalse(m.has("DestinationConfig"), "no record is sent anywhere instead of being folded: " + m);
        assertEquals(1, m.path("ParallelizationFactor").asInt(1));
        assertEquals("{\"eventName\":[\"INSERT\"]}", m.at("/FilterCriteria/Filters/0/Pattern").asText());
        JsonNode lag = resources(jvm, "AWS::CloudWatch::Alarm").entrySet().stream()
                .filter(a -> a.getKey().startsWith("FoldCountersLagAlarm")).map(Map.Entry::getValue).findFirst().orElseThrow();
        assertEquals("IteratorAge", lag.at("/Properties/MetricName").asText());
        assertEquals(CounterFolds.LAG_ALARM_MS, lag.at("/Properties/Threshold").asInt());
    }

    /**
     * Alarms that mean something: a function's failures are its errors less its rejections (a [404]
     * does not page), storefront functions alarm on p99 latency, every table on throttling, every
     * queue where failed work lands on its first message; each alarm goes to the one topic, whose
     * e-mail subscriber is a deploy-time parameter (none when it is empty).
     */
    @Test
    void alarmsMeanSomethingAndReachTheSubscriberTheDeployNames() {
        Map<String, JsonNode> alarms = resources(jvm, "AWS::CloudWatch::Alarm");
        long storefront = FunctionSpec.ALL.stream().filter(FunctionSpec::storefront).count();
        long async = FunctionSpec.ALL.stream().filter(f -> f.asyncRetries() != null).count();
        // failures, throttles, skipped members per function; latency per storefront function; one
        // per table; API 5xx; the schedules', the outbox's, the messaging example's and each async
        // function's failure queue; nightly runs late; fold-counters behind the activities stream
        assertEquals(FunctionSpec.ALL.size() * 3 + storefront + 7 + 1 + 3 + async + 1 + 1, alarms.size());
        for (JsonNode alarm : alarms.values()) {
            assertEquals(1, alarm.at("/Properties/AlarmActions").size());
            assertFalse(alarm.at("/Properties/MetricName").asText().equals("Errors"),
                    "no alarm on Lambda's Errors alone (it counts rejections): " + alarm);
        }
        for (FunctionSpec spec : FunctionSpec.ALL) {
            String id = Operations.camel(spec.name());
            JsonNode failures = alarms.entrySet().stream().filter(a -> a.getKey().startsWith(id + "FailuresAlarm"))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError(spec.name()));
            JsonNode metrics = failures.at("/Properties/Metrics");
            assertEquals("FILL(errors, 0) - FILL(rejections, 0)", metrics.get(0).get("Expression").asText(),
                    failures.toString());
            assertTrue(failures.toString().contains(spec.name() + "-rejections"), failures.toString());
            boolean latency = alarms.keySet().stream().anyMatch(k -> k.startsWith(id + "LatencyAlarm"));
            assertEquals(spec.storefront(), latency, spec.name());
        }
        for (String table : List.of("Programs", "Members", "Activities", "Stats", "Perks", "Outbox", "Squads")) {
            assertTrue(alarms.keySet().stream().anyMatch(k -> k.startsWith(table + "TableThrottlesAlarm")), table);
        }
        JsonNode parameter = jvm.at("/Parameters/" + Operations.ALARM_EMAIL_PARAMETER);
        assertEquals("", parameter.get("Default").asText());
        Map<String, JsonNode> subscriptions = resources(jvm, "AWS::SNS::Subscription");
        assertEquals(1, subscriptions.size());
        JsonNode subscription = subscriptions.values().iterator().next();
        assertEquals("email", subscription.at("/Properties/Protocol").asText());
        assertEquals(Operations.ALARM_EMAIL_PARAMETER, subscription.at("/Properties/Endpoint/Ref").asText());
        assertFalse(subscription.path("Condition").asText().isEmpty(), "no subscriber when no e-mail is given");
    }

    /**
     * Scheduler invokes run-programs asynchronously: its retries and dead letters cover deliveries
     * only. A run that fails is not retried by Lambda (the next tick carries every job on) and lands
     * in the function's own on-failure queue, which its role may only send to.
     */
    @Test
    void aFailedAsynchronousRunLandsInItsOwnAlarmedQueue() {
        Map<String, JsonNode> configs = resources(jvm, "AWS::Lambda::EventInvokeConfig");
        assertEquals(1, configs.size());
        JsonNode config = configs.values().iterator().next().get("Properties");
        assertEquals("RunPrograms", config.at("/FunctionName/Ref").asText().replaceAll("[0-9A-F]{8}$", ""));
        assertEquals(0, config.get("MaximumRetryAttempts").asInt());
        String queue = config.at("/DestinationConfig/OnFailure/Destination/Fn::GetAtt/0").asText();
        assertEquals("AWS::SQS::Queue", jvm.at("/Resources/" + queue + "/Type").asText());
        assertTrue(resources(jvm, "AWS::CloudWatch::Alarm").values().stream().anyMatch(a -> a.toString()
                .contains("\"" + queue + "\"") && a.at("/Properties/MetricName").asText()
                        .equals("ApproximateNumberOfMessagesVisible")), "the queue is alarmed");
    }

    @Test
    void aDashboardAndTheConsoleTestEvents() {
        assertEquals(1, resources(jvm, "AWS::CloudWatch::Dashboard").size());
        String body = resources(jvm, "AWS::CloudWatch::Dashboard").values().iterator().next()
                .at("/Properties/DashboardBody").toString().replace("\\", "");
        for (String metric : List.of("D1", "D7", "D30", "ActiveDay", "ActiveSevenDays", "NewMembers", "SilentSquads",
                "MembersJoined", "PerksDelivered", "PointsIssued", "PointsReversed", "Rejections", "TierMembers")) {
            assertTrue(body.contains("MetricName=\"" + metric + "\""), metric + " on the dashboard");
        }
        // ...and each is a metric the functions publish (by that name, in the application's sources).
        String published;
        try (var files = java.nio.file.Files.walk(Path.of("../src/main/java"))) {
            published = files.filter(f -> f.toString().endsWith(".java")).map(f -> {
                try {
                    return java.nio.file.Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(source -> source.contains("BusinessMetrics")).collect(java.util.stream.Collectors.joining());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String metric : List.of("D1", "D7", "D30", "ActiveDay", "ActiveSevenDays", "ActiveThirtyDays", "NewMembers",
                "SilentSquads", "SilentSevenDays", "MembersJoined", "PerksDelivered", "PointsIssued", "PointsReversed",
                "Rejections", "TierMembers")) {
            assertTrue(published.contains("\"" + metric + "\""), metric + " is published by the functions");
        }
        Map<String, JsonNode> schemas = new TreeMap<>();
        resources(jvm, "AWS::EventSchemas::Schema").values().forEach(s -> schemas.put(
                s.at("/Properties/SchemaName").asText(), s.get("Properties")));
        for (FunctionSpec spec : FunctionSpec.ALL) {
            JsonNode schema = schemas.get("_hearth-" + spec.name() + "-schema");
            assertNotNull(schema, spec.name());
            assertEquals(Operations.TEST_EVENT_REGISTRY, schema.get("RegistryName").asText());
            JsonNode examples = readTree(schema.get("Content").asText()).at("/components/examples");
            Set<String> names = new TreeSet<>();
            examples.fieldNames().forEachRemaining(names::add);
            assertEquals(SampleEvents.of(Path.of("..").toAbsolutePath().normalize(), spec.name()).keySet(), names);
            assertFalse(names.isEmpty());
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Synth.JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theDefaultProgramAndItsSquadsAreSeededOnceFromTheCheckedSeeds() {
        List<String> creates = resources(jvm, "Custom::AWS").values().stream()
                .map(r -> r.at("/Properties/Create").toString()).toList();
        assertEquals(2, creates.size());
        // Written on the resource's creation only (no Update): the program's current item and its
        // version 1, as manage-program's CREATE writes them; the example squads.
        assertTrue(creates.stream().allMatch(c -> c.contains("batchWriteItem")), creates.toString());
        assertTrue(creates.stream().anyMatch(c -> c.contains("Default community") && c.contains("default#v000001")));
        assertTrue(creates.stream().anyMatch(c -> c.contains("Baking squad")));
        resources(jvm, "Custom::AWS").values().forEach(r -> assertTrue(r.at("/Properties/Update").isMissingNode()));
    }

    @Test
    void twoSynthsAreByteIdentical() throws Exception {
        Map<String, Object> overrides = Map.of("hearth:functionZip", Synth.zip(dir, false).toString(),
                "hearth:nativeFunctionZip", dir.resolve("absent.zip").toString());
        List<String> templates = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path out = Files.createTempDirectory(dir, "synth");
            Map<String, Object> context = Synth.cdkJsonContext();
            context.putAll(overrides);
            App app = App.Builder.create().context(context).outdir(out.toString()).build();
            HearthApp.define(app);
            templates.add(Files.readString(Path.of(app.synth().getStackByName("Hearth-prod").getTemplateFullPath())));
        }
        assertEquals(templates.get(0), templates.get(1));
    }

    /** cdk-nag runs on every synth and fails it on an unacknowledged finding (here: a queue without TLS). */
    @Test
    void cdkNagFailsSynthesisOnAnUnacknowledgedFinding() {
        App app = App.Builder.create().build();
        Stack stack = new Stack(app, "Careless");
        Queue.Builder.create(stack, "Plain").build();
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
        RuntimeException failed = assertThrows(RuntimeException.class, app::synth);
        assertTrue(failed.getMessage().contains("Validation failed"), failed.getMessage());
    }

    /**
     * Hearth's app runs cdk-nag's Serverless pack too: a queue that satisfies AWS Solutions (TLS
     * only, its SQS3 finding acknowledged) but has no redrive policy fails synthesis.
     */
    @Test
    void theServerlessPackRunsOnHearthsApp() {
        App app = Synth.app(Map.of("hearth:functionZip", Synth.zip(dir, false).toString(),
                "hearth:nativeFunctionZip", dir.resolve("absent.zip").toString()));
        HearthStack stack = HearthApp.define(app);
        Queue queue = Queue.Builder.create(stack, "NoRedrive").enforceSsl(true)
                .encryption(software.amazon.awscdk.services.sqs.QueueEncryption.SQS_MANAGED).build();
        Operations.acknowledge(queue.getNode().getDefaultChild(), "AwsSolutions-SQS3", "a test queue");
        RuntimeException failed = assertThrows(RuntimeException.class, app::synth);
        assertTrue(failed.getMessage().contains("Validation failed"), failed.getMessage());
    }
}
