package dev.hearth.perk;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.EventReader;
import dev.hearth.edge.EventShape;
import dev.hearth.edge.Field;
import dev.hearth.edge.HearthException;
import dev.hearth.program.PerkCatalogue;
import dev.hearth.program.PerkKind;
import dev.hearth.program.PerkOffer;
import dev.hearth.squad.SquadHealth;

/**
 * schedule-perk's event, one of three shapes told apart by its fields: the daily run ({@code run}),
 * a change to one member's perk ({@code action}), or else a grant.
 */
public sealed interface SchedulePerkEvent {

    String programId();

    /** A perk for one member or an audience, delivered now or at {@code deliverAt}. */
    record GrantEvent(String programId, Grant grant, Integer limit) implements SchedulePerkEvent {
    }

    /**
     * The daily run of a date: the routine's steps, deliveries, expiries, unfinished grants. The
     * date is checked against the program's today ({@link #date}).
     */
    record DailyRunEvent(String programId, Integer limit, EventReader fields) implements SchedulePerkEvent {

        /** The run's date: the one asked for, or {@code today} in the program's time zone. */
        public LocalDate date(LocalDate today) {
            LocalDate date = fields.optionalDate(DATE, today);
            return date == null ? today : date;
        }
    }

    /** A member's or the storefront's change to one perk. */
    record ChangeEvent(String programId, String memberId, String perkId, MemberPerks.Action action)
            implements SchedulePerkEvent {
    }

    /** The one run there is. */
    enum Run {
        DAILY
    }

    int MAX_LIMIT = 10_000_000;
    /** Five years: a perk planned further ahead than that is a typo, not a plan. */
    Duration MAX_AHEAD = Duration.ofDays(5 * 366);
    int MAX_LABEL = 64;

    Field PROGRAM_ID = Field.id("programId");
    Field PERK_ID = Field.id("perkId");
    Field PERK_KIND = Field.oneOf("kind", EnumSet.allOf(PerkKind.class));
    Field PERK_TITLE = Field.text("title", 120);
    Field PERK_NOTE = Field.text("note", 500);
    Field PERK = Field.object("perk", PERK_KIND, PERK_TITLE, PERK_NOTE);
    Field TO_MEMBER = Field.id("memberId");
    Field TO_TIER = Field.id("tier");
    Field TO_TAG = Field.text("tag", MAX_LABEL);
    Field TO_SQUAD = Field.text("squad", MAX_LABEL);
    Field TO_SILENT_DAYS = Field.number("silentDays", 1, Audience.MAX_SILENT_DAYS);
    Field TO_FIRST_WEEK_DAY = Field.number("firstWeekDay", 1, PerkCatalogue.ROUTINE_DAYS);
    Field TO_SQUAD_STATUS = Field.oneOf("squadStatus", EnumSet.allOf(SquadHealth.Status.class));
    Field AUDIENCE = Field.object("audience", TO_MEMBER, TO_TIER, TO_TAG, TO_SQUAD, TO_SQUAD_STATUS, TO_SILENT_DAYS,
            TO_FIRST_WEEK_DAY);
    Field DELIVER_AT = Field.instant("deliverAt");
    Field EXPIRES_AT = Field.instant("expiresAt");
    Field MEMBER_ID = Field.id("memberId");
    Field ACTION = Field.oneOf("action", EnumSet.allOf(MemberPerks.Action.class));
    Field RUN = Field.oneOf("run", EnumSet.allOf(Run.class));
    Field DATE = Field.date("date");
    Field LIMIT = Field.number("limit", 1, MAX_LIMIT);
    EventShape SHAPE = EventShape.of("schedule-perk", PROGRAM_ID, PERK_ID, PERK, AUDIENCE, DELIVER_AT, EXPIRES_AT,
            MEMBER_ID, ACTION, RUN, DATE, LIMIT);

    static SchedulePerkEvent read(JsonNode json, Instant now) {
        EventReader fields = SHAPE.read(json);
        String programId = fields.requiredId(PROGRAM_ID);
        if (fields.has(RUN)) {
            fields.requiredEnum(RUN, EnumSet.allOf(Run.class));
            for (Field other : List.of(PERK_ID, PERK, AUDIENCE, DELIVER_AT, EXPIRES_AT, MEMBER_ID, ACTION)) {
                fields.reject(other, "is not used by the daily run");
            }
            return new DailyRunEvent(programId, limit(fields), fields);
        }
        if (fields.has(ACTION)) {
            MemberPerks.Action action = fields.requiredEnum(ACTION, EnumSet.allOf(MemberPerks.Action.class));
            String memberId = fields.requiredId(MEMBER_ID);
            String perkId = fields.requiredId(PERK_ID);
            for (Field other : List.of(PERK, AUDIENCE, DELIVER_AT, EXPIRES_AT, DATE, LIMIT)) {
                fields.reject(other, "is not used by " + action);
            }
            return new ChangeEvent(programId, memberId, perkId, action);
        }
        return grant(fields, programId, now);
    }

    private static GrantEvent grant(EventReader fields, String programId, Instant now) {
        String perkId = fields.requiredId(PERK_ID);
        if (perkId.startsWith(dev.hearth.program.Reward.PERK_ID_PREFIX)) {
            throw HearthException.invalid("perkId", "must not start with " + dev.hearth.program.Reward.PERK_ID_PREFIX
                    + " (a redeemed reward's perk is reward:<redemptionId>)");
        }
        fields.reject(MEMBER_ID, "is not used by a grant: name the member in audience.memberId");
        fields.reject(DATE, "is only used by the daily run");
        EventReader perk = fields.object(PERK);
        PerkOffer offer = new PerkOffer(perk.requiredEnum(PERK_KIND, EnumSet.allOf(PerkKind.class)),
                perk.requiredText(PERK_TITLE), perk.optionalText(PERK_NOTE), 0);
        Audience audience = audience(fields.object(AUDIENCE));
        Instant deliverAt = fields.optionalInstant(DELIVER_AT);
        Instant expiresAt = fields.optionalInstant(EXPIRES_AT);
        if (deliverAt != null && deliverAt.isAfter(now.plus(MAX_AHEAD))) {
            throw HearthException.invalid("deliverAt", "must be within 5 years from now");
        }
        Instant deliveredBy = deliverAt == null || deliverAt.isBefore(now) ? now : deliverAt;
        if (expiresAt != null && !expiresAt.isAfter(deliveredBy)) {
            throw HearthException.invalid("expiresAt", "must be after the perk is delivered ("
                    + (deliverAt == null ? "now" : "deliverAt " + deliverAt) + ")");
        }
        return new GrantEvent(programId, new Grant(perkId, offer, audience, deliverAt, expiresAt), limit(fields));
    }

    /** Exactly one of the audience's fields names who the perk is for. */
    private static Audience audience(EventReader a) {
        List<String> given = AUDIENCE.fields().stream().filter(a::has).map(Field::name).toList();
        if (given.size() != 1) {
            throw HearthException.invalid("audience", "must name exactly one of memberId, tier, tag, squad, "
                    + "squadStatus, silentDays, firstWeekDay" + (given.isEmpty() ? "" : ", got " + String.join(", ", given)));
        }
        switch (given.get(0)) {
            case "memberId":
                return new Audience.OneMember(a.requiredId(TO_MEMBER));
            case "tier":
                return new Audience.InTier(a.requiredId(TO_TIER));
            case "tag":
                return new Audience.WithTag(a.requiredText(TO_TAG));
            case "squad":
                return new Audience.InSquad(a.requiredText(TO_SQUAD));
            case "squadStatus":
                return new Audience.InSquadsWithStatus(a.requiredEnum(TO_SQUAD_STATUS,
                        EnumSet.allOf(SquadHealth.Status.class)), null);
            case "silentDays":
                return new Audience.SilentFor(a.optionalNumberInRange(TO_SILENT_DAYS).intValue());
            default:
                return new Audience.FirstWeekDay(a.optionalNumberInRange(TO_FIRST_WEEK_DAY).intValue());
        }
    }

    private static Integer limit(EventReader fields) {
        Long limit = fields.optionalNumberInRange(LIMIT);
        return limit == null ? null : limit.intValue();
    }
}
