package dev.hearth.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.dynamodb.ShardCursor;
import dev.hearth.dynamodb.ShardWalk;
import dev.hearth.dynamodb.Transactions;
import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramDocument;
import dev.hearth.program.ProgramTable;
import dev.hearth.program.Programs;

/**
 * manage-program's and get-program's use cases: a program's rules created and changed as versions
 * (each checked at its path, each kept with who, when and why), read at any version, and a change
 * previewed against the members as they stand.
 */
@ApplicationScoped
public class ManagePrograms {

    /** Members a preview examines when the request sets no limit. */
    static final int PREVIEW_MEMBERS = 20_000;
    static final Duration PREVIEW_BUDGET = Duration.ofSeconds(20);

    private final ProgramTable table;
    private final Programs programs;
    private final MemberTable members;
    private final Transactions transactions;
    private final Clock clock;

    public ManagePrograms(ProgramTable table, Programs programs, MemberTable members, Transactions transactions,
            Clock clock) {
        this.table = table;
        this.programs = programs;
        this.members = members;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A stored version, and whether this request had made it before (a repeat changes nothing). */
    public record Made(ProgramTable.Stored stored, boolean duplicate) {
    }

    /**
     * A new program, version 1; the same request again answers it ({@code duplicate}); any other
     * CREATE of the id is {@code [409] PROGRAM_EXISTS}.
     */
    public Made create(String programId, JsonNode document, String changedBy, String reason) {
        Program program = ProgramDocument.read(programId, document, "program");
        ProgramTable.Change change = new ProgramTable.Change(1, changedBy, clock.instant(), reason);
        if (!transactions.write(table.create(program, change), "create program " + programId)) {
            ProgramTable.Stored first = read(programId, 1L);
            if (sameRequest(first, program, changedBy, reason)) {
                return new Made(first, true);
            }
            throw new HearthException(ErrorCode.PROGRAM_EXISTS, "programId", "program " + programId
                    + " exists; change it with UPDATE (get-program shows its rules and version)");
        }
        programs.changed(programId);
        return new Made(new ProgramTable.Stored(program, change, List.of(change)), false);
    }

    private static boolean sameRequest(ProgramTable.Stored stored, Program program, String changedBy, String reason) {
        return stored.program().equals(program) && changedBy.equals(stored.change().changedBy())
                && reason.equals(stored.change().reason());
    }

    /**
     * The rules as a new version, only if {@code expected} is the current one; the same request
     * again, once it made version {@code expected + 1}, answers that version ({@code duplicate}).
     */
    public Made update(String programId, JsonNode document, long expected, String changedBy, String reason) {
        ProgramTable.Stored current = stored(programId);
        Program program = ProgramDocument.read(programId, document, "program");
        if (current.change().version() > expected) {
            ProgramTable.Stored made = read(programId, expected + 1);
            if (sameRequest(made, program, changedBy, reason)) {
                return new Made(made, true);
            }
        }
        if (current.change().version() != expected) {
            throw conflict(current, expected);
        }
        ProgramTable.Change change = new ProgramTable.Change(expected + 1, changedBy, clock.instant(), reason);
        if (!transactions.write(table.update(program, change, expected, current.versions()),
                "update program " + programId)) {
            throw conflict(stored(programId), expected);
        }
        programs.changed(programId);
        List<ProgramTable.Change> versions = new java.util.ArrayList<>(current.versions());
        versions.add(change);
        return new Made(new ProgramTable.Stored(program, change, versions), false);
    }

    private static HearthException conflict(ProgramTable.Stored current, long expected) {
        ProgramTable.Change c = current.change();
        return new HearthException(ErrorCode.VERSION_CONFLICT, "expectedVersion", "the current version is "
                + c.version() + " (not " + expected + ")" + (c.changedBy() == null ? "" : ", changed by "
                        + c.changedBy() + " at " + c.changedAt())
                + "; read it with get-program and apply your change to it");
    }

    /** The current version, or any earlier one. */
    public ProgramTable.Stored read(String programId, Long version) {
        ProgramTable.Stored current = stored(programId);
        if (version == null || version == current.change().version()) {
            return current;
        }
        return table.version(programId, version).map(v -> new ProgramTable.Stored(v.program(), v.change(),
                current.versions())).orElseThrow(() -> new HearthException(ErrorCode.VERSION_NOT_FOUND, "version",
                        "program " + programId + " has versions 1 to " + current.change().version()));
    }

    private ProgramTable.Stored stored(String programId) {
        return table.stored(programId).orElseThrow(() -> new HearthException(ErrorCode.PROGRAM_NOT_FOUND,
                "programId", "no program " + programId + " (CREATE makes one)"));
    }

    /** What a change would do; nothing is written. */
    public record Preview(ProgramTable.Stored current, List<String> differences,
            ProgramPreview.CatalogueChanges catalogue, long membersExamined, long up, long down, long fromRemovedTiers,
            boolean complete) {
    }

    public Preview preview(String programId, JsonNode document, Integer limit) {
        ProgramTable.Stored current = stored(programId);
        Program after = ProgramDocument.read(programId, document, "program");
        List<String> differences = ProgramPreview.differences(ProgramDocument.write(current.program()),
                ProgramDocument.write(after));
        long[] moves = new long[ProgramPreview.Move.values().length];
        Instant started = clock.instant();
        ShardWalk walk = new ShardWalk(limit == null ? PREVIEW_MEMBERS : limit,
                () -> Duration.between(started, clock.instant()).compareTo(PREVIEW_BUDGET) > 0);
        ShardWalk.End end = walk.from(ShardCursor.START, (position, pageLimit) -> {
            MemberTable.Page page = members.page(programId, position.shard(), position.after(), pageLimit);
            for (Member m : members.findAll(programId, page.memberIds())) {
                moves[ProgramPreview.move(after, m.tier, m.counters).ordinal()]++;
            }
            return ShardWalk.Page.of(page.memberIds().size(), position.next(page.continueAfter()));
        });
        return new Preview(current, differences, ProgramPreview.catalogue(current.program().perks(), after.perks()),
                walk.examined(), moves[ProgramPreview.Move.UP.ordinal()], moves[ProgramPreview.Move.DOWN.ordinal()],
                moves[ProgramPreview.Move.FROM_REMOVED_TIER.ordinal()], end.done());
    }
}
