package dev.hearth.ledger;

import java.time.Instant;

import dev.hearth.program.ActivityType;
import dev.hearth.program.Program;

/** Test members and activities, built the way the functions build them. */
final class Members {

    static final Instant JOINED = Instant.parse("2026-01-05T02:00:00Z");

    private Members() {
    }

    static Member joined(Program program, String memberId) {
        Member m = new Member();
        m.programId = program.programId();
        m.memberId = memberId;
        m.displayName = "清风";
        m.channel = "STOREFRONT";
        m.joinedAt = JOINED;
        m.tier = program.entryTier().id();
        m.tierReachedAt = JOINED;
        m.lastActiveAt = JOINED;
        m.version = 1;
        return m;
    }

    static Activity purchase(String id, long amountFen, Instant at) {
        return new Activity(id, ActivityType.PURCHASE, amountFen, null, null, null, at);
    }

    static Activity refund(String id, String purchaseId, Long amountFen, Instant at) {
        return new Activity(id, ActivityType.REFUND, amountFen, purchaseId, null, null, at);
    }

    static Activity simple(String id, ActivityType type, Instant at) {
        return new Activity(id, type, null, null, null, null, at);
    }

    static Activity with(String id, ActivityType type, String other, Instant at) {
        return new Activity(id, type, null, null, other, null, at);
    }
}
