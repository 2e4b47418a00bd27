package dev.hearth.member;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.hearth.ledger.LedgerEntry;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.TierLadder;
import dev.hearth.perk.PerkView;
import dev.hearth.program.Counter;
import dev.hearth.program.Program;
import dev.hearth.program.Tier;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A member as the storefront sees them: profile, tier, balance, counters and progress. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberView(String programId, String memberId, String displayName, String invitedBy, String channel,
        String joinedAt, List<String> tags, List<String> squads, String tier, String tierName, String tierLocalName,
        String tierReachedAt, List<String> privileges, String downgradePendingSince, long pointsBalance,
        Map<String, Long> counters, String lastActiveAt, TierLadder.Progress progress, List<LedgerLine> ledger,
        List<PerkView> perks, Boolean alreadyMember) {

    /** One ledger entry, newest first in {@link #ledger}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LedgerLine(String activityId, String type, long points, Long amountFen, String refundOf,
            String withMemberId, Integer score, String occurredAt, String recordedAt, long balanceAfter,
            String tierAfter, String refundedBy) {

        public static LedgerLine of(LedgerEntry e) {
            return new LedgerLine(e.activityId(), e.type().name(), e.points(), e.amountFen(), e.refundOf(),
                    e.withMemberId(), e.score(), e.occurredAt().toString(), e.recordedAt().toString(),
                    e.balanceAfter(), e.tierAfter(), e.refundedBy());
        }
    }

    public static MemberView of(Program program, Member m, List<LedgerEntry> ledger, List<PerkView> perks,
            Boolean alreadyMember) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (Counter counter : Counter.values()) {
            counters.put(counter.key(), m.counter(counter));
        }
        Tier tier = program.tier(m.tier).orElse(null);
        return new MemberView(m.programId, m.memberId, m.displayName, m.invitedBy, m.channel, m.joinedAt.toString(),
                List.copyOf(m.tags), List.copyOf(m.squads), m.tier, tier == null ? null : tier.name(),
                tier == null ? null : tier.localName(), text(m.tierReachedAt),
                tier == null ? List.of() : tier.privileges(), text(m.belowTierSince), m.pointsBalance, counters,
                text(m.lastActiveAt), TierLadder.progress(program, m),
                ledger == null ? null : ledger.stream().map(LedgerLine::of).toList(), perks, alreadyMember);
    }

    public static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
