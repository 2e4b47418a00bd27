package dev.hearth.member;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.rejected;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hearth.dynamodb.CallRecorder;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.ProgramTable;
import dev.hearth.squad.SquadTable;
import dev.hearth.testing.Concurrently;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestPrograms;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** update-member: interests, profile and squads change after joining, exactly once per changeId. */
@QuarkusTest
class UpdateMemberTest {

    private static final String LAVENDER = "tag.sleepless.lavender";

    @Inject
    ProgramTable programs;
    @Inject
    SquadTable squads;
    @Inject
    MemberTable members;

    private String p;

    @BeforeEach
    void program() {
        p = unique("update");
        TestPrograms.copyOfDefault(programs, squads, p);
    }

    private String join(Object... more) {
        String memberId = unique("m");
        Map<String, Object> e = event("programId", p, "memberId", memberId, "displayName", "Xiaoyu 小雨",
                "channel", "STOREFRONT");
        e.putAll(event(more));
        ok("onboard-member", e);
        return memberId;
    }

    private JsonPath update(String memberId, String changeId, Object... more) {
        Map<String, Object> e = event("programId", p, "memberId", memberId, "changeId", changeId);
        e.putAll(event(more));
        return ok("update-member", e);
    }

    private long lavenders(String memberId) {
        return Invoke.member(p, memberId).getList("perks.perkId", String.class).stream().filter(LAVENDER::equals)
                .count();
    }

    @Test
    void xiaoyuGainsSleeplessWeeksLaterAndGetsTheCandleOnceEver() {
        String xiaoyu = join();
        assertEquals(0, lavenders(xiaoyu));

        JsonPath gained = update(xiaoyu, "c1", "addTags", List.of("sleepless"), "note",
                "mentioned her insomnia in the group");
        assertEquals(List.of("sleepless"), gained.getList("tags"));
        assertEquals(List.of(LAVENDER), gained.getList("perksGiven.perkId"));
        assertEquals("DELIVERED", gained.getString("perksGiven[0].status"));
        assertEquals(List.of("sleepless"), gained.getList("change.addedTags"));
        assertFalse(gained.getBoolean("duplicate"));
        assertEquals(1, lavenders(xiaoyu));

        JsonPath lost = update(xiaoyu, "c2", "removeTags", List.of("sleepless"), "note", "sleeps well now");
        assertEquals(List.of(), lost.getList("tags"));
        assertEquals(List.of(), lost.getList("perksGiven"));

        JsonPath regained = update(xiaoyu, "c3", "addTags", List.of("sleepless"));
        assertEquals(List.of("sleepless"), regained.getList("tags"));
        assertEquals(List.of(), regained.getList("perksGiven"), "a tag rule gives its perk once per member ever");
        assertEquals(1, lavenders(xiaoyu));

        JsonPath history = Invoke.member(p, xiaoyu);
        assertEquals(List.of("c3", "c2", "c1"), history.getList("history.changeId"));
        assertEquals("mentioned her insomnia in the group", history.getString("history[2].note"));
        assertEquals(List.of("sleepless"), history.getList("history[1].removedTags"));
        assertEquals(List.of(LAVENDER), history.getList("history[2].perksGiven"));

        // The same changeId again answers the first answer and changes nothing.
        JsonPath repeated = update(xiaoyu, "c1", "addTags", List.of("sleepless"), "note", "again");
        assertTrue(repeated.getBoolean("duplicate"));
        assertEquals(List.of(LAVENDER), repeated.getList("perksGiven.perkId"));
        assertEquals("mentioned her insomnia in the group", repeated.getString("change.note"));
        assertEquals(3, Invoke.member(p, xiaoyu).getList("history").size());
    }

    @Test
    void aNewChangeIsTheMemberAndOneTransactionAndARepeatIsAnsweredEvenIfItsSquadIsArchivedSince() {
        String m = join();
        ok("manage-squad", event("programId", p, "squadId", "ink", "action", "CREATE", "name", "Ink squad"));
        List<String> first = CallRecorder.operationsOf(() -> update(m, "c1", "joinSquads", List.of("ink"), "addTags",
                List.of("sleepless")));
        // The program (read every time in tests; cached in a warm instance), the member, the squad joined, the transaction.
        assertEquals(List.of("GetItem", "GetItem", "BatchGetItem", "TransactWriteItems"), first);

        ok("manage-squad", event("programId", p, "squadId", "ink", "action", "ARCHIVE"));
        JsonPath repeated = update(m, "c1", "joinSquads", List.of("ink"), "addTags", List.of("sleepless"));
        assertTrue(repeated.getBoolean("duplicate"), "the first answer, not SQUAD_ARCHIVED");
        assertEquals(List.of("ink"), repeated.getList("change.joinedSquads"));
        assertEquals(List.of(LAVENDER), repeated.getList("perksGiven.perkId"));
        assertEquals(1, Invoke.member(p, m).getList("history").size());
        assertEquals(1, lavenders(m));
        // A new change to the archived squad is refused, naming the field.
        Invoke.rejected("update-member", event("programId", p, "memberId", m, "changeId", "c2", "joinSquads",
                List.of("ink")), 409, "[409] SQUAD_ARCHIVED joinSquads");
    }

    @Test
    void aTagTheMemberJoinedWithGivesNothingWhenAddedAgainAfterRemoval() {
        String m = join("tags", List.of("sleepless"));
        assertEquals(1, lavenders(m));
        update(m, "off", "removeTags", List.of("sleepless"));
        assertEquals(List.of(), update(m, "on", "addTags", List.of("sleepless")).getList("perksGiven"));
        assertEquals(1, lavenders(m));
    }

    @Test
    void displayNameAndSquadsChangeAndOnlyRealChangesAreRecorded() {
        String m = join("squads", List.of("baking"));
        JsonPath changed = update(m, "c1", "displayName", "小雨 Xiaoyu", "joinSquads", List.of("baking", "journaling"),
                "leaveSquads", List.of("tea-tasting"));
        assertEquals("小雨 Xiaoyu", changed.getString("displayName"));
        assertEquals(List.of("baking", "journaling"), changed.getList("squads"));
        assertEquals(List.of("journaling"), changed.getList("change.joinedSquads"));
        assertEquals(List.of(), changed.getList("change.leftSquads"), "she was not in tea-tasting");
        JsonPath left = update(m, "c2", "leaveSquads", List.of("baking"));
        assertEquals(List.of("journaling"), left.getList("squads"));
        assertEquals(List.of("baking"), left.getList("change.leftSquads"));
        JsonPath baking = ok("manage-squad", event("programId", p, "squadId", "baking"));
        assertEquals(0, baking.getLong("health.members"));
        assertEquals(1, ok("manage-squad", event("programId", p, "squadId", "journaling")).getLong("health.members"));
    }

    @Test
    void concurrentChangesWithDistinctIdsAllApply() throws Exception {
        String m = join();
        List<JsonPath> answers = Concurrently.call(12, i -> update(m, "tag-" + i, "addTags", List.of("interest-" + i)));
        assertEquals(12, answers.stream().filter(a -> !a.getBoolean("duplicate")).count());
        JsonPath member = Invoke.member(p, m);
        assertEquals(IntStream.range(0, 12).mapToObj(i -> "interest-" + i).sorted().toList(),
                member.getList("tags", String.class).stream().sorted().toList());
        assertEquals(12, member.getList("history").size());
    }

    @Test
    void concurrentChangesWithOneIdApplyOnce() throws Exception {
        String m = join();
        List<JsonPath> answers = Concurrently.call(12, i -> update(m, "same", "addTags", List.of("sleepless"),
                "joinSquads", List.of("baking")));
        assertEquals(1, answers.stream().filter(a -> !a.getBoolean("duplicate")).count());
        answers.forEach(a -> assertEquals(List.of(LAVENDER), a.getList("perksGiven.perkId")));
        JsonPath member = Invoke.member(p, m);
        assertEquals(1, member.getList("history").size());
        assertEquals(1, lavenders(m));
        assertEquals(1, ok("manage-squad", event("programId", p, "squadId", "baking")).getLong("health.members"));
    }

    @Test
    void everyRejectionNamesItsFieldAndWritesNothing() {
        String m = join("tags", IntStream.range(0, 45).mapToObj(i -> "t" + i).toList());
        ok("manage-squad", event("programId", p, "squadId", "closed", "action", "CREATE", "name", "Closed"));
        ok("manage-squad", event("programId", p, "squadId", "closed", "action", "ARCHIVE"));
        Member before = members.find(p, m).orElseThrow();
        List<Object[]> cases = List.of(
                new Object[] { event("programId", p, "memberId", m, "changeId", "x", "joinSquads",
                        List.of("baking", "no-such-squad")), 404, "[404] SQUAD_NOT_FOUND joinSquads[1]: " },
                new Object[] { event("programId", p, "memberId", m, "changeId", "x", "joinSquads", List.of("closed")),
                        409, "[409] SQUAD_ARCHIVED joinSquads[0]: " },
                new Object[] { event("programId", p, "memberId", m, "changeId", "x", "addTags",
                        IntStream.range(0, 10).mapToObj(i -> "new" + i).toList()), 400,
                        "[400] INVALID_FIELD addTags: the member would have 55 tags; at most 50" },
                new Object[] { event("programId", p, "memberId", m, "changeId", "x", "addTags",
                        IntStream.range(0, 51).mapToObj(i -> "n" + i).toList()), 400,
                        "[400] INVALID_FIELD addTags: must have at most 50 entries" },
                new Object[] { event("programId", p, "memberId", m, "changeId", "x", "addTags", List.of("a"),
                        "removeTags", List.of("b", "a")), 400, "[400] INVALID_FIELD removeTags[1]: \"a\" is also in addTags" },
                new Object[] { event("programId", p, "memberId", m, "changeId", "x", "joinSquads", List.of("baking"),
                        "leaveSquads", List.of("baking")), 400, "[400] INVALID_FIELD leaveSquads[0]: " },
                new Object[] { event("programId", p, "memberId", m, "changeId", "x"), 400,
                        "[400] MISSING_FIELD displayName: a change needs at least one of" },
                new Object[] { event("programId", p, "memberId", m, "addTags", List.of("a")), 400,
                        "[400] MISSING_FIELD changeId" },
                new Object[] { event("programId", p, "memberId", m, "changeId", "x", "note", "n".repeat(501)), 400,
                        "[400] INVALID_FIELD note: must be at most 500 characters" },
                new Object[] { event("programId", p, "memberId", m, "changeId", "x", "addTags", List.of(" ")), 400,
                        "[400] INVALID_FIELD addTags[0]: must not be blank" },
                new Object[] { event("programId", p, "memberId", "nobody", "changeId", "x", "note", "hi"), 404,
                        "[404] MEMBER_NOT_FOUND memberId: " },
                new Object[] { event("programId", "no-program", "memberId", m, "changeId", "x", "note", "hi"), 404,
                        "[404] PROGRAM_NOT_FOUND programId: " },
                new Object[] { event("programId", p, "memberId", m, "changeId", "x", "tags", List.of("a")), 400,
                        "[400] UNKNOWN_FIELD tags" });
        for (Object[] c : cases) {
            rejected("update-member", c[0], (Integer) c[1], (String) c[2]);
        }
        Member after = members.find(p, m).orElseThrow();
        assertEquals(before.version, after.version);
        assertEquals(before.tags, after.tags);
        assertEquals(before.squads, after.squads);
        assertEquals(List.of(), Invoke.member(p, m).getList("history"));
        assertEquals(0, ok("manage-squad", event("programId", p, "squadId", "baking")).getLong("health.members"));
        // The rejected changeId was not used up: it applies when sent right.
        assertEquals(List.of("baking"), update(m, "x", "joinSquads", List.of("baking")).getList("squads"));
    }

    @Test
    void onboardingNamesExistingOpenSquadsOnly() {
        rejected("onboard-member", event("programId", p, "memberId", unique("m"), "displayName", "A", "channel", "QR",
                "squads", List.of("baking", "nope")), 404, "[404] SQUAD_NOT_FOUND squads[1]: no squad nope");
        ok("manage-squad", event("programId", p, "squadId", "gone", "action", "CREATE", "name", "Gone"));
        ok("manage-squad", event("programId", p, "squadId", "gone", "action", "ARCHIVE"));
        rejected("onboard-member", event("programId", p, "memberId", unique("m"), "displayName", "A", "channel", "QR",
                "squads", List.of("gone")), 409, "[409] SQUAD_ARCHIVED squads[0]: ");
        assertEquals(0, ok("manage-squad", event("programId", p, "squadId", "baking")).getLong("health.members"));
    }
}
