package dev.hearth.perk;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import dev.hearth.config.HearthConfig;
import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.Program;
import dev.hearth.program.Programs;
import dev.hearth.program.Tier;
import dev.hearth.squad.Squads;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Perks: a grant to one member or an audience, the daily run, or a change (cancel, redeem) to one
 * member's perk. Which one is told by the event's fields: {@code run}, {@code action}, or neither.
 */
@Answered
public class SchedulePerk {

    /** A grant, a daily run or a changed perk: exactly one of the three is present. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PerkResult(String programId, GrantStatus grant, RunPerkDay.RunCounts daily, PerkView perk,
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
    private final Squads squads;

    public SchedulePerk(Programs programs, GrantPerk fanOut, RunPerkDay dailyRun, MemberPerks memberPerks,
            MemberTable members, Clock clock, HearthConfig config, Squads squads) {
        this.squads = squads;
        this.programs = programs;
        this.fanOut = fanOut;
        this.dailyRun = dailyRun;
        this.memberPerks = memberPerks;
        this.members = members;
        this.clock = clock;
        this.grantBudget = config.schedulePerk().grantBudget();
    }

    @Funq("schedule-perk")
    public PerkResult schedule(JsonNode json) {
        SchedulePerkEvent event = SchedulePerkEvent.read(json, clock.instant());
        if (event instanceof SchedulePerkEvent.DailyRunEvent run) {
            return daily(run);
        }
        if (event instanceof SchedulePerkEvent.ChangeEvent change) {
            return change(change);
        }
        return grant((SchedulePerkEvent.GrantEvent) event);
    }

    private PerkResult daily(SchedulePerkEvent.DailyRunEvent event) {
        Program program = programs.require(event.programId());
        LocalDate date = event.date(clock.instant().atZone(program.timeZone()).toLocalDate());
        return new PerkResult(event.programId(), null, dailyRun.run(program, date,
                event.limit() == null ? SchedulePerkEvent.MAX_LIMIT : event.limit()), null, null);
    }

    private PerkResult change(SchedulePerkEvent.ChangeEvent event) {
        String programId = event.programId();
        programs.require(programId);
        members.require(programId, event.memberId(), "memberId");
        MemberPerks.Changed changed = memberPerks.change(programId, event.memberId(), event.perkId(), event.action(),
                clock.instant());
        return new PerkResult(programId, null, null, PerkView.of(changed.perk()), changed.changed());
    }

    /** A grant, once the program allows it: a perkId not the catalogue's, a tier and a member that exist. */
    private PerkResult grant(SchedulePerkEvent.GrantEvent event) {
        String programId = event.programId();
        Grant grant = event.grant();
        Program program = programs.require(programId);
        if (program.perks().defines(grant.perkId())) {
            throw new HearthException(ErrorCode.PERK_ID_IN_USE, "perkId",
                    "perkId " + grant.perkId() + " belongs to the program's perk catalogue; choose another");
        }
        if (grant.audience() instanceof Audience.InTier tier && program.tier(tier.tier()).isEmpty()) {
            throw HearthException.invalid("audience.tier", "no tier " + tier.tier() + " in program " + programId
                    + " (tiers: " + String.join(", ", program.tiers().stream().map(Tier::id).toList()) + ")");
        }
        if (grant.audience() instanceof Audience.InSquad squad) {
            squads.require(programId, squad.squad(), "audience.squad");
        }
        if (grant.audience() instanceof Audience.OneMember one) {
            members.require(programId, one.memberId(), "audience.memberId");
        }
        GrantPerk.Outcome outcome = fanOut.grant(program, grant,
                event.limit() == null ? SchedulePerkEvent.MAX_LIMIT : event.limit(), grantBudget);
        return new PerkResult(programId, GrantStatus.of(outcome), null, null, null);
    }
}
