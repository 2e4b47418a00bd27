package dev.hearth.infra;

import java.util.List;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.s3.Bucket;

/**
 * The import bucket: operators upload a brand's customer file (JSON Lines) here and run
 * import-members on it. Private, encrypted, TLS only; a file is deleted 30 days after upload (the
 * import has long finished, and the file holds personal data). Only import-members may read it.
 */
final class Imports {

    static final int KEEP_DAYS = 30;

    Imports(Stack stack, Settings settings, Function importMembers) {
        Bucket bucket = PrivateBuckets.create(stack, "ImportBucket", "delete-imported-files", KEEP_DAYS,
                "Operators upload a file here for one import; reads are by import-members only, and S3 data "
                        + "events in CloudTrail are the audit trail if a brand needs one.");
        importMembers.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject")).resources(List.of(bucket.arnForObjects("*"))).build());
        Operations.acknowledge(importMembers.getRole().getNode().findChild("DefaultPolicy").getNode().getDefaultChild(),
                "AwsSolutions-IAM5[Resource::<ImportBucketBAF3A8E9.Arn>/*]",
                "import-members reads the file the operator names, under any key of the import bucket, and nothing else.");
        CfnOutput.Builder.create(stack, "ImportBucketName").value(bucket.getBucketName())
                .description("Where operators upload customer files for import-members (" + settings.prefix() + ")")
                .build();
    }
}
