package dev.hearth.perk;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A grant being fanned out to its audience, as stored: the request, where the fan-out stands, its
 * counts, and the lease of the invocation working on it (one at a time).
 *
 * @param audienceDay the local day the audience is taken on (silent for N days, day N of the first week)
 * @param deliverAt when the perks are due (the first request's time if it named none)
 * @param cursor where the fan-out continues; null before the first page and once complete
 */
public record GrantJob(String programId, Grant grant, String fingerprint, LocalDate audienceDay, Instant deliverAt,
        boolean complete, String cursor, long examined, long granted, long delivered, long alreadyHad, int pages,
        Instant startedAt, Instant updatedAt, String leaseOwner, Instant leaseUntil) {

    /** A new job: nothing examined yet, leased to {@code owner} until {@code leaseUntil}. */
    static GrantJob start(Grant grant, String programId, LocalDate audienceDay, Instant deliverAt, Instant now,
            String owner, Instant leaseUntil) {
        return new GrantJob(programId, grant, grant.fingerprint(), audienceDay, deliverAt, false, null, 0, 0, 0, 0, 0,
                now, now, owner, leaseUntil);
    }

    GrantJob progressed(String next, boolean done, long examinedNow, long grantedNow, long deliveredNow,
            long alreadyHadNow, Instant now) {
        return new GrantJob(programId, grant, fingerprint, audienceDay, deliverAt, done, done ? null : next,
                examined + examinedNow, granted + grantedNow, delivered + deliveredNow, alreadyHad + alreadyHadNow,
                pages + 1, startedAt, now, leaseOwner, leaseUntil);
    }

    GrantJob leased(String owner, Instant until) {
        return new GrantJob(programId, grant, fingerprint, audienceDay, deliverAt, complete, cursor, examined, granted,
                delivered, alreadyHad, pages, startedAt, updatedAt, owner, until);
    }
}
