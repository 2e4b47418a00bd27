package dev.hearth.member;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.dynamodb.Transactions;
import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.Earning;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.perk.CataloguePerks;
import dev.hearth.perk.MemberPerks;
import dev.hearth.perk.Perk;
import dev.hearth.perk.PerkSource;
import dev.hearth.points.ReferralCredits;
import dev.hearth.program.Program;
import dev.hearth.retention.Bookkeeping;
import dev.hearth.retention.StatsDelta;
import dev.hearth.retention.StatsTable;
import dev.hearth.squad.SquadDelta;
import dev.hearth.squad.SquadPulse;
import dev.hearth.squad.SquadTable;
import dev.hearth.squad.Squads;
import dev.hearth.tier.Privileges;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * onboard-member's use case: a customer joins a program once. The member, the routine's day 1, the
 * perks their tags call for, the entry tier's privileges, the inviter's credit (when the program
 * credits at join), the retention counters and their squads' counters are written in one
 * transaction, so a member never
 * exists without them and a repeated join changes nothing.
 */
@ApplicationScoped
public class JoinMember {

    private final Transactions transactions;
    private final MemberTable members;
    private final MemberPerks perks;
    private final StatsTable stats;
    private final ReferralCredits referrals;
    private final Squads squads;
    private final SquadTable squadTable;

    public JoinMember(Transactions transactions, MemberTable members, MemberPerks perks, StatsTable stats,
            ReferralCredits referrals, Squads squads, SquadTable squadTable) {
        this.transactions = transactions;
        this.members = members;
        this.perks = perks;
        this.stats = stats;
        this.referrals = referrals;
        this.squads = squads;
        this.squadTable = squadTable;
    }

    /** The member after joining (or as they were, if already a member), and the perks joining gave. */
    public record Join(Member member, boolean alreadyMember, List<Perk> perks) {
    }

    /**
     * The writes that bring a new member in: the member (once), their retention counters and their
     * squads' counters, merged with any others the same transaction already counts (an inviter's).
     */
    public List<TransactWriteItem> arrival(Program program, Member member, StatsDelta counted,
            Map<String, StatsDelta> deltas, Map<String, SquadDelta> squadDeltas) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(members.create(member));
        deltas.put(member.memberId, counted);
        writes.addAll(stats.updates(program.programId(), deltas));
        squadDeltas.put(member.memberId, SquadPulse.forJoin(member));
        writes.addAll(squadTable.updates(program.programId(), SquadDelta.merged(squadDeltas.values()),
                Set.copyOf(member.squads)));
        return writes;
    }

    public Join join(Program program, Member candidate, Instant now) {
        String programId = program.programId();
        Transactions.Attempts attempts = transactions.attempts("join " + candidate.memberId, members.tableName());
        while (true) {
            Optional<Member> existing = members.find(programId, candidate.memberId);
            if (existing.isPresent() && existing.get().erased()) {
                throw HearthException.memberErased("memberId", candidate.memberId);
            }
            if (existing.isPresent()) {
                return new Join(existing.get(), true, List.of());
            }
            squads.requireJoinable(programId, candidate.squads, "squads");
            List<TransactWriteItem> writes = new ArrayList<>();
            List<Perk> given = new ArrayList<>();
            Member joining = candidate.copy();
            List<Perk> owed = new ArrayList<>(CataloguePerks.onJoin(program.perks(), programId, joining.memberId, joining.tags, now));
            owed.stream().filter(p -> p.source() == PerkSource.TAG).forEach(p -> joining.tagPerksGiven.add(p.perkId()));
            // A new member holds no perk yet, so every privilege owed is given.
            owed.addAll(Privileges.claimOwed(program, joining, now));
            for (Perk perk : owed) {
                writes.addAll(perks.grantWrites(perk, now));
                given.add(MemberPerks.asGiven(perk, now));
            }
            Map<String, StatsDelta> deltas = new HashMap<>();
            Map<String, SquadDelta> squadDeltas = new HashMap<>();
            if (candidate.invitedBy != null) {
                Member inviter = members.find(programId, candidate.invitedBy).orElseThrow(() -> new HearthException(
                        ErrorCode.INVITER_NOT_FOUND, "invitedBy",
                        "no member " + candidate.invitedBy + " in program " + programId));
                if (inviter.erased()) {
                    throw HearthException.memberErased("invitedBy", candidate.invitedBy);
                }
                if (Earning.referralDue(program, joining, null)) {
                    joining.referralCredited = true;
                    referrals.credit(program, candidate.invitedBy, candidate.memberId, candidate.joinedAt, now,
                            writes, deltas, squadDeltas);
                }
            }
            writes.addAll(arrival(program, joining, Bookkeeping.forJoin(program, candidate), deltas, squadDeltas));
            if (attempts.committed(writes)) {
                Member stored = joining.copy();
                stored.version = 1;
                return new Join(stored, false, given);
            }
        }
    }
}
