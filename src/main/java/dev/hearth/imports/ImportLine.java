package dev.hearth.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;
import dev.hearth.edge.HearthException;
import dev.hearth.program.Counter;
import dev.hearth.program.Program;

/**
 * One member of an import, as its line says: who, since when, invited by whom, their interests and
 * squads, their history's counts and their unexpired points by the day each was earned.
 */
public record ImportLine(String memberId, String displayName, Instant joinedAt, String invitedBy, List<String> tags,
        List<String> squads, EnumMap<Counter, Long> counters, TreeMap<LocalDate, Long> lots) {

    static final int MAX_LOTS = 60;
    static final long MAX_COUNT = 1_000_000;
    static final long MAX_SPEND_FEN = 1_000_000_000_000L;
    static final long MAX_POINTS = 1_000_000_000L;
    static final Field MEMBER_ID = Field.id("memberId");
    static final Field DISPLAY_NAME = Field.text("displayName", 100);
    static final Field JOINED_AT = Field.instant("joinedAt");
    static final Field INVITED_BY = Field.id("invitedBy");
    static final Field TAGS = Field.texts("tags", 50, 64);
    static final Field SQUADS = Field.texts("squads", 20, 64);
    static final Field SPEND = Field.number("lifetimeSpendFen", 0, MAX_SPEND_FEN);
    static final Field PURCHASES = Field.number("purchases", 0, MAX_COUNT);
    static final Field QUALITY_POSTS = Field.number("qualityPosts", 0, MAX_COUNT);
    static final Field REFERRALS = Field.number("referrals", 0, MAX_COUNT);
    /** [{points, earnedOn}], read apart: a list of objects, each checked at its index. */
    static final Field POINTS = Field.document("points");
    static final Field LOT_POINTS = Field.number("points", 1, MAX_POINTS);
    static final Field EARNED_ON = Field.date("earnedOn");
    private static final EventShape LOT = EventShape.of("import-members", LOT_POINTS, EARNED_ON);
    /** One line's fields (the README's line table states their limits: EventShapesTest). */
    public static final EventShape SHAPE = EventShape.of("import-members", MEMBER_ID, DISPLAY_NAME, JOINED_AT,
            INVITED_BY, TAGS, SQUADS, SPEND, PURCHASES, QUALITY_POSTS, REFERRALS, POINTS);

    /** The line, checked against the program's calendar; a HearthException names the field at fault. */
    static ImportLine read(JsonNode json, Program program, Instant now) {
        var line = SHAPE.read(json);
        String memberId = line.requiredId(MEMBER_ID);
        String displayName = line.requiredText(DISPLAY_NAME);
        Instant joinedAt = line.optionalPastInstant(JOINED_AT, now);
        if (joinedAt == null) {
            throw HearthException.missing("joinedAt");
        }
        String invitedBy = line.optionalId(INVITED_BY);
        if (memberId.equals(invitedBy)) {
            throw new HearthException(ErrorCode.SELF_REFERRAL, "invitedBy", "a member cannot invite themselves");
        }
        EnumMap<Counter, Long> counters = new EnumMap<>(Counter.class);
        counters.put(Counter.SPEND_FEN, orZero(line.optionalNumberInRange(SPEND)));
        counters.put(Counter.PURCHASES, orZero(line.optionalNumberInRange(PURCHASES)));
        counters.put(Counter.QUALITY_POSTS, orZero(line.optionalNumberInRange(QUALITY_POSTS)));
        counters.put(Counter.REFERRALS, orZero(line.optionalNumberInRange(REFERRALS)));
        LocalDate joined = program.localDay(joinedAt);
        LocalDate today = program.localDay(now);
        TreeMap<LocalDate, Long> lots = new TreeMap<>();
        JsonNode points = json.get(POINTS.name());
        if (points != null && !points.isNull()) {
            if (!points.isArray() || points.size() > MAX_LOTS) {
                throw HearthException.invalid("points", "must be an array of at most " + MAX_LOTS
                        + " {points, earnedOn}");
            }
            for (int i = 0; i < points.size(); i++) {
                String at = "points[" + i + "]";
                var lot = LOT.read(points.get(i));
                Long amount;
                LocalDate earnedOn;
                try {
                    amount = lot.optionalNumberInRange(LOT_POINTS);
                    earnedOn = lot.optionalDate(EARNED_ON, today);
                } catch (HearthException e) {
                    throw new HearthException(e.code(), null, at + "." + e.detail());
                }
                if (amount == null || earnedOn == null) {
                    throw HearthException.missing(at + (amount == null ? ".points" : ".earnedOn"));
                }
                if (earnedOn.isBefore(joined)) {
                    throw HearthException.invalid(at + ".earnedOn", "is before the member joined (" + joined + ")");
                }
                lots.merge(earnedOn, amount, Long::sum);
            }
        }
        return new ImportLine(memberId, displayName, joinedAt, invitedBy, line.optionalTextList(TAGS),
                line.optionalTextList(SQUADS), counters, lots);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
