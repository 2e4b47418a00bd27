package dev.hearth.imports;

import java.time.Instant;
import java.util.List;

/**
 * An import as stored between calls: what it reads (its fingerprint: the same importId must name
 * the same import), how far it got ({@code linesDone}: lines before it are done) and its counts.
 *
 * @param errors the first {@value #ERRORS_KEPT} bad lines, as {@code line N field: problem}
 */
record ImportJob(String programId, String importId, String fingerprint, String source, boolean welcome,
        long linesDone, long imported, long skipped, long alreadyPresent, List<String> errors, boolean complete,
        Instant startedAt, Instant updatedAt) {

    static final int ERRORS_KEPT = 100;

    static ImportJob start(String programId, String importId, String fingerprint, String source, boolean welcome,
            Instant now) {
        return new ImportJob(programId, importId, fingerprint, source, welcome, 0, 0, 0, 0, List.of(), false, now, now);
    }
}
