package dev.hearth.member;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;

/** get-member's event: which member of which program, and where the hand-over of their data continues. */
public record MemberEvent(String programId, String memberId, String ledgerCursor) {

    static final Field PROGRAM_ID = Field.id("programId");
    static final Field MEMBER_ID = Field.id("memberId");
    static final Field LEDGER_CURSOR = Field.text(LedgerCursor.FIELD, 2048);
    public static final EventShape SHAPE = EventShape.of("get-member", PROGRAM_ID, MEMBER_ID, LEDGER_CURSOR);

    public static MemberEvent read(JsonNode json) {
        var event = SHAPE.read(json);
        return new MemberEvent(event.requiredId(PROGRAM_ID), event.requiredId(MEMBER_ID),
                event.optionalText(LEDGER_CURSOR));
    }
}
