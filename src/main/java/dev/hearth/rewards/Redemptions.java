package dev.hearth.rewards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.dynamodb.Transactions;
import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.events.EventType;
import dev.hearth.events.HearthEvent;
import dev.hearth.events.OutboxTable;
import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.ledger.Redemption;
import dev.hearth.perk.MemberPerks;
import dev.hearth.perk.Perk;
import dev.hearth.perk.PerkTable;
import dev.hearth.program.Program;
import dev.hearth.program.Reward;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * redeem-reward's use case. A redemption is one transaction: the member (under its version lock:
 * balance, lots, the rewards held), one of the reward's stock (condition: not all taken), the
 * redemption record (once per redemptionId), its ledger line, the perk (carrying its PerkDelivered
 * event) and the RewardRedeemed event. A cancellation is one transaction too: the same points back to the
 * same lots, the stock back, the record marked (once), a reversing ledger line, the perk cancelled
 * (condition: still unused) and the RewardCancelled event. A lost race is decided again from a
 * fresh read, so 100 members racing for the last 10 seats get exactly 10.
 */
@ApplicationScoped
public class Redemptions {

    private final Transactions transactions;
    private final MemberTable members;
    private final ActivityTable activities;
    private final PerkTable perkTable;
    private final MemberPerks perks;
    private final OutboxTable outbox;

    public Redemptions(Transactions transactions, MemberTable members, ActivityTable activities, PerkTable perkTable,
            MemberPerks perks, OutboxTable outbox) {
        this.transactions = transactions;
        this.members = members;
        this.activities = activities;
        this.perkTable = perkTable;
        this.perks = perks;
        this.outbox = outbox;
    }

    /** A redemption as it stands after this call, its perk, and whether the call found it already done. */
    public record Outcome(Redemption redemption, Perk perk, boolean duplicate) {
    }

    public Outcome redeem(Program program, String memberId, String rewardId, String redemptionId, Instant now) {
        String programId = program.programId();
        Reward reward = program.perks().reward(rewardId).orElseThrow(() -> new HearthException(
                ErrorCode.REWARD_NOT_FOUND, "rewardId", "program " + programId + " has no reward " + rewardId));
        Transactions.Attempts attempts = transactions.attempts("redeem " + redemptionId, members.tableName());
        // No read of the redemption first: the transaction writes it only if its redemptionId is new,
        // so a repeat fails it (or fails the rules, having spent already) and is answered from the record then.
        boolean again = false;
        while (true) {
            if (again) {
                Optional<Outcome> prior = prior(programId, memberId, rewardId, redemptionId);
                if (prior.isPresent()) {
                    return prior.get();
                }
            }
            Member member = members.require(programId, memberId, "memberId");
            members.readAllLots(member); // spent from the oldest
            // Nor of the stock on a first attempt: the transaction takes one only while some are left,
            // so a sold-out reward fails it, and the next attempt reads the stock and answers OUT_OF_STOCK.
            long taken = reward.stock() == null || !again ? 0 : perkTable.stockTaken(programId, rewardId);
            Spending.Spent spent;
            try {
                spent = Spending.redeem(reward, member, taken, redemptionId, now);
            } catch (HearthException rejected) {
                // A repeat of a redemption that was made is answered, not rejected (its points are spent);
                // a later attempt has just read the record above.
                Optional<Outcome> prior = again ? Optional.empty()
                        : prior(programId, memberId, rewardId, redemptionId);
                if (prior.isPresent()) {
                    return prior.get();
                }
                throw rejected;
            }
            Redemption redemption = spent.redemption();
            Perk perk = Spending.perk(reward, member, redemption, now);
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.addAll(members.update(spent.member()));
            if (redemption.stockTaken()) {
                writes.add(perkTable.takeStock(programId, rewardId, reward.stock()));
            }
            writes.add(activities.putRedemption(programId, memberId, redemption));
            writes.add(activities.record(programId, memberId, redemption.spentEntry(spent.member())));
            writes.add(perks.grantWrite(perk, now));
            writes.add(outbox.put(redeemedEvent(programId, memberId, reward, redemption)));
            again = true;
            if (attempts.committed(writes)) {
                return new Outcome(redemption, MemberPerks.asGiven(perk, now), false);
            }
        }
    }

    /** The redemption made under this redemptionId before, if one was; one for another reward is refused. */
    private Optional<Outcome> prior(String programId, String memberId, String rewardId, String redemptionId) {
        Optional<Redemption> found = activities.findRedemption(programId, memberId, redemptionId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (!found.get().rewardId().equals(rewardId)) {
            throw new HearthException(ErrorCode.REDEMPTION_ID_IN_USE, "redemptionId", "redemption " + redemptionId
                    + " of member " + memberId + " redeemed reward " + found.get().rewardId() + ", not " + rewardId);
        }
        return Optional.of(new Outcome(found.get(), perk(programId, memberId, found.get()), true));
    }

    private Perk perk(String programId, String memberId, Redemption redemption) {
        return perkTable.find(programId, memberId, redemption.perkId()).orElseThrow(() -> new IllegalStateException(
                "redemption " + redemption.redemptionId() + " has no perk " + redemption.perkId()));
    }

    public Outcome cancel(Program program, String memberId, String redemptionId, Instant now) {
        String programId = program.programId();
        Transactions.Attempts attempts = transactions.attempts("cancel " + redemptionId, members.tableName());
        while (true) {
            Member member = members.require(programId, memberId, "memberId");
            members.readAllLots(member); // given back to the lots they came from
            Redemption redemption = activities.findRedemption(programId, memberId, redemptionId)
                    .orElseThrow(() -> new HearthException(ErrorCode.REDEMPTION_NOT_FOUND, "redemptionId",
                            "member " + memberId + " has no redemption " + redemptionId));
            Perk perk = perk(programId, memberId, redemption);
            if (redemption.cancelled()) {
                return new Outcome(redemption, perk, true);
            }
            if (!perk.status().open()) {
                throw new HearthException(ErrorCode.PERK_NOT_CANCELLABLE, "redemptionId", "its perk " + perk.perkId()
                        + " is " + perk.status() + "; only a reward not yet used (DELIVERED) can be given back");
            }
            Member after = Spending.giveBack(program, member, redemption);
            Redemption cancelled = redemption.cancel(now, after.pointsBalance);
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.addAll(members.update(after));
            if (redemption.stockTaken()) {
                writes.add(perkTable.returnStock(programId, redemption.rewardId()));
            }
            writes.add(activities.putCancelled(programId, memberId, cancelled));
            writes.add(activities.record(programId, memberId, cancelled.returnedEntry(after)));
            writes.add(perks.cancelWrite(perk, now));
            writes.add(outbox.put(cancelledEvent(programId, memberId, cancelled)));
            if (attempts.committed(writes)) {
                return new Outcome(cancelled, perk.cancel(now), false);
            }
        }
    }

    /** A redemption, for messaging and accounting: once per redemptionId. */
    static HearthEvent redeemedEvent(String programId, String memberId, Reward reward, Redemption r) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("redemptionId", r.redemptionId());
        detail.put("rewardId", r.rewardId());
        detail.put("title", reward.offer().title());
        detail.put("perkId", r.perkId());
        detail.put("pointsSpent", r.pointsCost());
        detail.put("pointsBalance", r.balanceAfter());
        detail.put("lots", lots(r));
        return HearthEvent.of(EventType.REWARD_REDEEMED, programId, memberId, List.of(r.redemptionId()), r.redeemedAt(),
                detail);
    }

    /** A redemption given back: once per redemptionId (a redemption is cancelled at most once). */
    static HearthEvent cancelledEvent(String programId, String memberId, Redemption r) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("redemptionId", r.redemptionId());
        detail.put("rewardId", r.rewardId());
        detail.put("perkId", r.perkId());
        detail.put("pointsReturned", r.pointsCost());
        detail.put("pointsBalance", r.balanceAfterCancel());
        detail.put("lots", lots(r));
        return HearthEvent.of(EventType.REWARD_CANCELLED, programId, memberId, List.of(r.redemptionId()),
                r.cancelledAt(), detail);
    }

    private static List<Map<String, Object>> lots(Redemption r) {
        List<Map<String, Object>> lots = new ArrayList<>();
        r.lots().forEach((day, points) -> {
            Map<String, Object> lot = new LinkedHashMap<>();
            lot.put("earnedOn", day.toString());
            lot.put("points", points);
            lots.add(lot);
        });
        return lots;
    }
}
