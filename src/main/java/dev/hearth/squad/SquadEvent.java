package dev.hearth.squad;

import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.EventReader;
import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;
import dev.hearth.edge.HearthException;

/**
 * manage-squad's event, one of three shapes told apart by its fields: a change ({@code action}),
 * one squad ({@code squadId} alone) or a page of all ({@code programId} alone).
 */
public sealed interface SquadEvent {

    String programId();

    /** What an operator does to a squad. */
    enum Action {
        CREATE, UPDATE, ARCHIVE
    }

    /** CREATE, UPDATE or ARCHIVE one squad; name, theme and leaderId are null when not given. */
    record Change(String programId, String squadId, Action action, String name, String theme, String leaderId)
            implements SquadEvent {
    }

    /** One squad with its health. */
    record ShowOne(String programId, String squadId) implements SquadEvent {
    }

    /** A page of the program's squads with their health; cursor: the previous page's. */
    record ShowPage(String programId, String cursor, int limit) implements SquadEvent {
    }

    int MAX_LABEL = 64;
    int DEFAULT_LIMIT = 20;
    int MAX_LIMIT = 100;

    Field PROGRAM_ID = Field.id("programId");
    /** The same limit as a member's squads list (onboard-member, update-member). */
    Field SQUAD_ID = Field.text("squadId", MAX_LABEL);
    Field ACTION = Field.oneOf("action", EnumSet.allOf(Action.class));
    Field NAME = Field.text("name", 100);
    Field THEME = Field.text("theme", 200);
    Field LEADER_ID = Field.id("leaderId");
    Field CURSOR = Field.text("cursor", MAX_LABEL);
    Field LIMIT = Field.number("limit", 1, MAX_LIMIT);
    EventShape SHAPE = EventShape.of("manage-squad", PROGRAM_ID, SQUAD_ID, ACTION, NAME, THEME, LEADER_ID, CURSOR,
            LIMIT);

    static SquadEvent read(JsonNode json) {
        EventReader fields = SHAPE.read(json);
        String programId = fields.requiredId(PROGRAM_ID);
        if (fields.has(ACTION)) {
            Action action = fields.requiredEnum(ACTION, EnumSet.allOf(Action.class));
            String squadId = fields.requiredText(SQUAD_ID);
            for (Field paging : List.of(CURSOR, LIMIT)) {
                fields.reject(paging, "is only used to list squads");
            }
            String name = action == Action.CREATE ? fields.requiredText(NAME) : fields.optionalText(NAME);
            String theme = fields.optionalText(THEME);
            String leaderId = fields.optionalId(LEADER_ID);
            if (action == Action.ARCHIVE) {
                for (Field described : List.of(NAME, THEME, LEADER_ID)) {
                    fields.reject(described, "is not used by ARCHIVE");
                }
            }
            if (action == Action.UPDATE && name == null && theme == null && leaderId == null) {
                throw new HearthException(ErrorCode.MISSING_FIELD, "name",
                        "UPDATE needs at least one of name, theme, leaderId");
            }
            return new Change(programId, squadId, action, name, theme, leaderId);
        }
        for (Field described : List.of(NAME, THEME, LEADER_ID)) {
            fields.reject(described, "is only used with an action (CREATE or UPDATE)");
        }
        if (fields.has(SQUAD_ID)) {
            String squadId = fields.requiredText(SQUAD_ID);
            for (Field paging : List.of(CURSOR, LIMIT)) {
                fields.reject(paging, "is only used to list squads (without squadId)");
            }
            return new ShowOne(programId, squadId);
        }
        Long limit = fields.optionalNumberInRange(LIMIT);
        return new ShowPage(programId, fields.optionalText(CURSOR), limit == null ? DEFAULT_LIMIT : limit.intValue());
    }
}
