package dev.hearth.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One function's deployment: its size, its time limit, its environment; its DynamoDB grants are
 * in its folder (see {@link #grants}).
 *
 * @param storefront whether the storefront API exposes it
 * @param asyncRetries for a function something invokes asynchronously (a schedule): how often Lambda
 *        runs a failed invocation again before it goes to the function's on-failure queue; null for
 *        a function only ever called and answered (API, console)
 */
record FunctionSpec(String name, int nativeMemoryMb, int jvmMemoryMb, int timeoutSeconds, boolean storefront,
        Map<String, String> environment, Integer asyncRetries) {

    /** A function only ever called and answered. */
    FunctionSpec(String name, int nativeMemoryMb, int jvmMemoryMb, int timeoutSeconds, boolean storefront,
            Map<String, String> environment) {
        this(name, nativeMemoryMb, jvmMemoryMb, timeoutSeconds, storefront, environment, null);
    }

    /**
     * One grant: the actions on a table (or index), and, if any, the partition keys they are limited
     * to ({@code dynamodb:LeadingKeys} patterns: {@code *#??} is a counter shard, never a stored
     * snapshot or a run's cursor).
     */
    record Grant(List<String> actions, List<String> leadingKeys) {
    }

    /**
     * The function's DynamoDB grants, from its functions/NAME/grants.json: table (or
     * table/index/NAME) -> actions, or -> {actions, leadingKeys}. That file is their one source; the
     * application's GrantsTest holds it equal to the calls the function makes and the keys it writes.
     */
    static Map<String, Grant> grantsOf(Path repoRoot, String function) {
        Path file = repoRoot.resolve("functions").resolve(function).resolve("grants.json");
        try {
            Map<String, Grant> grants = new TreeMap<>();
            new ObjectMapper().readTree(file.toFile()).fields().forEachRemaining(g -> {
                JsonNode value = g.getValue();
                List<String> actions = new ArrayList<>();
                List<String> keys = new ArrayList<>();
                (value.isArray() ? value : value.get("actions")).forEach(a -> actions.add(a.asText()));
                value.path("leadingKeys").forEach(k -> keys.add(k.asText()));
                grants.put(g.getKey(), new Grant(actions, keys));
            });
            return grants;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The actions of each grant, whatever keys they are limited to. */
    static Map<String, List<String>> grants(Path repoRoot, String function) {
        Map<String, List<String>> actions = new TreeMap<>();
        grantsOf(repoRoot, function).forEach((target, grant) -> actions.put(target, grant.actions()));
        return actions;
    }

    /**
     * A batch function: one call may work for minutes (a whole program, an audience, an import). Its
     * concurrency is reserved and capped ({@link Settings#batchConcurrency}), so that a burst of such
     * calls cannot take the account's concurrency from the storefront's functions, nor run up cost.
     */
    boolean batch() {
        return timeoutSeconds >= 900;
    }

    static final List<FunctionSpec> ALL = List.of(
            new FunctionSpec("onboard-member", 256, 1024, 10, true, Map.of()),
            new FunctionSpec("update-member", 256, 1024, 10, true, Map.of()),
            // Operators only: squads are the community team's to shape, and a page of squads with
            // their health is 2 reads a squad, not a storefront call.
            new FunctionSpec("manage-squad", 256, 1024, 30, false, Map.of()),
            new FunctionSpec("award-points", 256, 1024, 15, true, Map.of()),
            new FunctionSpec("redeem-reward", 256, 1024, 15, true, Map.of()),
            new FunctionSpec("evaluate-tier", 512, 1536, 900, true,
                    // A whole-program run pauses with a cursor well before Lambda's 15 minutes.
                    Map.of("HEARTH_EVALUATE_TIER_TIME_BUDGET", "PT12M")),
            new FunctionSpec("get-member", 256, 1024, 10, true, Map.of()),
            // Operators only: an erasure is a person's request to the brand, checked by someone.
            new FunctionSpec("erase-member", 256, 1024, 120, false, Map.of()),
            // Operators only: a brand's existing customers, once, from its own systems. A call
            // works 12 minutes and answers with its progress; the same request continues it.
            new FunctionSpec("import-members", 512, 1536, 900, false, Map.of("HEARTH_IMPORT_MEMBERS_TIME_BUDGET", "PT12M")),
            new FunctionSpec("schedule-perk", 512, 1536, 900, true,
                    // The daily run and a grant's fan-out pause well before Lambda's 15 minutes; a
                    // grant through the API answers within 20 s (API Gateway waits 29).
                    Map.of("HEARTH_SCHEDULE_PERK_TIME_BUDGET", "PT12M")),
            new FunctionSpec("daily-retention-snapshot", 256, 1024, 60, false, Map.of()),
            // Operators only: a program's rules are changed from the console, never by the storefront.
            new FunctionSpec("manage-program", 512, 1536, 60, false, Map.of()),
            new FunctionSpec("get-program", 256, 1024, 10, false, Map.of()),
            // Schedules (and operators): every program's scheduled work, each at its local time. No
            // retry of a failed run: the next tick (15 or 30 minutes) carries every job on from its
            // stored position, and a retry beside it would only race it. The failed event goes to the
            // on-failure queue, alarmed.
            new FunctionSpec("run-programs", 512, 1536, 900, false,
                    Map.of("HEARTH_EVALUATE_TIER_TIME_BUDGET", "PT12M", "HEARTH_SCHEDULE_PERK_TIME_BUDGET", "PT12M"), 0),
            // Only the activities table's stream invokes it (CounterFolds), never a caller: it folds the
            // counters recorded activities carry, and an API route would let anyone add to them.
            new FunctionSpec("fold-counters", 256, 1024, 60, false, Map.of()));
}
