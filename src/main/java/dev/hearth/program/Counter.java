package dev.hearth.program;

/** A member's lifetime counters; tier requirements are written in these names. */
public enum Counter {
    SPEND_FEN("spendFen"),
    PURCHASES("purchases"),
    QUALITY_POSTS("qualityPosts"),
    REFERRALS("referrals"),
    EVENTS("events"),
    FEEDBACKS("feedbacks"),
    CHECK_INS("checkIns"),
    INTERACTIONS("interactions"),
    CONNECTIONS("connections");

    private final String key;

    Counter(String key) {
        this.key = key;
    }

    /** The name used in events, results and stored items. */
    public String key() {
        return key;
    }

    public static Counter fromKey(String key) {
        for (Counter counter : values()) {
            if (counter.key.equals(key)) {
                return counter;
            }
        }
        throw new IllegalArgumentException("unknown counter " + key);
    }
}
