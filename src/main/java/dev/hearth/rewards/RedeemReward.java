package dev.hearth.rewards;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.Answered;
import dev.hearth.ledger.PointsExpiring;
import dev.hearth.ledger.Redemption;
import dev.hearth.perk.PerkView;
import dev.hearth.program.Program;
import dev.hearth.program.Programs;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A member spends points on a reward, exactly once per redemptionId; or gives an unused one back. */
@Answered
public class RedeemReward {

    /**
     * The redemption as it stands: what it cost, the lots the points came from (with when they
     * expire), the balance after it (after its cancellation, once cancelled), the perk it gave.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RedemptionResult(String memberId, String redemptionId, String rewardId, String status,
            long pointsSpent, long pointsReturned, long pointsBalance, List<Lot> lots, PerkView perk,
            String redeemedAt, String cancelledAt, boolean duplicate) {
    }

    /** Points taken from (or given back to) the lot earned on {@code earnedOn}, which expire on {@code expiresOn}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Lot(String earnedOn, long points, String expiresOn) {
    }

    private final Programs programs;
    private final Redemptions redemptions;
    private final Clock clock;

    public RedeemReward(Programs programs, Redemptions redemptions, Clock clock) {
        this.programs = programs;
        this.redemptions = redemptions;
        this.clock = clock;
    }

    @Funq("redeem-reward")
    public RedemptionResult redeem(JsonNode event) {
        Instant now = clock.instant();
        RedeemEvent read = RedeemEvent.read(event);
        Program program = programs.require(read.programId());
        Redemptions.Outcome outcome = read.action() == RedeemEvent.Action.CANCEL
                ? redemptions.cancel(program, read.memberId(), read.redemptionId(), now)
                : redemptions.redeem(program, read.memberId(), read.rewardId(), read.redemptionId(), now);
        Redemption r = outcome.redemption();
        List<Lot> lots = new ArrayList<>();
        r.lots().forEach((day, points) -> lots.add(new Lot(day.toString(), points, expiresOn(program, day))));
        return new RedemptionResult(read.memberId(), r.redemptionId(), r.rewardId(),
                r.cancelled() ? "CANCELLED" : "REDEEMED", r.pointsCost(), r.cancelled() ? r.pointsCost() : 0,
                r.cancelled() ? r.balanceAfterCancel() : r.balanceAfter(), lots, PerkView.of(outcome.perk()),
                r.redeemedAt().toString(), r.cancelled() ? r.cancelledAt().toString() : null, outcome.duplicate());
    }

    private static String expiresOn(Program program, LocalDate earnedOn) {
        LocalDate expires = PointsExpiring.expiresOn(program, earnedOn);
        return expires == null ? null : expires.toString();
    }
}
