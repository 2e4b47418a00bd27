package dev.hearth.infra;

import java.util.List;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.s3.Bucket;

/**
 * The report bucket: each snapshot taken keeps its day's retention report here, one page per
 * program and day ({@code <programId>/<date>.html}), for operators to open. Private, encrypted,
 * TLS only; a report is deleted after 400 days (a year back, for the same day last year). Only
 * the functions that take snapshots may write it, and nothing reads it but an operator's own
 * credentials.
 */
final class Reports {

    static final int KEEP_DAYS = 400;
    /** The functions that take snapshots, and so keep reports. */
    static final List<String> WRITERS = List.of("daily-retention-snapshot", "run-programs");

    Reports(Stack stack, Settings settings, Functions functions) {
        Bucket bucket = PrivateBuckets.create(stack, "ReportBucket", "delete-old-reports", KEEP_DAYS,
                "Reports are written by Hearth's snapshot and read by operators with their own credentials; S3 data "
                        + "events in CloudTrail are the audit trail if a brand needs one.");
        for (String name : WRITERS) {
            Function function = functions.get(name);
            function.addEnvironment("HEARTH_REPORTS_BUCKET", bucket.getBucketName());
            function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                    .actions(List.of("s3:PutObject")).resources(List.of(bucket.arnForObjects("*"))).build());
            Operations.acknowledge(function.getRole().getNode().findChild("DefaultPolicy").getNode().getDefaultChild(),
                    "AwsSolutions-IAM5[Resource::<ReportBucket577F0FCD.Arn>/*]",
                    name + " writes the report of each program's day under its own key, in the report bucket only.");
        }
        CfnOutput.Builder.create(stack, "ReportBucketName").value(bucket.getBucketName())
                .description("The daily retention reports, <programId>/<date>.html (" + settings.prefix() + ")")
                .build();
    }
}
