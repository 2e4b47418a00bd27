package dev.hearth.member;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.hearth.ledger.LedgerEntry;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberChange;
import dev.hearth.ledger.TierLadder;
import dev.hearth.perk.PerkView;
import dev.hearth.program.Counter;
import dev.hearth.program.Program;
import dev.hearth.program.Tier;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A member as the storefront sees them: profile, tier, balance, counters and progress; with their
 * ledger, perks and profile history (get-member), or the change just made (update-member).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberView(String programId, String memberId, String displayName, String invitedBy, String channel,
        String joinedAt, List<String> tags, List<String> squads, String tier, String tierName, String tierLocalName,
        String tierReachedAt, List<String> privileges, String downgradePendingSince, long pointsBalance,
        Map<String, Long> counters, String lastActiveAt, TierLadder.Progress progress, List<LedgerLine> ledger,
        List<PerkView> perks, Boolean alreadyMember, List<HistoryLine> history, HistoryLine change,
        List<PerkView> perksGiven, Boolean duplicate, String ledgerCursor) {

    /** One profile change (update-member), newest first in {@link #history}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryLine(String changeId, String at, String displayName, List<String> addedTags,
            List<String> removedTags, List<String> joinedSquads, List<String> leftSquads, String note,
            List<String> perksGiven) {

        public static HistoryLine of(MemberChange c) {
            return new HistoryLine(c.changeId(), c.at().toString(), c.displayName(), c.addedTags(), c.removedTags(),
                    c.joinedSquads(), c.leftSquads(), c.note(), c.perksGiven());
        }
    }

    /**
     * The view as one page of get-member's hand-over: these entries, perks and changes (one kind per
     * page after the first) and the cursor to the next page (null when everything has been given).
     */
    public MemberView withPage(List<LedgerLine> entries, List<PerkView> perkPage, List<HistoryLine> changes,
            String next) {
        return new MemberView(programId, memberId, displayName, invitedBy, channel, joinedAt, tags, squads, tier,
                tierName, tierLocalName, tierReachedAt, privileges, downgradePendingSince, pointsBalance, counters,
                lastActiveAt, progress, entries, perkPage, alreadyMember, changes, change, perksGiven, duplicate, next);
    }

    /** The view as update-member answers: the change, the perks it gave, whether it was a repeat. */
    public MemberView withChange(MemberChange made, List<PerkView> given, boolean repeated) {
        return new MemberView(programId, memberId, displayName, invitedBy, channel, joinedAt, tags, squads, tier,
                tierName, tierLocalName, tierReachedAt, privileges, downgradePendingSince, pointsBalance, counters,
                lastActiveAt, progress, ledger, perks, alreadyMember, history, HistoryLine.of(made), given,
                repeated, ledgerCursor);
    }

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
                ledger == null ? null : ledger.stream().map(LedgerLine::of).toList(), perks, alreadyMember, null, null,
                null, null, null);
    }

    public static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
