package dev.hearth.program;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A warm instance's copy of programs' rules, each kept for at most {@code ttl} after it was read:
 * a function does not read the program on every invocation, and a change is seen everywhere within
 * {@code ttl}. Unknown programs are not kept (the next call looks again).
 */
public final class ProgramCache {

    private record Entry(Program program, Instant readAt) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public ProgramCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The program, from the copy if it is younger than the ttl, else from {@code load}. */
    public Optional<Program> get(String programId, Function<String, Optional<Program>> load) {
        Instant now = clock.instant();
        Entry entry = entries.get(programId);
        // Fresh while younger than the ttl; a copy read "in the future" (a clock set back) is not trusted.
        if (entry != null && !now.isBefore(entry.readAt()) && now.isBefore(entry.readAt().plus(ttl))) {
            return Optional.of(entry.program());
        }
        Optional<Program> loaded = load.apply(programId);
        loaded.ifPresentOrElse(p -> entries.put(programId, new Entry(p, now)), () -> entries.remove(programId));
        return loaded;
    }

    /** Drops the copy: this instance just changed the program. */
    public void forget(String programId) {
        entries.remove(programId);
    }
}
