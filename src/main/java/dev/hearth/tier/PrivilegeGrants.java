package dev.hearth.tier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.ledger.Member;
import dev.hearth.perk.MemberPerks;
import dev.hearth.perk.Perk;
import dev.hearth.program.Program;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The perk writes a member's tier calls for, for the transaction that changes the member: the
 * privileges of tiers reached for the first time, and the cancellation of those a reversal took
 * back. Shared by joining, awarding and the tier review.
 */
@ApplicationScoped
public class PrivilegeGrants {

    private final MemberPerks perks;

    public PrivilegeGrants(MemberPerks perks) {
        this.perks = perks;
    }

    /**
     * The privilege perks a member is owed for reaching their tier (once per tier, ever), delivered
     * now with their events; marks those tiers given on {@code member}, which the caller then writes.
     */
    public List<TransactWriteItem> owed(Program program, Member member, Instant now) {
        List<Perk> owed = Privileges.claimOwed(program, member, now);
        if (owed.isEmpty()) {
            return List.of();
        }
        // Rare (a tier reached for the first time since joining or since a reversal): worth one read.
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Perk perk : Privileges.notHeld(owed, perks.ofMember(program.programId(), member.memberId))) {
            writes.addAll(perks.grantWrites(perk, now));
        }
        return writes;
    }

    /**
     * After a reversal (a refund took a tier back): cancels the member's open privileges of the tiers
     * above their tier, and unmarks those tiers on {@code member} so that reaching them again gives again.
     */
    public List<TransactWriteItem> revoked(Program program, Member member, Instant now) {
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Perk open : Privileges.takeBack(program, member, perks.ofMember(program.programId(), member.memberId))) {
            writes.add(perks.cancelWrite(open, now));
        }
        return writes;
    }
}
