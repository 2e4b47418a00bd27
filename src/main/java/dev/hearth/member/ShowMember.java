package dev.hearth.member;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.edge.HearthException;
import dev.hearth.dynamodb.QueryPage;
import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.ActivityTable.ChangeKey;
import dev.hearth.ledger.ActivityTable.EntryKey;
import dev.hearth.ledger.LedgerEntry;
import dev.hearth.ledger.MemberChange;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.perk.MemberPerks;
import dev.hearth.perk.Perk;
import dev.hearth.perk.PerkView;
import dev.hearth.program.Program;

/**
 * get-member's use case: where a member stands. Profile, tier, balance, counters, progress, the
 * latest ledger entries, their open and recent perks and their latest profile changes (four reads:
 * member, ledger, perks, history); and, following its cursor, everything Hearth holds about them
 * (two reads a page: member, one page).
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

    /**
     * Without a cursor: where the member stands, and the cursor to the rest of what Hearth holds
     * about them. With one: the next page of it (the ledger's older entries, then every perk, then
     * every profile change), {@value #PAGE} items a page.
     */
    public MemberView show(Program program, String memberId, String cursorText, Instant now) {
        LedgerCursor cursor = cursorText == null ? null : LedgerCursor.read(cursorText);
        String programId = program.programId();
        Member member = members.require(programId, memberId, "memberId");
        MemberView view = MemberView.of(program, member, null, null, null);
        // A membership after an erasure shows what was recorded since; the erased one's is nobody's.
        Instant since = member.lifeSince();
        if (cursor == null) {
            QueryPage<LedgerEntry> latest = activities.ledgerPage(programId, memberId, since, null, LEDGER_LINES);
            List<PerkView> shown = shown(perks.ofMember(programId, memberId), now);
            LedgerCursor next = latest.more() ? LedgerCursor.after(EntryKey.of(last(latest.items())))
                    : LedgerCursor.startOf(LedgerCursor.Section.PERKS);
            return view.withPage(lines(latest.items()), shown,
                    activities.changesPage(programId, memberId, since, null, HISTORY_LINES).items().stream()
                            .map(MemberView.HistoryLine::of).toList(), next.text());
        }
        return switch (cursor.section()) {
            case LEDGER -> {
                QueryPage<LedgerEntry> page = activities.ledgerPage(programId, memberId, since, cursor.entry(), PAGE);
                yield view.withPage(lines(page.items()), List.of(), List.of(), (page.more()
                        ? LedgerCursor.after(EntryKey.of(last(page.items())))
                        : LedgerCursor.startOf(LedgerCursor.Section.PERKS)).text());
            }
            case PERKS -> {
                QueryPage<Perk> page = perks.page(programId, memberId, cursor.perkId(), PAGE);
                yield view.withPage(List.of(), page.items().stream().map(PerkView::of).toList(), List.of(),
                        (page.more() ? LedgerCursor.afterPerk(last(page.items()).perkId())
                                : LedgerCursor.startOf(LedgerCursor.Section.HISTORY)).text());
            }
            case HISTORY -> {
                QueryPage<MemberChange> page = activities.changesPage(programId, memberId, since, cursor.change(), PAGE);
                yield view.withPage(List.of(), List.of(), page.items().stream().map(MemberView.HistoryLine::of)
                        .toList(), page.more() ? LedgerCursor.after(ChangeKey.of(last(page.items()))).text() : null);
            }
        };
    }

    /** Items a page after the first. */
    static final int PAGE = 100;

    private static List<MemberView.LedgerLine> lines(List<LedgerEntry> entries) {
        return entries.stream().map(MemberView.LedgerLine::of).toList();
    }

    private static <T> T last(List<T> items) {
        return items.get(items.size() - 1);
    }

    /** The perks a member view shows: open ones and those closed in the last 30 days, latest change first. */
    public static List<PerkView> shown(List<Perk> perksOfMember, Instant now) {
        Instant recent = now.minus(RECENT_PERKS);
        return perksOfMember.stream().filter(p -> p.status().open() || p.changedAt().isAfter(recent))
                .sorted(Comparator.comparing(Perk::changedAt).reversed()).limit(PERKS_SHOWN).map(PerkView::of)
                .toList();
    }
}
