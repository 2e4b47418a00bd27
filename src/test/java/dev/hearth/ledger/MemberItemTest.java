package dev.hearth.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.hearth.program.DefaultProgram;
import dev.hearth.testing.ItemSize;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A member's active days survive the item, in the compact form and in the list members were stored with before. */
class MemberItemTest {

    private static Map<String, AttributeValue> item(Member m) {
        return MemberTable.toItem(m, LotsApart.split(m.pointLots, m.lotsApart));
    }

    @Test
    void sixtyFourActiveDaysAreKeptExactlyAndSmall() {
        Member m = Members.joined(DefaultProgram.create(), "m");
        LocalDate latest = LocalDate.of(2026, 12, 3);
        m.activeDays.clear();
        for (int i = 0; i < Member.KEPT_ACTIVE_DAYS; i += i % 3 == 0 ? 1 : 2) {
            m.markActive(latest.minusDays(i));
        }
        m.markActive(latest.minusDays(Member.KEPT_ACTIVE_DAYS - 1)); // the oldest day kept: bit 63
        Map<String, AttributeValue> item = item(m);
        assertEquals(m.activeDays, MemberTable.fromItem(item).activeDays);
        assertFalse(item.containsKey("activeDays"));
        Map<String, AttributeValue> days = Map.of("activeDaysTo", item.get("activeDaysTo"), "activeDaysMask",
                item.get("activeDaysMask"));
        assertTrue(ItemSize.of(days) < 50, "the days take " + ItemSize.of(days) + " B");
    }

    @Test
    void aMemberStoredWithTheListReadsTheSame() {
        Member m = Members.joined(DefaultProgram.create(), "m");
        TreeSet<LocalDate> days = new TreeSet<>(java.util.List.of(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 2)));
        Map<String, AttributeValue> item = new java.util.HashMap<>(item(m));
        item.remove("activeDaysTo");
        item.remove("activeDaysMask");
        item.put("activeDays", AttributeValue.fromL(days.stream().map(d -> AttributeValue.fromN(
                Long.toString(d.toEpochDay()))).toList()));
        assertEquals(days, MemberTable.fromItem(item).activeDays);
    }
}
