package dev.hearth.tier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.events.EventType;
import dev.hearth.events.HearthEvent;
import dev.hearth.events.OutboxTable;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.TierLadder;
import dev.hearth.perk.MemberPerks;
import dev.hearth.perk.Perk;
import dev.hearth.program.Program;
import dev.hearth.program.Tier;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The writes a member's tier calls for, for the transaction that changes the member: the
 * cancellation of the privileges a reversal took back, the privileges of tiers reached for the
 * first time, and the {@code TierChanged} event when the tier moved. Shared by awarding and the
 * tier review.
 */
@ApplicationScoped
public class PrivilegeGrants {

    private final MemberPerks perks;
    private final OutboxTable outbox;

    public PrivilegeGrants(MemberPerks perks, OutboxTable outbox) {
        this.perks = perks;
        this.outbox = outbox;
    }

    /**
     * After {@code change} moved {@code member} (changed in place, written by the caller) from
     * {@code tierBefore}: on a reversal (a refund took a tier back) the open privileges of the tiers
     * above are cancelled and those tiers unmarked, so that reaching them again gives again; the
     * privileges owed for the tier now held are given (once per tier, ever), delivered now with their
     * events; and a tier that moved is announced.
     */
    public List<TransactWriteItem> afterChange(Program program, String tierBefore, Member member,
            TierLadder.Change change, Instant now) {
        List<TransactWriteItem> writes = new ArrayList<>();
        List<Perk> taken = new ArrayList<>();
        List<Perk> given = new ArrayList<>();
        // Rare (a reversal, or a tier reached for the first time): worth one read of the member's perks.
        List<Perk> held = null;
        if (change == TierLadder.Change.REVERSED) {
            held = perks.ofMember(program.programId(), member.memberId);
            for (Perk open : Privileges.takeBack(program, member, held)) {
                writes.add(perks.cancelWrite(open, now));
                taken.add(open);
            }
        }
        List<Perk> owed = Privileges.claimOwed(program, member, now);
        if (!owed.isEmpty()) {
            held = held == null ? perks.ofMember(program.programId(), member.memberId) : held;
            for (Perk perk : Privileges.notHeld(owed, held)) {
                writes.add(perks.grantWrite(perk, now));
                given.add(perk);
            }
        }
        if (!Objects.equals(tierBefore, member.tier)) {
            writes.add(outbox.put(changedEvent(program, tierBefore, member, change, given, taken, now)));
        }
        return writes;
    }

    /**
     * A tier's move, for the brand's congratulations (or its quiet word): once per member version it
     * is written at, which no other write of the member can take.
     */
    static HearthEvent changedEvent(Program program, String from, Member member, TierLadder.Change change,
            List<Perk> given, List<Perk> taken, Instant now) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("from", from);
        detail.put("fromName", program.tier(from).map(Tier::name).orElse(null));
        detail.put("to", member.tier);
        detail.put("toName", program.tier(member.tier).map(Tier::name).orElse(null));
        detail.put("direction", program.rankOf(member.tier) > program.rankOf(from) ? "UP" : "DOWN");
        detail.put("why", switch (change) {
            case UPGRADED -> "QUALIFIED";
            case DOWNGRADED -> "GRACE_ENDED";
            case REVERSED -> "REFUNDED_IN_RETURN_WINDOW";
            default -> throw new IllegalStateException("the tier moved on " + change);
        });
        detail.put("privilegesGiven", given.stream().map(PrivilegeGrants::privilege).toList());
        detail.put("privilegesTaken", taken.stream().map(PrivilegeGrants::privilege).toList());
        return HearthEvent.of(EventType.TIER_CHANGED, program.programId(), member.memberId,
                List.of("v" + (member.version + 1)), now, detail);
    }

    private static Map<String, Object> privilege(Perk perk) {
        Map<String, Object> privilege = new LinkedHashMap<>();
        privilege.put("perkId", perk.perkId());
        privilege.put("kind", perk.kind().name());
        privilege.put("title", perk.title());
        return privilege;
    }
}
