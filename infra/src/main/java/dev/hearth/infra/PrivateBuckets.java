package dev.hearth.infra;

import java.util.List;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;

/** Hearth's buckets' one shape: private, encrypted, TLS only, each object deleted after a stated time. */
final class PrivateBuckets {

    private PrivateBuckets() {
    }

    static Bucket create(Stack stack, String id, String expiry, int keepDays, String whyNoAccessLogs) {
        Bucket bucket = Bucket.Builder.create(stack, id)
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(false)
                .lifecycleRules(List.of(LifecycleRule.builder().id(expiry).expiration(Duration.days(keepDays)).build()))
                .build();
        Operations.acknowledge(bucket.getNode().getDefaultChild(), "AwsSolutions-S1", whyNoAccessLogs);
        return bucket;
    }
}
