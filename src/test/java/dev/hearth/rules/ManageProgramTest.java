package dev.hearth.rules;

import static dev.hearth.testing.Invoke.event;
import static dev.hearth.testing.Invoke.ok;
import static dev.hearth.testing.Invoke.rejected;
import static dev.hearth.testing.Invoke.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.Counter;
import dev.hearth.program.DefaultProgram;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramDocument;
import dev.hearth.testing.Invoke;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** manage-program and get-program: programs created, changed as versions, read at any version, previewed. */
@QuarkusTest
class ManageProgramTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MemberTable members;

    private static ObjectNode rules() {
        ObjectNode doc = ProgramDocument.write(DefaultProgram.create());
        doc.put("name", "Tea club Berlin");
        doc.put("timeZone", "Europe/Berlin");
        doc.put("currency", "EUR");
        return doc;
    }

    private static Map<String, Object> map(ObjectNode doc) {
        return JSON.convertValue(doc, Map.class);
    }

    private static JsonPath create(String p, ObjectNode doc) {
        return ok("manage-program", event("programId", p, "action", "CREATE", "program", map(doc), "changedBy",
                "ops@tea.example", "reason", "a second community for Berlin"));
    }

    @Test
    void aProgramIsCreatedChangedAsVersionsAndEveryVersionIsKept() {
        String p = unique("tea");
        JsonPath created = create(p, rules());
        assertEquals(1, created.getLong("version"));
        assertEquals("Tea club Berlin", created.getString("program.name"));
        assertEquals("ops@tea.example", created.getString("changedBy"));

        // The storefront can use it at once.
        String m = Invoke.newMember(p);
        assertEquals("MEMBER", Invoke.member(p, m).getString("tier"));

        JsonPath read = ok("get-program", event("programId", p));
        ObjectNode changed = JSON.valueToTree(read.getMap("program"));
        ((ObjectNode) changed.get("tiers").get(1).get("requirements")).put("spendFen", 30_000);
        JsonPath v2 = ok("manage-program", event("programId", p, "action", "UPDATE", "program", map(changed),
                "expectedVersion", 1, "changedBy", "lena", "reason", "Fan from 300 EUR"));
        assertEquals(2, v2.getLong("version"));
        assertEquals(30_000, v2.getLong("program.tiers[1].requirements.spendFen"));

        // A change decided from version 1 after version 2 is stored: refused, nothing written.
        rejected("manage-program", event("programId", p, "action", "UPDATE", "program", map(rules()),
                "expectedVersion", 1, "changedBy", "max", "reason", "stale"), 409,
                "[409] VERSION_CONFLICT expectedVersion: the current version is 2 (not 1), changed by lena");

        JsonPath current = ok("get-program", event("programId", p));
        assertEquals(2, current.getLong("version"));
        assertEquals(List.of(1, 2), current.getList("versions.version"));
        assertEquals(List.of("ops@tea.example", "lena"), current.getList("versions.changedBy"));
        assertEquals(List.of("a second community for Berlin", "Fan from 300 EUR"), current.getList("versions.reason"));
        JsonPath first = ok("get-program", event("programId", p, "version", 1));
        assertEquals(1, first.getLong("version"));
        assertEquals(50_000, first.getLong("program.tiers[1].requirements.spendFen"));
        rejected("get-program", event("programId", p, "version", 3), 404,
                "[404] VERSION_NOT_FOUND version: program " + p + " has versions 1 to 2");

        // What get-program shows is what manage-program takes back.
        ok("manage-program", event("programId", p, "action", "UPDATE", "program", current.getMap("program"),
                "expectedVersion", 2, "changedBy", "lena", "reason", "no change, a new version"));
        rejected("manage-program", event("programId", p, "action", "CREATE", "program", map(rules()), "changedBy",
                "x", "reason", "again"), 409, "[409] PROGRAM_EXISTS programId");
    }

    @Test
    void anInvalidProgramIsRefusedAtItsPathAndNothingIsWritten() {
        String p = unique("tea");
        ObjectNode bad = rules();
        ((ObjectNode) bad.get("tiers").get(2).get("requirements")).put("spendFen", 10);
        rejected("manage-program", event("programId", p, "action", "CREATE", "program", map(bad), "changedBy", "x",
                "reason", "y"), 400, "[400] INVALID_FIELD program.tiers[2].requirements.spendFen: must be at least "
                        + "tiers[1]'s (50000)");
        rejected("get-program", event("programId", p), 404, "[404] PROGRAM_NOT_FOUND programId");
        create(p, rules());
        ObjectNode zone = rules();
        zone.put("timeZone", "Mars/Olympus");
        rejected("manage-program", event("programId", p, "action", "UPDATE", "program", map(zone), "expectedVersion",
                1, "changedBy", "x", "reason", "y"), 400, "[400] INVALID_FIELD program.timeZone: not a time zone id");
        assertEquals(1, ok("get-program", event("programId", p)).getLong("version"));
        rejected("manage-program", event("programId", p, "action", "UPDATE", "program", map(rules()), "changedBy",
                "x", "reason", "y"), 400, "[400] MISSING_FIELD expectedVersion");
        rejected("manage-program", event("programId", p, "action", "CREATE", "program", map(rules())), 400,
                "[400] MISSING_FIELD changedBy");
        rejected("manage-program", event("programId", p, "action", "PREVIEW", "program", map(rules()), "reason", "y"),
                400, "[400] INVALID_FIELD reason: is not used by PREVIEW");
        rejected("manage-program", event("programId", "a#b", "action", "CREATE", "program", map(rules()),
                "changedBy", "x", "reason", "y"), 400, "[400] INVALID_FIELD programId: must not contain '#'");
        rejected("manage-program", event("programId", p, "action", "CREATE", "program", "rules", "changedBy", "x",
                "reason", "y"), 400, "[400] INVALID_FIELD program: must be an object");
    }

    @Test
    void aPreviewCountsTheTierMovesAsABruteForceCountDoesAndChangesNothing() {
        String p = unique("tea");
        create(p, rules());
        Random random = new Random(12);
        for (int i = 0; i < 80; i++) {
            String m = Invoke.newMember(p);
            long spend = random.nextInt(8) * 20_000L;
            if (spend > 0) {
                Invoke.award(p, m, "order-" + i, "PURCHASE", "amountFen", spend);
            }
        }
        ObjectNode changed = rules();
        ((ObjectNode) changed.get("tiers").get(1).get("requirements")).put("spendFen", 70_000);
        ((ObjectNode) changed.get("perks").get("tagRules")).remove("black-tea");
        ((ObjectNode) changed.get("perks").get("routine").get("1").get(0)).put("title", "Welcome, new friend");

        JsonPath preview = ok("manage-program", event("programId", p, "action", "PREVIEW", "program", map(changed)));
        Program after = ProgramDocument.read(p, changed, "program");
        long down = 0;
        long up = 0;
        long all = 0;
        for (int shard = 0; shard < 16; shard++) {
            String next = null;
            do {
                MemberTable.Page page = members.page(p, shard, next, 100);
                for (Member m : members.findAll(p, page.memberIds())) {
                    all++;
                    int held = after.rankOf(m.tier);
                    // By hand: the highest tier whose every requirement the member's counters meet.
                    int qualified = 0;
                    for (int t = 0; t < after.tiers().size(); t++) {
                        boolean meets = true;
                        for (Map.Entry<Counter, Long> r : after.tiers().get(t).requirements().entrySet()) {
                            meets &= m.counter(r.getKey()) >= r.getValue();
                        }
                        if (meets) {
                            qualified = t;
                        }
                    }
                    if (qualified > held) {
                        up++;
                    } else if (qualified < held) {
                        down++;
                    }
                }
                next = page.continueAfter();
            } while (next != null);
        }
        assertEquals(80, all);
        assertTrue(down > 0, "some Fans with 500 to 690 CNY would lose Fan");
        assertEquals(down, preview.getLong("tiers.down"));
        assertEquals(up, preview.getLong("tiers.up"));
        assertEquals(all, preview.getLong("tiers.membersExamined"));
        assertTrue(preview.getBoolean("tiers.complete"));
        assertFalse(preview.getBoolean("tiers.estimate"));
        assertTrue(preview.getList("differences").contains("tiers[1].requirements.spendFen"),
                preview.getList("differences").toString());
        assertEquals(List.of("tag.black-tea.jin-jun-mei"), preview.getList("catalogue.removed"));
        assertEquals(List.of("routine.day-1.welcome"), preview.getList("catalogue.changed"));
        assertEquals(List.of(), preview.getList("catalogue.added"));
        assertEquals(1, ok("get-program", event("programId", p)).getLong("version"), "a preview writes nothing");

        JsonPath estimate = ok("manage-program", event("programId", p, "action", "PREVIEW", "program", map(changed),
                "limit", 10));
        assertTrue(estimate.getBoolean("tiers.estimate"));
        assertTrue(estimate.getLong("tiers.membersExamined") < 80);
    }
}
