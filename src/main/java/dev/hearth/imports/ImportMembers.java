package dev.hearth.imports;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import dev.hearth.program.Programs;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * import-members (operators only: a brand's existing customers come in once, from its systems, not
 * from the storefront): members with their history, exactly once per line, resumable.
 */
@Answered
public class ImportMembers {

    private final Programs programs;
    private final MemberImport imports;

    public ImportMembers(Programs programs, MemberImport imports) {
        this.programs = programs;
        this.imports = imports;
    }

    /** What import-members answers: the import's progress and counts, and the bad lines. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(String programId, String importId, String source, boolean welcome, long lines,
            long linesDone, long imported, long skipped, long alreadyPresent, List<String> errors, boolean complete,
            String startedAt, String updatedAt, boolean duplicate) {
    }

    @Funq("import-members")
    public Progress importMembers(JsonNode json) {
        ImportEvent event = ImportEvent.read(json);
        MemberImport.Outcome outcome = imports.run(programs.require(event.programId()), event);
        ImportJob j = outcome.job();
        return new Progress(j.programId(), j.importId(), j.source(), j.welcome(), outcome.lines(), j.linesDone(),
                j.imported(), j.skipped(), j.alreadyPresent(), j.errors().isEmpty() ? null : j.errors(), j.complete(), j.startedAt().toString(),
                j.updatedAt().toString(), outcome.duplicate());
    }
}
