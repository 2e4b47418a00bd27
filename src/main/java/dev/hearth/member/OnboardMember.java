package dev.hearth.member;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import dev.hearth.edge.BusinessMetrics;
import dev.hearth.ledger.DailyCounts;
import dev.hearth.ledger.Member;
import dev.hearth.perk.MemberPerks;
import dev.hearth.perk.Perk;
import dev.hearth.perk.PerkStatus;
import dev.hearth.program.Program;
import dev.hearth.program.Programs;
import io.quarkus.funqy.Funq;

/**
 * A customer joins a program: the member is created once, the inviter credited once, and the
 * seven-day routine starts (day 1's perks, and the perks the member's tags call for, delivered).
 */
@Answered
public class OnboardMember {

    private final Programs programs;
    private final JoinMember joins;
    private final MemberPerks memberPerks;
    private final Clock clock;

    public OnboardMember(Programs programs, JoinMember joins, MemberPerks memberPerks, Clock clock) {
        this.programs = programs;
        this.joins = joins;
        this.memberPerks = memberPerks;
        this.clock = clock;
    }

    @Funq("onboard-member")
    public MemberView onboard(JsonNode event) {
        Instant now = clock.instant();
        JoinEvent read = JoinEvent.read(event, now);
        String programId = read.programId();
        Member candidate = new Member();
        candidate.programId = programId;
        candidate.memberId = read.memberId();
        candidate.displayName = read.displayName();
        candidate.channel = read.channel().name();
        candidate.invitedBy = read.invitedBy();
        candidate.tags = new java.util.ArrayList<>(read.tags());
        candidate.squads = new java.util.ArrayList<>(read.squads());
        candidate.joinedAt = read.joinedAt();
        Program program = programs.require(programId);
        candidate.tier = program.entryTier().id();
        candidate.tierReachedAt = candidate.joinedAt;
        candidate.lastActiveAt = candidate.joinedAt;
        candidate.joinedDay = candidate.joinedAt.atZone(program.timeZone()).toLocalDate();
        candidate.markActive(candidate.joinedDay);
        candidate.dayCounts = DailyCounts.none(candidate.joinedDay); // held from joining on (CapCounts)
        JoinMember.Join join = joins.join(program, candidate, now);
        if (!join.alreadyMember()) {
            BusinessMetrics.emit(now, Map.of("programId", programId), Map.of(
                    "MembersJoined", BusinessMetrics.Value.count(1),
                    "PerksDelivered", BusinessMetrics.Value.count(join.perks().stream()
                            .filter(p -> p.status() == PerkStatus.DELIVERED).count())));
        }
        List<Perk> perks = join.alreadyMember() ? memberPerks.ofMember(programId, candidate.memberId) : join.perks();
        return MemberView.of(program, join.member(), null, ShowMember.shown(perks, now), join.alreadyMember());
    }
}
