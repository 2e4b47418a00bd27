package dev.hearth.tier;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.ledger.NightlyReview;
import dev.hearth.ledger.TierLadder;
import dev.hearth.program.Program;
import dev.hearth.program.Programs;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Reviews tiers: one member (tier, next tier and what is missing, applying any upgrade,
 * grace or due downgrade) or, without memberId, the whole program.
 */
@Answered
public class EvaluateTier {

    /** One member's review, or a whole-program run: exactly one of the two is present. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evaluation(String programId, MemberReview member, ReviewTiers.ReviewCounts program) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemberReview(String memberId, String tier, String tierName, String change, long pointsExpired,
            long pointsBalance, String downgradePendingSince, String downgradeDueAt, TierLadder.Progress progress) {
    }

    private final Programs programs;
    private final ReviewTiers review;
    private final Clock clock;
    private final MemberTable members;

    public EvaluateTier(Programs programs, ReviewTiers review, Clock clock, MemberTable members) {
        this.members = members;
        this.programs = programs;
        this.review = review;
        this.clock = clock;
    }

    @Funq("evaluate-tier")
    public Evaluation evaluate(JsonNode event) {
        EvaluateEvent read = EvaluateEvent.read(event);
        String programId = read.programId();
        String memberId = read.memberId();
        String cursor = read.cursor();
        Integer limit = read.limit();
        Program program = programs.require(programId);
        if (memberId == null) {
            int max = limit == null ? EvaluateEvent.MAX_LIMIT : limit;
            // No cursor: the night's run, carried on from its stored cursor; a cursor: exactly that slice.
            return new Evaluation(programId, null,
                    cursor == null ? review.tonight(program, max) : review.run(program, cursor, max));
        }
        Instant now = clock.instant();
        NightlyReview.Reviewed reviewed = review.member(program, memberId, now)
                // Nobody reviewed: absent or erased, which the error tells apart (a read on this path only).
                .orElseGet(() -> {
                    members.require(programId, memberId, "memberId");
                    throw HearthException.memberNotFound("memberId", programId, memberId);
                });
        Member m = reviewed.member();
        String dueAt = m.belowTierSince == null ? null
                : m.belowTierSince.plus(java.time.Duration.ofDays(program.downgradeGraceDays())).toString();
        return new Evaluation(programId, new MemberReview(m.memberId, m.tier,
                program.tier(m.tier).map(t -> t.name()).orElse(null), reviewed.tierChange().name(),
                reviewed.pointsExpired(), m.pointsBalance, Objects.toString(m.belowTierSince, null), dueAt,
                TierLadder.progress(program, m)), null);
    }
}
