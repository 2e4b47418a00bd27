package dev.hearth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.hearth.testing.Invoke;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Replays every sample event under functions/ (the ones operators paste into the console) in
 * order, twice: the first pass tells the brief's story, the second must change nothing.
 */
@QuarkusTest
class SampleEventsTest {

    private static final List<String> ORDER = List.of("onboard-member", "update-member", "manage-squad", "manage-program", "get-program", "award-points", "evaluate-tier", "schedule-perk",
            "redeem-reward", "get-member", "erase-member", "import-members", "daily-retention-snapshot", "run-programs", "fold-counters");

    @Test
    void everySampleEventReplaysAndReplayingAgainChangesNothing() throws IOException {
        List<Path> folders;
        try (Stream<Path> list = Files.list(Invoke.FUNCTIONS)) {
            folders = list.filter(Files::isDirectory).toList();
        }
        assertEquals(ORDER.size(), folders.size(), "every function folder is replayed: " + folders);

        replayAll();
        JsonPath first = Invoke.member("default", "c-1001");
        // 200 referral (c-1002 joined by c-1001's invitation) + 520 purchase + 50 post + 100 event
        // + 30 feedback + 5 check-in + 1 interaction - 12 partial refund (12 of the 520 CNY)
        assertEquals(894, first.getLong("pointsBalance"));
        assertEquals(50_800, first.getLong("counters.spendFen"));
        assertEquals(1, first.getLong("counters.referrals"));
        assertEquals(1, first.getLong("counters.connections"));
        // Spend is still over 500 CNY after the partial refund: c-1001 stays a Fan.
        assertEquals("FAN", first.getString("tier"));
        assertEquals(null, first.getString("downgradePendingSince"));

        // The brief's perks: c-1001's black-tea sample on joining, Fan privileges on reaching Fan, the
        // operator's personal gift (redeemed); c-1003's squad apron (cancelled).
        java.util.Map<String, String> perks = perks("c-1001");
        assertEquals("DELIVERED", perks.get("tag.black-tea.jin-jun-mei"));
        assertEquals("DELIVERED", perks.get("tier.fan.early-access"));
        assertEquals("REDEEMED", perks.get("qingfeng-private-tea"));
        assertEquals("SCHEDULED", perks.get("2030-spring-line-preview"));
        assertEquals("CANCELLED", perks("c-1003").get("baking-squad-apron"));

        replayAll();
        assertEquals(perks, perks("c-1001"));
        JsonPath second = Invoke.member("default", "c-1001");
        assertEquals(first.getLong("pointsBalance"), second.getLong("pointsBalance"));
        assertEquals(first.getList("ledger"), second.getList("ledger"));
        assertEquals(first.getMap("counters"), second.getMap("counters"));
    }

    @jakarta.inject.Inject
    dev.hearth.program.ProgramTable programs;
    @jakarta.inject.Inject
    dev.hearth.squad.SquadTable squads;
    @jakarta.inject.Inject
    dev.hearth.config.TableNames tables;

    /**
     * Every request each sample event makes, held to docs/requests.md (a new request is seen in
     * review): the story replayed once in a program of its own, a copy of the default one (the
     * events' program and member ids moved into it), so other tests' members change nothing.
     */
    @Test
    void everySampleEventMakesTheRequestsDocsRequestsMdLists() throws IOException {
        String p = Invoke.unique("requests");
        dev.hearth.testing.TestPrograms.copyOfDefault(programs, squads, p);
        StringBuilder doc = new StringBuilder(REQUESTS_HEADER);
        for (String function : ORDER) {
            for (Path event : events(function)) {
                String body = Files.readString(event).replace("\"default\"", "\"" + p + "\"")
                        .replace("\"tea-berlin\"", "\"" + p + "-berlin\"").replace("\"c-1", "\"" + p + "-c-1")
                        // fold-counters' stream records: records of their own, not yet folded
                        .replace("\"console-sample", "\"" + p + "-console-sample");
                String name = function + "/" + event.getFileName();
                RequestCounts counts = RequestCounts.of(dev.hearth.dynamodb.CallRecorder.requestsOf(
                        () -> Invoke.replay(function, name, body)), tables.programs());
                doc.append("| ").append(function).append(" | ").append(event.getFileName()).append(" | ")
                        .append(RequestCounts.WALKS.contains(name) ? "in proportion to the program (see above) | "
                                : counts.requests() + (counts.programRead() ? " (+1 rules)" : "") + " | " + counts.what())
                        .append(" |\n");
            }
        }
        Path file = Path.of("docs/requests.md");
        if ("1".equals(System.getenv("HEARTH_UPDATE_REQUESTS"))) {
            Files.writeString(file, doc);
        }
        assertEquals(Files.readString(file), doc.toString(),
                "the sample events' requests differ from docs/requests.md: regenerate it with "
                        + "HEARTH_UPDATE_REQUESTS=1 ./mvnw test -Dtest=SampleEventsTest, and say why in the commit");
    }

    private static java.util.Map<String, String> perks(String memberId) {
        List<java.util.Map<String, Object>> perks = Invoke.member("default", memberId).getList("perks");
        java.util.Map<String, String> statuses = new java.util.TreeMap<>();
        perks.forEach(p -> statuses.put((String) p.get("perkId"), (String) p.get("status")));
        return statuses;
    }

    private void replayAll() throws IOException {
        for (String function : ORDER) {
            for (Path event : events(function)) {
                Invoke.replay(function, event);
            }
        }
    }

    private static List<Path> events(String function) throws IOException {
        try (Stream<Path> list = Files.list(Invoke.FUNCTIONS.resolve(function).resolve("events"))) {
            List<Path> events = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertFalse(events.isEmpty(), function + " has sample events");
            return events;
        }
    }

    static final String REQUESTS_HEADER = """
            # DynamoDB requests per call

            Every sample event under `functions/`, replayed once in the brief's order in a program of its
            own (a copy of the default program, the events' ids moved into it: `SampleEventsTest`), with
            the DynamoDB requests it made. Generated: the test
            fails when a change adds, removes or changes a request, until this file is regenerated with
            `HEARTH_UPDATE_REQUESTS=1 ./mvnw test -Dtest=SampleEventsTest`.

            "(+1 rules)": the call also reads the program's rules, which a warm Lambda instance holds in
            its cache for `hearth.programs.cache-ttl` (30 seconds by default): one read per instance per
            30 seconds, not per call. Calls that walk a program's members (whole-program reviews, audience
            grants, the daily runs, imports, snapshots) make requests in proportion to pages of members
            or of counters; BENCHMARKS.md measures them at size.

            | function | sample event | requests | what |
            | --- | --- | --- | --- |
            """;
}
