package dev.hearth.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.LocalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The tables, built from infra/tables.json (generated from the functions' TableSpecs, so the stack
 * cannot drift from the code), and the default program seeded once.
 */
final class Tables {

    private final Stack stack;
    private final Settings settings;
    private final Map<String, Table> tables = new LinkedHashMap<>();

    Tables(Stack stack, Settings settings) {
        this.stack = stack;
        this.settings = settings;
        for (JsonNode spec : readJson(settings.repoRoot().resolve("infra/tables.json"))) {
            define(spec);
        }
        seedDefaults();
    }

    Table get(String name) {
        return tables.get(name);
    }

    /** Every table by its logical name, in infra/tables.json's order. */
    Map<String, Table> all() {
        return java.util.Collections.unmodifiableMap(tables);
    }

    /** One table of infra/tables.json: keys, indexes, TTL and stream as the adapter's spec says. */
    private void define(JsonNode spec) {
        String name = spec.get("name").asText();
        Table.Builder builder = Table.Builder.create(stack, Operations.camel(name))
                .tableName(settings.prefix() + "-" + name)
                .partitionKey(attribute(spec.get("partitionKey")))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN);
        if (spec.hasNonNull("sortKey")) {
            builder.sortKey(attribute(spec.get("sortKey")));
        }
        if (spec.path("stream").asBoolean()) {
            builder.stream(StreamViewType.NEW_IMAGE); // the outbox's and the perks' (HearthEvents), the activities' (CounterFolds)
        }
        if (spec.hasNonNull("timeToLive")) {
            builder.timeToLiveAttribute(spec.get("timeToLive").asText());
        }
        Table table = builder.build();
        for (JsonNode index : spec.path("indexes")) {
            String indexName = index.get("name").asText();
            ProjectionType projection = ProjectionType.valueOf(index.get("projection").asText());
            List<String> nonKey = new ArrayList<>();
            index.path("nonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
            if (index.path("local").asBoolean()) {
                table.addLocalSecondaryIndex(LocalSecondaryIndexProps.builder().indexName(indexName)
                        .sortKey(attribute(index.get("sortKey"))).projectionType(projection)
                        .nonKeyAttributes(nonKey.isEmpty() ? null : nonKey).build());
            } else {
                table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName(indexName)
                        .partitionKey(attribute(index.get("partitionKey"))).sortKey(attribute(index.get("sortKey")))
                        .projectionType(projection).nonKeyAttributes(nonKey.isEmpty() ? null : nonKey).build());
            }
        }
        tables.put(name, table);
    }

    private static Attribute attribute(JsonNode key) {
        return Attribute.builder().name(key.get("name").asText())
                .type("N".equals(key.get("type").asText()) ? AttributeType.NUMBER : AttributeType.STRING).build();
    }

    /**
     * The brief's default program (its current item and its version 1, as manage-program's CREATE
     * writes them: the file is generated from that path) and its example squads.
     */
    private void seedDefaults() {
        seed("SeedDefaultProgram", "programs", "infra/seed/default-program.json", "default-program");
        seed("SeedDefaultSquads", "squads", "infra/seed/default-squads.json", "default-squads");
        // The provider is a singleton function at stack level, created by AwsCustomResource.
        software.constructs.IConstruct provider = stack.getNode()
                .findChild("AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", ""));
        String oneOff = "CDK's own provider of the one-off seeding custom resource, invoked by CloudFormation "
                + "during a deploy, which fails the deploy on an error.";
        for (String rule : List.of("Serverless-LambdaDLQ", "Serverless-LambdaDefaultMemorySize",
                "Serverless-LambdaTracing", "Serverless-LambdaLatestVersion")) {
            Operations.acknowledge(provider.getNode().getDefaultChild(), rule, oneOff + " CDK sets its runtime, "
                    + "memory and tracing.");
        }
        Operations.acknowledge(provider.getNode().findChild("ServiceRole").getNode().getDefaultChild(),
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                "The one-off seeding custom resource's provider (CDK's own) uses the AWS-managed basic execution "
                        + "role for its logs; its only other permissions are BatchWriteItem on the programs and squads "
                        + "tables.");
    }

    /** Writes a seed file's items (DynamoDB JSON) into a table once, when the resource is created (the table is new). */
    private void seed(String id, String tableName, String file, String physicalId) {
        Table table = tables.get(tableName);
        List<Object> puts = new java.util.ArrayList<>();
        readJson(settings.repoRoot().resolve(file)).forEach(item -> puts.add(
                Map.of("PutRequest", Map.of("Item", new ObjectMapper().convertValue(item, Object.class)))));
        AwsCustomResource.Builder.create(stack, id)
                .onCreate(AwsSdkCall.builder().service("DynamoDB").action("batchWriteItem")
                        .parameters(Map.of("RequestItems", Map.of(table.getTableName(), puts)))
                        .physicalResourceId(PhysicalResourceId.of(physicalId)).build())
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("dynamodb:BatchWriteItem")).resources(List.of(table.getTableArn())).build())))
                .installLatestAwsSdk(false)
                .build();
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readString(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }
}
