package dev.hearth.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.edge.HearthException;

/** The program document: what get-program shows is what manage-program takes back, and every rule is checked at its path. */
class ProgramDocumentTest {

    private static ObjectNode doc() {
        return ProgramDocument.write(DefaultProgram.create());
    }

    private static void rejected(Consumer<ObjectNode> edit, String message) {
        ObjectNode doc = doc();
        edit.accept(doc);
        HearthException e = assertThrows(HearthException.class,
                () -> ProgramDocument.read(DefaultProgram.PROGRAM_ID, doc, "program"));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    private static ObjectNode tier(ObjectNode doc, int i) {
        return (ObjectNode) doc.get("tiers").get(i);
    }

    @Test
    void theDocumentRoundTrips() {
        assertEquals(DefaultProgram.create(), ProgramDocument.read(DefaultProgram.PROGRAM_ID, doc(), "program"));
    }

    @Test
    void anErasedIdMayJoinAgainOnlyWhereTheDocumentSaysSo() {
        ObjectNode doc = doc();
        assertFalse(doc.get("rejoinAfterErasure").booleanValue());
        doc.put("rejoinAfterErasure", true);
        Program allowing = ProgramDocument.read(DefaultProgram.PROGRAM_ID, doc, "program");
        assertTrue(allowing.rejoinAfterErasure());
        assertEquals(DefaultProgram.create().withRejoinAfterErasure(true), allowing);
        assertEquals(allowing, ProgramTable.fromItem(ProgramTable.toItem(allowing)));
        doc.remove("rejoinAfterErasure"); // documents written before the rule read as they did
        assertFalse(ProgramDocument.read(DefaultProgram.PROGRAM_ID, doc, "program").rejoinAfterErasure());
        rejected(d -> d.put("rejoinAfterErasure", "yes"),
                "[400] INVALID_FIELD program.rejoinAfterErasure: must be true or false");
    }

    @Test
    void everyRuleIsNamedAtItsPath() {
        rejected(d -> ((ObjectNode) tier(d, 2).get("requirements")).put("spendFen", 40_000),
                "[400] INVALID_FIELD program.tiers[2].requirements.spendFen: must be at least tiers[1]'s (50000)");
        rejected(d -> ((ObjectNode) tier(d, 3).get("requirements")).put("spendFen", 90_000),
                "[400] INVALID_FIELD program.tiers[3].requirements.spendFen: must be at least tiers[2]'s (100000)");
        rejected(d -> tier(d, 1).set("requirements", tier(d, 0).get("requirements").deepCopy()),
                "[400] INVALID_FIELD program.tiers[1].requirements: must ask more than tiers[0] in at least one counter");
        rejected(d -> ((ObjectNode) tier(d, 0).get("requirements")).put("purchases", 1),
                "[400] INVALID_FIELD program.tiers[0].requirements: the first tier is every member's");
        rejected(d -> ((ObjectNode) tier(d, 1).get("requirements")).put("likes", 1),
                "[400] UNKNOWN_FIELD program.tiers[1].requirements.likes: no counter likes");
        rejected(d -> tier(d, 2).put("id", "FAN"), "[400] INVALID_FIELD program.tiers[2].id: tier id FAN is used twice");
        rejected(d -> d.put("timeZone", "Asia/Shangai"),
                "[400] INVALID_FIELD program.timeZone: not a time zone id");
        rejected(d -> d.put("currency", "yuan"), "[400] INVALID_FIELD program.currency: must be an ISO 4217 code");
        rejected(d -> d.remove("name"), "[400] MISSING_FIELD program.name");
        rejected(d -> d.put("colour", "red"), "[400] UNKNOWN_FIELD program.colour");
        rejected(d -> d.put("downgradeGraceDays", -1),
                "[400] INVALID_FIELD program.downgradeGraceDays: must be from 0 to 365, got -1");
        rejected(d -> ((ObjectNode) d.get("earning").get("dailyCaps")).put("CHECK_IN", 0),
                "[400] INVALID_FIELD program.earning.dailyCaps.CHECK_IN: must be from 1 to 1000");
        rejected(d -> ((ObjectNode) d.get("earning").get("pointsPerActivity")).put("PURCHASE", 5),
                "[400] INVALID_FIELD program.earning.pointsPerActivity.PURCHASE: PURCHASE cannot have points");
        rejected(d -> ((ObjectNode) d.get("squads")).put("silentDays", 3),
                "[400] INVALID_FIELD program.squads.silentDays: must be more than squads.quietDays (3)");
        rejected(d -> ((ObjectNode) d.get("perks").get("tierPrivileges")).set("GOLD",
                d.get("perks").get("tierPrivileges").get("FAN").deepCopy()),
                "[400] INVALID_FIELD program.perks.tierPrivileges.GOLD: no tier GOLD on the ladder");
        rejected(d -> ((ArrayNode) d.get("perks").get("tagRules").get("sleepless")).add(
                d.get("perks").get("tagRules").get("black-tea").get(0).deepCopy()),
                "[400] INVALID_FIELD program.perks.tagRules.sleepless[1].perkId: perk id tag.black-tea.jin-jun-mei is "
                        + "used twice");
        rejected(d -> ((ObjectNode) d.get("perks").get("routine")).set("8",
                d.get("perks").get("routine").get("1").deepCopy()),
                "[400] INVALID_FIELD program.perks.routine.8: a routine day is \"1\" to \"7\"");
        rejected(d -> ((ObjectNode) d.get("perks").get("routine").get("1").get(0)).put("kind", "HUG"),
                "[400] INVALID_FIELD program.perks.routine.1[0].kind: must be one of");
        rejected(d -> d.putArray("tiers"), "[400] INVALID_FIELD program.tiers: must have 1 to 20 entries, got 0");
        rejected(d -> d.put("name", "n".repeat(101)), "[400] INVALID_FIELD program.name: must be at most 100 characters");
        rejected(d -> d.put("name", " "), "[400] INVALID_FIELD program.name: must be a non-blank string");
        rejected(d -> d.put("pointsExpiryMonths", 121), "[400] INVALID_FIELD program.pointsExpiryMonths: must be from 0 to 120");
        rejected(d -> d.put("returnWindowDays", 366), "[400] INVALID_FIELD program.returnWindowDays: must be from 0 to 365");
        rejected(d -> d.put("referralCredit", "LATER"), "[400] INVALID_FIELD program.referralCredit: must be one of");
        rejected(d -> ((ObjectNode) d.get("earning")).put("pointsPerCny", 1.5),
                "[400] INVALID_FIELD program.earning.pointsPerCny: must be a whole number");
        rejected(d -> ((ObjectNode) d.get("earning").get("pointsPerActivity")).put("LIKE", 1),
                "[400] UNKNOWN_FIELD program.earning.pointsPerActivity.LIKE: no activity type LIKE");
        rejected(d -> ((ObjectNode) d.get("earning").get("pointsPerActivity")).put("CHECK_IN", 100_001),
                "[400] INVALID_FIELD program.earning.pointsPerActivity.CHECK_IN: must be from 0 to 100000");
        rejected(d -> ((ObjectNode) tier(d, 1).get("requirements")).put("spendFen", -1),
                "[400] INVALID_FIELD program.tiers[1].requirements.spendFen: must be from 0 to");
        rejected(d -> tier(d, 1).put("id", "has space"), "[400] INVALID_FIELD program.tiers[1].id: must not contain white space");
        rejected(d -> ((ArrayNode) tier(d, 1).get("privileges")).add("p".repeat(121)),
                "[400] INVALID_FIELD program.tiers[1].privileges[3]: must be at most 120 characters");
        rejected(d -> ((ObjectNode) d.get("squads")).put("quietDays", 0),
                "[400] INVALID_FIELD program.squads.quietDays: must be from 1 to 89");
        rejected(d -> ((ObjectNode) d.get("perks").get("tagRules")).putArray("x".repeat(65)),
                "[400] INVALID_FIELD program.perks.tagRules." + "x".repeat(65) + ": a tag is 1 to 64 characters");
        rejected(d -> ((ObjectNode) d.get("perks").get("tagRules")).putArray("empty"),
                "[400] INVALID_FIELD program.perks.tagRules.empty: must have 1 to 20 entries, got 0");
        rejected(d -> ((ObjectNode) d.get("perks").get("routine").get("1").get(0)).put("validDays", 3_651),
                "[400] INVALID_FIELD program.perks.routine.1[0].validDays: must be from 0 to 3650");
        rejected(d -> ((ObjectNode) d.get("perks").get("routine").get("1").get(0)).put("note", "n".repeat(501)),
                "[400] INVALID_FIELD program.perks.routine.1[0].note: must be at most 500 characters");
        rejected(d -> ((ObjectNode) d.get("perks").get("routine").get("1").get(0)).remove("title"),
                "[400] MISSING_FIELD program.perks.routine.1[0].title");
        rejected(d -> ((ObjectNode) d.get("perks")).putObject("seasonal"), "[400] UNKNOWN_FIELD program.perks.seasonal");
        rejected(d -> {
            ObjectNode tags = (ObjectNode) d.get("perks").get("tagRules");
            for (int t = 0; t < 11; t++) {
                ArrayNode list = tags.putArray("t" + t);
                for (int i = 0; i < 20; i++) {
                    list.addObject().put("perkId", "p" + t + "-" + i).put("kind", "GIFT").put("title", "T");
                }
            }
        }, "[400] INVALID_FIELD program.perks: at most 200 catalogue perks, got 238");
    }
}
