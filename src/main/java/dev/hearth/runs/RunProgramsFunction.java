package dev.hearth.runs;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * run-programs (schedules, operators): a job for every program at its own local time. The
 * schedules send {@code {"job": ...}} only, so a new program needs no redeploy.
 */
@Answered
public class RunProgramsFunction {

    /** Each program's run. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Runs(String job, List<RunPrograms.ProgramRun> programs) {
    }

    private final RunPrograms runs;

    public RunProgramsFunction(RunPrograms runs) {
        this.runs = runs;
    }

    @Funq("run-programs")
    public Runs run(JsonNode json) {
        RunProgramsEvent event = RunProgramsEvent.read(json);
        return new Runs(event.job().name(), runs.run(event.job(), event.programId()));
    }
}
