package dev.hearth.imports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.config.HearthConfig;
import dev.hearth.dynamodb.Transactions;
import dev.hearth.dynamodb.Workers;
import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.Earning;
import dev.hearth.ledger.DailyCounts;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.PointsExpiring;
import dev.hearth.ledger.MemberTable;
import dev.hearth.ledger.TierLadder;
import dev.hearth.member.JoinMember;
import dev.hearth.perk.CataloguePerks;
import dev.hearth.perk.MemberPerks;
import dev.hearth.perk.Perk;
import dev.hearth.perk.PerkSource;
import dev.hearth.points.ReferralCredits;
import dev.hearth.program.Program;
import dev.hearth.retention.Bookkeeping;
import dev.hearth.retention.StatsDelta;
import dev.hearth.squad.SquadDelta;
import dev.hearth.squad.Squads;
import dev.hearth.tier.Privileges;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * import-members' use case: each good line becomes a member with their history in one
 * transaction (the member, their tier's privileges, their retention and squad counters; with
 * {@code welcome}, the routine's day 1, their tag perks and their inviter's referral too), exactly
 * once: a member that exists is not written again, and one written from the same line of this
 * import before counts as imported. Bad lines are reported by number and field and skipped. Lines
 * go in pages of {@value #SAVE_EVERY}, their members written side by side (as a grant's perks are),
 * and the job keeps how far it got after each page: a call that runs out of time answers with
 * {@code complete: false}, and the same request continues it.
 */
@ApplicationScoped
public class MemberImport {

    static final int SAVE_EVERY = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImportTable jobs;
    private final ImportSources sources;
    private final Transactions transactions;
    private final MemberTable members;
    private final MemberPerks perks;
    private final JoinMember joins;
    private final Workers workers;
    private final Squads squads;
    private final ReferralCredits referrals;
    private final Clock clock;
    private final Duration budget;

    public MemberImport(ImportTable jobs, ImportSources sources, Transactions transactions, MemberTable members,
            MemberPerks perks, JoinMember joins, Squads squads, ReferralCredits referrals, Workers workers,
            Clock clock, HearthConfig config) {
        this.workers = workers;
        this.jobs = jobs;
        this.sources = sources;
        this.transactions = transactions;
        this.members = members;
        this.perks = perks;
        this.joins = joins;
        this.squads = squads;
        this.referrals = referrals;
        this.clock = clock;
        this.budget = config.importMembers().timeBudget();
    }

    /** The job after this call, how many lines the source has, and whether it had completed before. */
    public record Outcome(ImportJob job, long lines, boolean duplicate) {
    }

    /** What became of one line: imported, already present, passed over (blank), or skipped with this error. */
    private record LineResult(Kind kind, String error) {

        enum Kind {
            IMPORTED, ALREADY_PRESENT, BLANK, SKIPPED
        }

        static final LineResult IMPORTED = new LineResult(Kind.IMPORTED, null);
        static final LineResult ALREADY_PRESENT = new LineResult(Kind.ALREADY_PRESENT, null);
        static final LineResult BLANK = new LineResult(Kind.BLANK, null);
    }

    public Outcome run(Program program, ImportEvent event) {
        Instant started = clock.instant();
        List<String> lines = sources.lines(event);
        String source = event.source() == null ? "inline" : event.source().text();
        String fingerprint = fingerprint(source, lines, event.welcome());
        Optional<ImportJob> stored = jobs.find(program.programId(), event.importId());
        if (stored.isPresent() && !stored.get().fingerprint().equals(fingerprint)) {
            throw new HearthException(ErrorCode.IMPORT_ID_IN_USE, "importId", "import " + event.importId()
                    + " read other members (" + stored.get().source() + "); choose another importId");
        }
        if (stored.isPresent() && stored.get().complete()) {
            return new Outcome(stored.get(), lines.size(), true);
        }
        ImportJob from = stored.orElse(null);
        ImportJob job = from != null ? from
                : ImportJob.start(program.programId(), event.importId(), fingerprint, source, event.welcome(), started);
        long limit = event.limit() == null ? Long.MAX_VALUE : event.limit();
        long done = 0;
        List<String> errors = new ArrayList<>(job.errors());
        long imported = job.imported();
        long skipped = job.skipped();
        long present = job.alreadyPresent();
        int index = (int) job.linesDone();
        Instant deadline = started.plus(budget);
        // Pages of up to 100 lines, their members written side by side, the progress saved after
        // each page; at least one page a call, so that every import finishes, whatever its budget.
        while (index < lines.size() && done < limit && (done == 0 || clock.instant().isBefore(deadline))) {
            int end = (int) Math.min(lines.size(), index + Math.min(SAVE_EVERY, limit - done));
            List<Integer> page = java.util.stream.IntStream.range(index, end).boxed().toList();
            for (LineResult result : workers.each(page, i -> line(program, event, lines.get(i), i + 1, started))) {
                switch (result.kind()) {
                    case IMPORTED -> imported++;
                    case ALREADY_PRESENT -> present++;
                    case SKIPPED -> {
                        skipped++;
                        if (errors.size() < ImportJob.ERRORS_KEPT) {
                            errors.add(result.error());
                        }
                    }
                    default -> {
                    }
                }
            }
            done += end - index;
            index = end;
            job = save(job, from, index, lines.size(), imported, skipped, present, errors);
            from = job;
        }
        if (from == null) {
            job = save(job, null, index, lines.size(), imported, skipped, present, errors); // an empty source
        }
        return new Outcome(job, lines.size(), false);
    }

    /** The job with its progress after {@code index} lines, stored if still where {@code from} left it. */
    private ImportJob save(ImportJob job, ImportJob from, int index, int lines, long imported, long skipped,
            long present, List<String> errors) {
        ImportJob next = new ImportJob(job.programId(), job.importId(), job.fingerprint(), job.source(), job.welcome(),
                index, imported, skipped, present, List.copyOf(errors), index == lines, job.startedAt(),
                clock.instant());
        if (!jobs.save(next, from)) {
            throw new HearthException(ErrorCode.CONCURRENT_UPDATE, "importId", "another call is running import "
                    + next.importId() + "; what it imported counts once: send this one again when it has answered");
        }
        return next;
    }

    /** Line {@code number}'s outcome; a bad line is skipped with its error, a DynamoDB failure fails the call. */
    private LineResult line(Program program, ImportEvent event, String text, int number, Instant now) {
        if (text.isBlank()) {
            return LineResult.BLANK;
        }
        try {
            return importLine(program, event, text, number, now);
        } catch (HearthException e) {
            return new LineResult(LineResult.Kind.SKIPPED, "line " + number + " " + e.detail());
        }
    }

    private LineResult importLine(Program program, ImportEvent event, String text, int number, Instant now) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new HearthException(ErrorCode.MALFORMED_JSON, null, "is not one JSON object");
        }
        if (node == null || !node.isObject()) {
            throw new HearthException(ErrorCode.MALFORMED_JSON, null, "is not one JSON object");
        }
        ImportLine line = ImportLine.read(node, program, now);
        String programId = program.programId();
        squads.requireJoinable(programId, line.squads(), "squads");
        Transactions.Attempts attempts = transactions.attempts("import " + line.memberId(), members.tableName());
        while (true) {
            Optional<Member> existing = members.find(programId, line.memberId());
            if (existing.isPresent()) {
                // Written from this very line before (a call that stopped before saving its progress), or
                // not: by someone else, by another import, or from an earlier line of this one naming them too.
                Member found = existing.get();
                if (found.erased()) {
                    // Their data was erased at their request: an import does not bring it back.
                    throw HearthException.memberErased("memberId", line.memberId());
                }
                return event.importId().equals(found.importedBy) && found.importLine == number ? LineResult.IMPORTED
                        : LineResult.ALREADY_PRESENT;
            }
            Member member = member(program, event, line);
            member.importLine = number;
            List<TransactWriteItem> writes = new ArrayList<>();
            List<Perk> owed = new ArrayList<>();
            if (event.welcome()) {
                owed.addAll(CataloguePerks.onJoin(program.perks(), programId, member.memberId, member.tags, now));
                owed.stream().filter(p -> p.source() == PerkSource.TAG)
                        .forEach(p -> member.tagPerksGiven.add(p.perkId()));
            }
            // Their tier's privileges, once, as for anyone who reaches it.
            owed.addAll(Privileges.claimOwed(program, member, now));
            owed.forEach(perk -> writes.add(perks.grantWrite(perk, now)));
            Map<String, StatsDelta> deltas = new HashMap<>();
            Map<String, SquadDelta> squadDeltas = new HashMap<>();
            if (event.welcome() && Earning.referralDue(program, member, null)) {
                member.referralCredited = true;
                referrals.credit(program, member.invitedBy, member.memberId, member.joinedAt, now, writes, deltas,
                        squadDeltas);
            }
            writes.addAll(joins.arrival(program, member, Bookkeeping.forImport(program, member), deltas,
                    squadDeltas, now));
            if (attempts.committed(writes)) {
                return LineResult.IMPORTED;
            }
        }
    }

    /** The member a line describes: joined when it says, on the tier their history gives. */
    private static Member member(Program program, ImportEvent event, ImportLine line) {
        Member m = new Member();
        m.programId = program.programId();
        m.memberId = line.memberId();
        m.displayName = line.displayName();
        m.channel = "IMPORT";
        m.invitedBy = line.invitedBy();
        m.tags = new ArrayList<>(line.tags());
        m.squads = new ArrayList<>(line.squads());
        m.joinedAt = line.joinedAt();
        m.joinedDay = program.localDay(line.joinedAt());
        m.lastActiveAt = line.joinedAt();
        m.markActive(m.joinedDay);
        m.dayCounts = DailyCounts.none(m.joinedDay); // held from joining on (CapCounts)
        m.counters.putAll(line.counters());
        m.pointLots.putAll(line.lots());
        line.lots().keySet().forEach(day -> PointsExpiring.lookFrom(program, m, day));
        m.pointsBalance = line.lots().values().stream().mapToLong(Long::longValue).sum();
        m.tier = TierLadder.qualifiedTier(program, m.counters).id();
        m.tierReachedAt = line.joinedAt();
        m.importedBy = event.importId();
        m.inRoutine = event.welcome();
        return m;
    }

    private static String fingerprint(String source, List<String> lines, boolean welcome) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((source + "\n" + welcome + "\n").getBytes(StandardCharsets.UTF_8));
            // The content too: a file changed under the same importId is another import, not its continuation.
            lines.forEach(l -> digest.update((l + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
