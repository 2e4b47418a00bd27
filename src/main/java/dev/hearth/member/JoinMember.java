package dev.hearth.member;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.dynamodb.Transactions;
import dev.hearth.edge.ErrorCode;
import dev.hearth.edge.HearthException;
import dev.hearth.events.EventType;
import dev.hearth.events.HearthEvent;
import dev.hearth.events.OutboxTable;
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
    private final OutboxTable outbox;

    public JoinMember(Transactions transactions, MemberTable members, MemberPerks perks, StatsTable stats,
            ReferralCredits referrals, Squads squads, SquadTable squadTable, OutboxTable outbox) {
        this.outbox = outbox;
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
     * The writes that bring a new member in: the member (once), their MemberJoined event (for a member
     * welcomed: not for one imported without a welcome), their retention counters and their squads'
     * counters, merged with any others the same transaction already counts (an inviter's).
     */
    public List<TransactWriteItem> arrival(Program program, Member member, StatsDelta counted,
            Map<String, StatsDelta> deltas, Map<String, SquadDelta> squadDeltas, Instant now) {
        List<TransactWriteItem> writes = new ArrayList<>();
        // A member not stored yet is created; an erased id joining again replaces its erased item.
        writes.addAll(member.version == 0 ? members.create(member) : members.update(member));
        if (member.inRoutine) {
            writes.add(outbox.put(joinedEvent(member, now)));
        }
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
            Member erased = existing.filter(Member::erased).orElse(null);
            if (existing.isPresent() && erased == null) {
                return new Join(existing.get(), true, List.of());
            }
            squads.requireJoinable(programId, candidate.squads, "squads");
            List<TransactWriteItem> writes = new ArrayList<>();
            List<Perk> given = new ArrayList<>();
            Member joining = erased == null ? candidate.copy() : rejoining(program, erased, candidate);
            List<Perk> owed = new ArrayList<>(CataloguePerks.onJoin(program.perks(), programId, joining.memberId, joining.tags, now));
            owed.stream().filter(p -> p.source() == PerkSource.TAG).forEach(p -> joining.tagPerksGiven.add(p.perkId()));
            // A new member holds no perk yet, so every privilege owed is given.
            owed.addAll(Privileges.claimOwed(program, joining, now));
            for (Perk perk : owed) {
                writes.add(perks.grantWrite(perk, now));
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
                    referrals.credit(program, inviter, candidate.memberId, candidate.joinedAt, now,
                            writes, deltas, squadDeltas);
                }
            }
            writes.addAll(arrival(program, joining, Bookkeeping.forJoin(program, candidate), deltas, squadDeltas, now));
            if (attempts.committed(writes)) {
                Member stored = joining.copy();
                stored.version = joining.version + 1;
                return new Join(stored, false, given);
            }
        }
    }

    /**
     * A new membership for an erased id, if the program allows it: it starts afresh (no balance,
     * tier, days or perks of the erased one), replaces the erased member item under its version,
     * and remembers the erasure (its requestId stays answered; what was recorded before it stays
     * hidden). An invitation is credited once per id: a referral paid for the erased membership is
     * not paid again. The erased membership's perks are deleted first (safe to repeat), so the new
     * one's perks can take the same perkIds.
     */
    private Member rejoining(Program program, Member erased, Member candidate) {
        String memberId = candidate.memberId;
        if (!program.rejoinAfterErasure()) {
            throw new HearthException(ErrorCode.MEMBER_ERASED, "memberId", "member " + memberId
                    + "'s data was erased, and program " + program.programId()
                    + " does not let an erased member join again (rule rejoinAfterErasure)");
        }
        if (!erased.erasure.complete()) {
            throw new HearthException(ErrorCode.MEMBER_ERASED, "memberId", "the erasure of member " + memberId
                    + " (requestId " + erased.erasure.requestId() + ") has not finished: send that erase-member"
                    + " request again, then join");
        }
        if (!candidate.joinedAt.isAfter(erased.erasure.at())) {
            throw new HearthException(ErrorCode.INVALID_FIELD, "joinedAt", "member " + memberId
                    + " joins again after their erasure at " + erased.erasure.at() + ", not before it");
        }
        perks.dropErased(program.programId(), memberId, erased.erasure.at());
        Member joining = candidate.copy();
        joining.earlierErasures = new ArrayList<>(erased.earlierErasures);
        joining.earlierErasures.add(erased.erasure);
        joining.referralCredited = erased.referralCredited;
        joining.version = erased.version;
        return joining;
    }

    /**
     * A member's arrival, for the brand's welcome: once per membership (an id that joins again after
     * an erasure joins later). Ids and the join's facts only: a name would outlive an erasure here.
     */
    static HearthEvent joinedEvent(Member member, Instant now) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("joinedAt", member.joinedAt.toString());
        detail.put("joinedDay", member.joinedDay.toString());
        detail.put("channel", member.channel);
        detail.put("tier", member.tier);
        detail.put("invited", member.invitedBy != null);
        detail.put("importId", member.importedBy);
        return HearthEvent.of(EventType.MEMBER_JOINED, member.programId, member.memberId,
                List.of(member.joinedAt.toString()), now, detail);
    }
}
