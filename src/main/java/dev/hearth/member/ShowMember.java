package dev.hearth.member;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.edge.HearthException;
import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.perk.MemberPerks;
import dev.hearth.perk.Perk;
import dev.hearth.perk.PerkView;
import dev.hearth.program.Program;

/**
 * get-member's use case: where a member stands. Profile, tier, balance, counters, progress, the
 * latest ledger entries, their open and recent perks and their latest profile changes (four reads:
 * member, ledger, perks, history).
 */
@ApplicationScoped
public class ShowMember {

    static final int LEDGER_LINES = 20;
    static final int PERKS_SHOWN = 50;
    static final int HISTORY_LINES = 20;
    /** A closed perk (redeemed, expired, cancelled) is shown for this long after it closed. */
    static final Duration RECENT_PERKS = Duration.ofDays(30);

    private final MemberTable members;
    private final ActivityTable activities;
    private final MemberPerks perks;

    public ShowMember(MemberTable members, ActivityTable activities, MemberPerks perks) {
        this.members = members;
        this.activities = activities;
        this.perks = perks;
    }

    public MemberView show(Program program, String memberId, Instant now) {
        String programId = program.programId();
        Member member = members.find(programId, memberId)
                .orElseThrow(() -> HearthException.memberNotFound("memberId", programId, memberId));
        List<PerkView> shown = shown(perks.ofMember(programId, memberId), now);
        return MemberView.of(program, member, activities.latest(programId, memberId, LEDGER_LINES), shown, null)
                .withHistory(activities.latestChanges(programId, memberId, HISTORY_LINES));
    }

    /** The perks a member view shows: open ones and those closed in the last 30 days, latest change first. */
    public static List<PerkView> shown(List<Perk> perksOfMember, Instant now) {
        Instant recent = now.minus(RECENT_PERKS);
        return perksOfMember.stream().filter(p -> p.status().open() || p.changedAt().isAfter(recent))
                .sorted(Comparator.comparing(Perk::changedAt).reversed()).limit(PERKS_SHOWN).map(PerkView::of)
                .toList();
    }
}
