package dev.hearth.member;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.ActivityTable.ChangeKey;
import dev.hearth.ledger.ActivityTable.EntryKey;

/**
 * Where get-member's hand-over of everything Hearth holds about a member continues: the rest of
 * the ledger (newest first), then every perk (by id), then every profile change (newest first).
 * Callers pass it back as they got it; its text is base64url of its parts on lines (ids hold no
 * control characters, so a line break cannot occur inside one).
 *
 * @param after the key of the last item handed over in {@code section}; null: the section's start
 */
record LedgerCursor(Section section, String... after) {

    enum Section {
        LEDGER, PERKS, HISTORY
    }

    static final String FIELD = "ledgerCursor";

    static LedgerCursor after(EntryKey entry) {
        return new LedgerCursor(Section.LEDGER, entry.activityId(), entry.recordedAt().toString(),
                Boolean.toString(entry.byHearth()));
    }

    static LedgerCursor afterPerk(String perkId) {
        return new LedgerCursor(Section.PERKS, perkId);
    }

    static LedgerCursor after(ChangeKey change) {
        return new LedgerCursor(Section.HISTORY, change.at().toString(), change.changeId());
    }

    static LedgerCursor startOf(Section section) {
        return new LedgerCursor(section);
    }

    EntryKey entry() {
        return after.length == 0 ? null : new EntryKey(after[0], Instant.parse(after[1]), Boolean.parseBoolean(after[2]));
    }

    String perkId() {
        return after.length == 0 ? null : after[0];
    }

    ChangeKey change() {
        return after.length == 0 ? null : new ChangeKey(Instant.parse(after[0]), after[1]);
    }

    String text() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((section + (after.length == 0 ? "" : "\n"
                + String.join("\n", after))).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a text stands for: [400] INVALID_FIELD ledgerCursor if it is not one get-member gave. */
    static LedgerCursor read(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\n", -1);
            Section section = Section.valueOf(parts[0]);
            String[] after = java.util.Arrays.copyOfRange(parts, 1, parts.length);
            int expected = switch (section) {
                case LEDGER -> 3;
                case PERKS -> 1;
                case HISTORY -> 2;
            };
            if (after.length != 0 && after.length != expected) {
                throw new IllegalArgumentException("parts");
            }
            LedgerCursor cursor = new LedgerCursor(section, after);
            // Parsing the key checks its instants.
            switch (section) {
                case LEDGER -> cursor.entry();
                case PERKS -> cursor.perkId();
                case HISTORY -> cursor.change();
            }
            return cursor;
        } catch (RuntimeException e) {
            throw new HearthException(ErrorCode.INVALID_FIELD, FIELD, "is not a cursor get-member gave");
        }
    }
}
