package dev.hearth.member;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.dynamodb.Transactions;
import dev.hearth.edge.HearthException;
import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberChange;
import dev.hearth.ledger.MemberTable;
import dev.hearth.perk.CataloguePerks;
import dev.hearth.perk.MemberPerks;
import dev.hearth.perk.Perk;
import dev.hearth.program.Program;
import dev.hearth.retention.Bookkeeping;
import dev.hearth.retention.StatsTable;
import dev.hearth.squad.SquadPulse;
import dev.hearth.squad.SquadTable;
import dev.hearth.squad.Squads;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * update-member's use case: one profile change, exactly once per changeId. The member (under the
 * version lock awards use), the change and its history line (only if the changeId is new), the
 * perks the added tags' rules give (once per member ever), the squads' members and counters, and
 * the snapshot's squad counters are written in one transaction; a lost race is decided again from
 * a fresh read, so concurrent changes all apply and a repeated changeId applies once.
 */
@ApplicationScoped
public class ChangeMember {

    /** DynamoDB's limit on the items of one transaction. */
    static final int MAX_WRITES = 100;

    private final Transactions transactions;
    private final MemberTable members;
    private final ActivityTable activities;
    private final MemberPerks perks;
    private final StatsTable stats;
    private final Squads squads;
    private final SquadTable squadTable;

    public ChangeMember(Transactions transactions, MemberTable members, ActivityTable activities, MemberPerks perks,
            StatsTable stats, Squads squads, SquadTable squadTable) {
        this.transactions = transactions;
        this.members = members;
        this.activities = activities;
        this.perks = perks;
        this.stats = stats;
        this.squads = squads;
        this.squadTable = squadTable;
    }

    /** The member after the change, the change, the perks it gave, and whether it had been made before. */
    public record Changed(Member member, MemberChange change, List<Perk> perksGiven, boolean duplicate) {
    }

    public Changed change(Program program, UpdateEvent event, Instant now) {
        String programId = program.programId();
        String memberId = event.memberId();
        Transactions.Attempts attempts = transactions.attempts("update " + event.changeId(), members.tableName());
        // No read of the change first: the transaction writes it only if its changeId is new, so a
        // repeat fails it and is answered from the stored change then; a repeat that the rules would
        // now refuse (its squad since archived) is looked up before the refusal is answered.
        boolean lookForPrior = false;
        while (true) {
            Member member = members.require(programId, memberId, "memberId");
            if (lookForPrior) {
                Optional<Changed> repeat = repeat(programId, member, event.changeId());
                if (repeat.isPresent()) {
                    return repeat.get();
                }
            }
            ProfileChange.Applied applied;
            try {
                squads.requireJoinable(programId, event.joinSquads(), "joinSquads");
                applied = ProfileChange.apply(member, event, now);
            } catch (HearthException refused) {
                Optional<Changed> repeat = lookForPrior ? Optional.empty()
                        : repeat(programId, member, event.changeId());
                if (repeat.isPresent()) {
                    return repeat.get();
                }
                throw refused;
            }
            lookForPrior = true;
            Member after = applied.member();
            MemberChange made = applied.change();
            List<Perk> owed = CataloguePerks.forTags(program.perks(), programId, memberId, made.addedTags(),
                    after.tagPerksGiven, now);
            List<TransactWriteItem> writes = new ArrayList<>();
            List<Perk> given = new ArrayList<>();
            for (Perk perk : owed) {
                after.tagPerksGiven.add(perk.perkId());
                writes.add(perks.grantWrite(perk, now));
                given.add(MemberPerks.asGiven(perk, now));
            }
            made = new MemberChange(made.changeId(), made.at(), made.displayName(), made.addedTags(),
                    made.removedTags(), made.joinedSquads(), made.leftSquads(), made.note(),
                    owed.stream().map(Perk::perkId).toList());
            writes.addAll(members.update(after));
            writes.addAll(activities.recordChange(programId, memberId, made));
            writes.addAll(stats.updates(programId, memberId,
                    Bookkeeping.forSquadChange(program, made.joinedSquads(), made.leftSquads(), now)));
            writes.addAll(squadTable.updates(programId,
                    SquadPulse.forChange(member, made.joinedSquads(), made.leftSquads(), program.localDay(now)),
                    Set.copyOf(made.joinedSquads())));
            if (writes.size() > MAX_WRITES) {
                throw HearthException.invalid("addTags", "this change would write " + writes.size()
                        + " items, more than one transaction holds (" + MAX_WRITES + "); send it as two changes");
            }
            if (attempts.committed(writes)) {
                Member stored = after.copy();
                stored.version = after.version + 1;
                return new Changed(stored, made, given, false);
            }
        }
    }

    /** The first answer to a change already made, if {@code changeId} was. */
    private Optional<Changed> repeat(String programId, Member member, String changeId) {
        return activities.findChange(programId, member.memberId, changeId).map(prior -> new Changed(member, prior,
                perks.ofMember(programId, member.memberId).stream()
                        .filter(p -> prior.perksGiven().contains(p.perkId())).toList(), true));
    }
}
