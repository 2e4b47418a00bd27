package dev.hearth.member;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;
import dev.hearth.edge.HearthException;

/**
 * update-member's event: one change to a member's profile, tags and squads, exactly once per
 * {@code changeId}. Lists are empty when not given; displayName and note null.
 */
public record UpdateEvent(String programId, String memberId, String changeId, String displayName,
        List<String> addTags, List<String> removeTags, List<String> joinSquads, List<String> leaveSquads,
        String note) {

    static final Field PROGRAM_ID = Field.id("programId");
    static final Field MEMBER_ID = Field.id("memberId");
    static final Field CHANGE_ID = Field.id("changeId");
    /** The same limits as at join (onboard-member). */
    static final Field DISPLAY_NAME = Field.text("displayName", JoinEvent.MAX_DISPLAY_NAME);
    static final Field ADD_TAGS = Field.texts("addTags", JoinEvent.MAX_TAGS, JoinEvent.MAX_LABEL_LENGTH);
    static final Field REMOVE_TAGS = Field.texts("removeTags", JoinEvent.MAX_TAGS, JoinEvent.MAX_LABEL_LENGTH);
    static final Field JOIN_SQUADS = Field.texts("joinSquads", JoinEvent.MAX_SQUADS, JoinEvent.MAX_LABEL_LENGTH);
    static final Field LEAVE_SQUADS = Field.texts("leaveSquads", JoinEvent.MAX_SQUADS,
            JoinEvent.MAX_LABEL_LENGTH);
    static final Field NOTE = Field.text("note", 500);
    public static final EventShape SHAPE = EventShape.of("update-member", PROGRAM_ID, MEMBER_ID, CHANGE_ID,
            DISPLAY_NAME, ADD_TAGS, REMOVE_TAGS, JOIN_SQUADS, LEAVE_SQUADS, NOTE);

    public static UpdateEvent read(JsonNode json) {
        var event = SHAPE.read(json);
        UpdateEvent read = new UpdateEvent(event.requiredId(PROGRAM_ID), event.requiredId(MEMBER_ID),
                event.requiredId(CHANGE_ID), event.optionalText(DISPLAY_NAME), event.optionalTextList(ADD_TAGS),
                event.optionalTextList(REMOVE_TAGS), event.optionalTextList(JOIN_SQUADS),
                event.optionalTextList(LEAVE_SQUADS), event.optionalText(NOTE));
        if (read.displayName == null && read.note == null && read.addTags.isEmpty() && read.removeTags.isEmpty()
                && read.joinSquads.isEmpty() && read.leaveSquads.isEmpty()) {
            throw new HearthException(ErrorCode.MISSING_FIELD, "displayName", "a change needs at least one of "
                    + "displayName, addTags, removeTags, joinSquads, leaveSquads, note");
        }
        noOverlap(read.addTags, read.removeTags, REMOVE_TAGS, ADD_TAGS);
        noOverlap(read.joinSquads, read.leaveSquads, LEAVE_SQUADS, JOIN_SQUADS);
        return read;
    }

    private static void noOverlap(List<String> added, List<String> removed, Field removedField, Field addedField) {
        for (int i = 0; i < removed.size(); i++) {
            if (added.contains(removed.get(i))) {
                throw HearthException.invalid(removedField.name() + "[" + i + "]",
                        "\"" + removed.get(i) + "\" is also in " + addedField.name() + "; a change does one or the other");
            }
        }
    }
}
