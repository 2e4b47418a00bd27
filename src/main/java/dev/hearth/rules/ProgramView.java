package dev.hearth.rules;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.program.ProgramDocument;
import dev.hearth.program.ProgramTable;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A program's rules at one version, as get-program answers and manage-program takes back ({@code program}). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgramView(String programId, long version, String changedBy, String changedAt, String reason,
        ObjectNode program, List<VersionLine> versions, Boolean duplicate) {

    /** One version's change: who, when, why. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionLine(long version, String changedBy, String changedAt, String reason) {

        static VersionLine of(ProgramTable.Change c) {
            return new VersionLine(c.version(), c.changedBy(), c.changedAt() == null ? null : c.changedAt().toString(),
                    c.reason());
        }
    }

    public static ProgramView of(ProgramTable.Stored stored) {
        return of(stored, null);
    }

    /** A version manage-program stored; duplicate: the same request had stored it before. */
    public static ProgramView of(ManagePrograms.Made made) {
        return of(made.stored(), made.duplicate());
    }

    private static ProgramView of(ProgramTable.Stored stored, Boolean duplicate) {
        VersionLine line = VersionLine.of(stored.change());
        return new ProgramView(stored.program().programId(), line.version(), line.changedBy(), line.changedAt(),
                line.reason(), ProgramDocument.write(stored.program()),
                stored.versions().stream().map(VersionLine::of).toList(), duplicate);
    }

    /** What a change would do (PREVIEW). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PreviewView(String programId, long currentVersion, List<String> differences,
            ProgramPreview.CatalogueChanges catalogue, TierMoves tiers) {
    }

    /**
     * Members whose tier would move at their next review or activity; estimate: not every member was
     * examined within the call's budget (the counts are of those examined).
     */
    @RegisterForReflection
    public record TierMoves(long membersExamined, long up, long down, long fromRemovedTiers, boolean complete,
            boolean estimate) {
    }

    public static PreviewView of(ManagePrograms.Preview p) {
        return new PreviewView(p.current().program().programId(), p.current().change().version(), p.differences(),
                p.catalogue(), new TierMoves(p.membersExamined(), p.up(), p.down(), p.fromRemovedTiers(),
                        p.complete(), !p.complete()));
    }
}
