package dev.hearth.dynamodb;

/**
 * A program's members are spread over 16 shards (by the member id's hash) in every index that
 * lists a program's members, so that no program concentrates reads or writes on one partition.
 */
public final class Shards {

    public static final int COUNT = 16;

    private Shards() {
    }

    public static int of(String memberId) {
        return Math.floorMod(memberId.hashCode(), COUNT);
    }

    /** programId#NN: the partition key of one of a program's shards, in every sharded key. */
    public static String key(String programId, int shard) {
        return String.format("%s#%02d", programId, shard);
    }

    /** The shard key of a member's shard. */
    public static String key(String programId, String memberId) {
        return key(programId, of(memberId));
    }
}
