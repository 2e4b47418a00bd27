package dev.hearth.member;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;
import dev.hearth.edge.HearthException;

/** onboard-member's event: who joins, how they found the community, what they care about. */
public record JoinEvent(String programId, String memberId, String displayName, Channel channel, String invitedBy,
        List<String> tags, List<String> squads, Instant joinedAt) {

    /** How a member found the community. */
    public enum Channel {
        INVITE, QR, STOREFRONT
    }

    static final int MAX_LABEL_LENGTH = 64;
    static final int MAX_DISPLAY_NAME = 100;
    /** A member's most tags and squads, at join and after any change (update-member). */
    static final int MAX_TAGS = 50;
    static final int MAX_SQUADS = 20;
    static final Field PROGRAM_ID = Field.id("programId");
    static final Field MEMBER_ID = Field.id("memberId");
    static final Field DISPLAY_NAME = Field.text("displayName", MAX_DISPLAY_NAME);
    static final Field INVITED_BY = Field.id("invitedBy");
    static final Field CHANNEL = Field.oneOf("channel", EnumSet.allOf(Channel.class));
    static final Field TAGS = Field.texts("tags", MAX_TAGS, MAX_LABEL_LENGTH);
    static final Field SQUADS = Field.texts("squads", MAX_SQUADS, MAX_LABEL_LENGTH);
    static final Field JOINED_AT = Field.instant("joinedAt");
    public static final EventShape SHAPE = EventShape.of("onboard-member", PROGRAM_ID, MEMBER_ID, DISPLAY_NAME,
            INVITED_BY, CHANNEL, TAGS, SQUADS, JOINED_AT);

    /** The event, checked; {@code joinedAt} defaults to {@code now}. */
    public static JoinEvent read(JsonNode json, Instant now) {
        var event = SHAPE.read(json);
        String programId = event.requiredId(PROGRAM_ID);
        String memberId = event.requiredId(MEMBER_ID);
        String displayName = event.requiredText(DISPLAY_NAME);
        Channel channel = event.requiredEnum(CHANNEL, EnumSet.allOf(Channel.class));
        String invitedBy = event.optionalId(INVITED_BY);
        List<String> tags = event.optionalTextList(TAGS);
        List<String> squads = event.optionalTextList(SQUADS);
        Instant joinedAt = event.optionalPastInstant(JOINED_AT, now);
        if (memberId.equals(invitedBy)) {
            throw new HearthException(ErrorCode.SELF_REFERRAL, "invitedBy", "a member cannot invite themselves");
        }
        if (channel == Channel.INVITE && invitedBy == null) {
            throw new HearthException(ErrorCode.MISSING_FIELD, "invitedBy", "is required when channel is INVITE");
        }
        return new JoinEvent(programId, memberId, displayName, channel, invitedBy, tags, squads,
                joinedAt == null ? now : joinedAt);
    }
}
