package dev.hearth.perk;

import dev.hearth.edge.EventFields;
import dev.hearth.program.Programs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.config.HearthConfig;
import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.program.PerkCatalogue;
import dev.hearth.program.PerkKind;
import dev.hearth.program.PerkOffer;
import dev.hearth.program.Program;
import dev.hearth.program.Tier;
import dev.hearth.ledger.MemberTable;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Perks: a grant to one member or an audience, the daily run, or a change (cancel, redeem) to one
 * member's perk. Which one is told by the event's fields: {@code run}, {@code action}, or neither.
 */
public class SchedulePerk {

    static final int MAX_TITLE = 120;
    static final int MAX_NOTE = 500;
    static final int MAX_LABEL = 64;
    static final int MAX_LIMIT = 10_000_000;
    /** Five years: a perk planned further ahead than that is a typo, not a plan. */
    static final Duration MAX_AHEAD = Duration.ofDays(5 * 366);

    enum Run {
        DAILY
    }

    /** A grant, a daily run or a changed perk: exactly one of the three is present. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PerkResult(String programId, GrantStatus grant, RunPerkDay.Run daily, PerkView perk,
            Boolean changed) {
    }

    /** Where a grant's fan-out stands; {@code complete = false}: it carries on (re-send, or the schedule). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrantStatus(String perkId, String audience, String audienceValue, String deliverAt,
            boolean complete, long membersExamined, long granted, long delivered, long alreadyHad, int pages,
            String startedAt, String updatedAt, boolean duplicate) {

        static GrantStatus of(GrantPerk.Outcome outcome) {
            GrantJob j = outcome.job();
            return new GrantStatus(j.grant().perkId(), j.grant().audience().kind(), j.grant().audience().value(),
                    j.deliverAt().toString(), j.complete(), j.examined(), j.granted(),
                    j.delivered() + outcome.deliveredLater(), j.alreadyHad(), j.pages(), j.startedAt().toString(),
                    j.updatedAt().toString(), outcome.duplicate());
        }
    }

    private final Programs programs;
    private final GrantPerk fanOut;
    private final RunPerkDay dailyRun;
    private final MemberPerks memberPerks;
    private final MemberTable members;
    private final Clock clock;
    private final Duration grantBudget;

    public SchedulePerk(Programs programs, GrantPerk fanOut, RunPerkDay dailyRun, MemberPerks memberPerks,
            MemberTable members, Clock clock,
            HearthConfig config) {
        this.programs = programs;
        this.fanOut = fanOut;
        this.dailyRun = dailyRun;
        this.memberPerks = memberPerks;
        this.members = members;
        this.clock = clock;
        this.grantBudget = config.schedulePerk().grantBudget();
    }

    @Funq("schedule-perk")
    public PerkResult schedule(JsonNode event) {
        EventFields fields = EventFields.of(event, "schedule-perk", "programId", "perkId", "perk", "audience",
                "deliverAt", "expiresAt", "run", "date", "memberId", "action", "limit");
        String programId = fields.requiredId("programId");
        if (fields.has("run")) {
            return daily(fields, programId);
        }
        if (fields.has("action")) {
            return change(fields, programId);
        }
        return grant(fields, programId);
    }

    private PerkResult daily(EventFields fields, String programId) {
        fields.requiredEnum("run", EnumSet.allOf(Run.class));
        for (String other : List.of("perkId", "perk", "audience", "deliverAt", "expiresAt", "memberId", "action")) {
            fields.reject(other, "is not used by the daily run");
        }
        Long limit = limit(fields);
        Program program = programs.require(programId);
        LocalDate today = clock.instant().atZone(program.timeZone()).toLocalDate();
        LocalDate date = fields.optionalDate("date", today);
        date = date == null ? today : date;
        return new PerkResult(programId, null,
                dailyRun.run(program, date, limit == null ? MAX_LIMIT : limit.intValue()), null, null);
    }

    private PerkResult change(EventFields fields, String programId) {
        MemberPerks.Action action = fields.requiredEnum("action", EnumSet.allOf(MemberPerks.Action.class));
        String memberId = fields.requiredId("memberId");
        String perkId = fields.requiredId("perkId");
        for (String other : List.of("perk", "audience", "deliverAt", "expiresAt", "date", "limit")) {
            fields.reject(other, "is not used by " + action);
        }
        programs.require(programId);
        members.find(programId, memberId)
                .orElseThrow(() -> HearthException.memberNotFound("memberId", programId, memberId));
        MemberPerks.Changed changed = memberPerks.change(programId, memberId, perkId, action, clock.instant());
        return new PerkResult(programId, null, null, PerkView.of(changed.perk()), changed.changed());
    }

    private PerkResult grant(EventFields fields, String programId) {
        Instant now = clock.instant();
        String perkId = fields.requiredId("perkId");
        fields.reject("memberId", "is not used by a grant: name the member in audience.memberId");
        fields.reject("date", "is only used by the daily run");
        EventFields perk = fields.object("perk", "kind", "title", "note");
        PerkOffer offer = new PerkOffer(perk.requiredEnum("kind", EnumSet.allOf(PerkKind.class)),
                perk.requiredText("title", MAX_TITLE), perk.optionalText("note", MAX_NOTE), 0);
        Audience audience = audience(fields.object("audience", "memberId", "tier", "tag", "squad", "silentDays",
                "firstWeekDay"));
        Instant deliverAt = fields.optionalInstant("deliverAt");
        Instant expiresAt = fields.optionalInstant("expiresAt");
        if (deliverAt != null && deliverAt.isAfter(now.plus(MAX_AHEAD))) {
            throw HearthException.invalid("deliverAt", "must be within 5 years from now");
        }
        Instant deliveredBy = deliverAt == null || deliverAt.isBefore(now) ? now : deliverAt;
        if (expiresAt != null && !expiresAt.isAfter(deliveredBy)) {
            throw HearthException.invalid("expiresAt", "must be after the perk is delivered ("
                    + (deliverAt == null ? "now" : "deliverAt " + deliverAt) + ")");
        }
        Long limit = limit(fields);
        Program program = programs.require(programId);
        if (program.perks().defines(perkId)) {
            throw new HearthException(ErrorCode.PERK_ID_IN_USE, "perkId",
                    "perkId " + perkId + " belongs to the program's perk catalogue; choose another");
        }
        if (audience instanceof Audience.InTier tier && program.tier(tier.tier()).isEmpty()) {
            throw HearthException.invalid("audience.tier", "no tier " + tier.tier() + " in program " + programId
                    + " (tiers: " + String.join(", ", program.tiers().stream().map(Tier::id).toList()) + ")");
        }
        if (audience instanceof Audience.OneMember one && members.find(programId, one.memberId()).isEmpty()) {
            throw HearthException.memberNotFound("audience.memberId", programId, one.memberId());
        }
        GrantPerk.Outcome outcome = fanOut.grant(program, new Grant(perkId, offer, audience, deliverAt, expiresAt),
                limit == null ? MAX_LIMIT : limit.intValue(), grantBudget);
        return new PerkResult(programId, GrantStatus.of(outcome), null, null, null);
    }

    /** Exactly one of the audience's fields names who the perk is for. */
    private static Audience audience(EventFields a) {
        List<String> given = List.of("memberId", "tier", "tag", "squad", "silentDays", "firstWeekDay").stream()
                .filter(a::has).toList();
        if (given.size() != 1) {
            throw HearthException.invalid("audience", "must name exactly one of memberId, tier, tag, squad, "
                    + "silentDays, firstWeekDay" + (given.isEmpty() ? "" : ", got " + String.join(", ", given)));
        }
        switch (given.get(0)) {
            case "memberId":
                return new Audience.OneMember(a.requiredId("memberId"));
            case "tier":
                return new Audience.InTier(a.requiredId("tier"));
            case "tag":
                return new Audience.WithTag(a.requiredText("tag", MAX_LABEL));
            case "squad":
                return new Audience.InSquad(a.requiredText("squad", MAX_LABEL));
            case "silentDays": {
                long days = a.optionalWholeNumber("silentDays");
                if (days < 1 || days > Audience.MAX_SILENT_DAYS) {
                    throw HearthException.invalid("audience.silentDays", "must be from 1 to " + Audience.MAX_SILENT_DAYS);
                }
                return new Audience.SilentFor((int) days);
            }
            default: {
                long day = a.optionalWholeNumber("firstWeekDay");
                if (day < 1 || day > PerkCatalogue.ROUTINE_DAYS) {
                    throw HearthException.invalid("audience.firstWeekDay", "must be from 1 to " + PerkCatalogue.ROUTINE_DAYS);
                }
                return new Audience.FirstWeekDay((int) day);
            }
        }
    }

    private static Long limit(EventFields fields) {
        Long limit = fields.optionalWholeNumber("limit");
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw HearthException.invalid("limit", "must be from 1 to " + MAX_LIMIT);
        }
        return limit;
    }
}
