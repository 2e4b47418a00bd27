package dev.hearth.member;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.dynamodb.Transactions;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.events.EventType;
import dev.hearth.events.HearthEvent;
import dev.hearth.events.OutboxTable;
import dev.hearth.perk.MemberPerks;
import dev.hearth.perk.Perk;
import dev.hearth.perk.PerkExpiringNotices;
import dev.hearth.perk.SilenceNotices;
import dev.hearth.program.Program;
import dev.hearth.retention.Bookkeeping;
import dev.hearth.retention.StatsTable;
import dev.hearth.retention.TakeSnapshot;
import dev.hearth.squad.SquadPulse;
import dev.hearth.squad.SquadTable;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * erase-member's use case: a member's personal data goes, their amounts stay.
 *
 * <p>First, one transaction: the member item loses name, tags, squads and inviter and leaves every
 * listing (it is marked erased, so nothing acts on it again); their squads count them out that day
 * (squad and retention counters, so past days do not change); and the MemberErased event is
 * written to the outbox. Then, each step safe to repeat: open perks cancelled and every perk's
 * note removed (with the PerkDelivered event a delivered perk carries), their PerkDelivered
 * events deleted from the outbox (a local run's copies, and those written there before deliveries
 * carried them), the profile history's texts removed, their name taken off stored snapshots. Last, the erasure is marked complete with what
 * it did. A call that stopped half way is finished by sending the same requestId again.
 */
@ApplicationScoped
public class ForgetMember {

    private final Transactions transactions;
    private final MemberTable members;
    private final MemberPerks perks;
    private final ActivityTable activities;
    private final OutboxTable outbox;
    private final StatsTable stats;
    private final SquadTable squads;
    private final TakeSnapshot snapshots;

    public ForgetMember(Transactions transactions, MemberTable members, MemberPerks perks, ActivityTable activities,
            OutboxTable outbox, StatsTable stats, SquadTable squads, TakeSnapshot snapshots) {
        this.transactions = transactions;
        this.members = members;
        this.perks = perks;
        this.activities = activities;
        this.outbox = outbox;
        this.stats = stats;
        this.squads = squads;
        this.snapshots = snapshots;
    }

    /** The erasure as stored, and whether it had completed before this call. */
    public record Forgotten(Member.Erasure erasure, boolean duplicate) {
    }

    public Forgotten forget(Program program, String memberId, String requestId, String reason, Instant now) {
        String programId = program.programId();
        Member.Erasure erasure = markErased(program, memberId, requestId, reason, now);
        if (erasure.complete()) {
            return new Forgotten(erasure, true);
        }
        List<Perk> held = perks.ofMember(programId, memberId);
        held.forEach(perk -> perks.forget(perk, now));
        // The silence notices still in the outbox name the member's squads and tags: they go too.
        SilenceNotices.mayBeHeld(program, members.find(programId, memberId).orElseThrow(), program.localDay(now))
                .forEach(outbox::forget);
        // So do the PerkExpiring notices (the perk's title): their keys follow from the perks.
        held.stream().filter(perk -> perk.expiresAt() != null).map(perk -> PerkExpiringNotices.event(program, perk))
                .forEach(outbox::forget);
        // What is now held without personal data (the same however many calls it took).
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("perks", (long) held.size());
        counts.put("historyLines", activities.forgetChanges(programId, memberId));
        counts.put("snapshots", (long) snapshots.forgetName(programId, memberId));
        return new Forgotten(markComplete(programId, memberId, counts), false);
    }

    /**
     * The erasure by this request: made now, or before (of this membership, or of an earlier one of
     * the same id, which a repeat must not erase); [410] if another request erased the member.
     */
    private Member.Erasure markErased(Program program, String memberId, String requestId, String reason,
            Instant now) {
        String programId = program.programId();
        Transactions.Attempts attempts = transactions.attempts("erase " + memberId, members.tableName());
        while (true) {
            Member member = members.find(programId, memberId)
                    .orElseThrow(() -> HearthException.memberNotFound("memberId", programId, memberId));
            Optional<Member.Erasure> before = member.erasedBy(requestId);
            if (before.isPresent()) {
                return before.get();
            }
            if (member.erased()) {
                throw HearthException.memberErased("memberId", memberId);
            }
            Member after = member.copy();
            after.erase(requestId, reason, now);
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.addAll(members.update(after));
            writes.add(outbox.put(erasedEvent(programId, memberId, requestId, now)));
            writes.addAll(stats.updates(programId, memberId, Bookkeeping.forSquadChange(program, List.of(),
                    member.squads, now)));
            writes.addAll(squads.updates(programId, SquadPulse.forChange(member, List.of(), member.squads,
                    program.localDay(now)), Set.of()));
            if (attempts.committed(writes)) {
                return after.erasure;
            }
        }
    }

    private Member.Erasure markComplete(String programId, String memberId, Map<String, Long> counts) {
        Transactions.Attempts attempts = transactions.attempts("erase " + memberId, members.tableName());
        while (true) {
            Member member = members.find(programId, memberId).orElseThrow();
            Member.Erasure e = member.erasure;
            if (e.complete()) {
                return e; // a call beside this one finished first
            }
            member.erasure = new Member.Erasure(e.requestId(), e.reason(), e.at(), true, counts);
            if (attempts.committed(members.update(member))) {
                return member.erasure;
            }
        }
    }

    /**
     * The erasure's event, for fulfilment and messaging to erase what they hold too: once per
     * erasure (its requestId stays answered, so a repeat writes nothing).
     */
    static HearthEvent erasedEvent(String programId, String memberId, String requestId, Instant at) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("requestId", requestId);
        detail.put("erasedAt", at.toString());
        return HearthEvent.of(EventType.MEMBER_ERASED, programId, memberId, List.of(requestId), at, detail);
    }
}
