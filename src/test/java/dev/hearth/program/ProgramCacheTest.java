package dev.hearth.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The bound on staleness: a warm instance reads a program at most once per ttl, and sees a change within it. */
class ProgramCacheTest {

    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-02T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void aProgramIsReadOncePerTtlAndAChangeIsSeenWithinIt() {
        Hands clock = new Hands();
        ProgramCache cache = new ProgramCache(Duration.ofSeconds(30), clock);
        AtomicInteger reads = new AtomicInteger();
        Program[] stored = { DefaultProgram.create() };
        java.util.function.Function<String, Optional<Program>> load = id -> {
            reads.incrementAndGet();
            return Optional.of(stored[0]);
        };
        Program first = cache.get("default", load).orElseThrow();
        for (int i = 0; i < 100; i++) {
            cache.get("default", load);
        }
        assertEquals(1, reads.get(), "a warm instance does not read the program on every invocation");

        stored[0] = new Program("default", "Renamed", first.timeZone(), first.currency(), first.tiers(), first.earning(),
                first.downgradeGraceDays(), first.pointsExpiryMonths(), first.perks());
        clock.now = clock.now.plusSeconds(29);
        assertEquals(first.name(), cache.get("default", load).orElseThrow().name(), "within the ttl: the copy");
        clock.now = clock.now.plusSeconds(1);
        assertEquals("Renamed", cache.get("default", load).orElseThrow().name(), "at the ttl: read again");
        assertEquals(2, reads.get());

        cache.forget("default");
        cache.get("default", load);
        assertEquals(3, reads.get(), "the instance that changed a program reads it afresh");
    }

    @Test
    void anUnknownProgramIsNotKept() {
        ProgramCache cache = new ProgramCache(Duration.ofSeconds(30), new Hands());
        AtomicInteger reads = new AtomicInteger();
        assertTrue(cache.get("nope", id -> {
            reads.incrementAndGet();
            return Optional.empty();
        }).isEmpty());
        cache.get("nope", id -> {
            reads.incrementAndGet();
            return Optional.empty();
        });
        assertEquals(2, reads.get(), "a program created a moment later is found at once");
    }
}
