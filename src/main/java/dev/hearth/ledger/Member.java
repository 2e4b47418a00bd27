package dev.hearth.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.hearth.program.Counter;

/**
 * A member of one program, as stored. Mutable on purpose: a domain step takes a {@link #copy()},
 * changes it and the store writes it back under the {@link #version} it was read at.
 */
public final class Member {

    public String programId;
    public String memberId;
    public String displayName;
    public String invitedBy;
    public String channel;
    public Instant joinedAt;
    /** The program's local day of {@link #joinedAt}: day 1 of the member's seven-day routine. */
    public LocalDate joinedDay;
    public List<String> tags = new ArrayList<>();
    public List<String> squads = new ArrayList<>();
    public String tier;
    public Instant tierReachedAt;
    /** Since when the member no longer qualifies for {@link #tier}; null while they do. */
    public Instant belowTierSince;
    /** Tiers whose privileges the member has been given (once each, however often the tier is reached). */
    public TreeSet<String> privilegesGranted = new TreeSet<>();
    /** Catalogue perks a tag rule has given the member (once each, ever: removing and re-adding a tag gives nothing). */
    public TreeSet<String> tagPerksGiven = new TreeSet<>();
    public long pointsBalance;
    /**
     * Unexpired points by the local day they were earned; they add up to the balance once the lots
     * kept apart ({@link #lotsApart}) are read into it.
     */
    public TreeMap<LocalDate, Long> pointLots = new TreeMap<>();
    /** Where the member's older lots are kept, and whether they were read into {@link #pointLots}. */
    public LotsApart lotsApart = LotsApart.NONE;
    /**
     * The day on or after which the daily run looks at this member's lots for PointsExpiring notices
     * (null: nothing to look at). A lower bound: a lot earned or given back sets it to no later than
     * its own day; the run, having told what was due, moves it to the next notice's day.
     */
    public LocalDate pointsNoticeOn;
    /** The counts of capped activities on the latest day any counted (null: none yet); see {@link CapCounts}. */
    public DailyCounts dayCounts;
    public EnumMap<Counter, Long> counters = new EnumMap<>(Counter.class);
    /** Rewards the member holds by rewardId (redeemed and not cancelled): the per-member limit's count. */
    public TreeMap<String, Long> rewardsHeld = new TreeMap<>();
    /** Whether this member's invitation ({@link #invitedBy}) has been credited to the inviter as a referral. */
    public boolean referralCredited;
    public Instant lastActiveAt;
    /** Distinct members first interacted with in the first 7 days after joining (day 0..6). */
    public long firstWeekConnections;
    /** Local days with activity (joining counts), the latest 64 of them: enough for 30-day windows. */
    public TreeSet<LocalDate> activeDays = new TreeSet<>();
    /** The import that brought the member in (import-members), if one did. */
    public String importedBy;
    /** The line of that import the member came from (a line re-read after a stop is told from a duplicate). */
    public long importLine;
    /**
     * Whether the seven-day routine and first-week audiences count the member: false for a member
     * imported without a welcome, who joined long before and gets their history, not a welcome.
     */
    public boolean inRoutine = true;
    /** Set when erase-member took the member's personal data; the member is then kept for its amounts only. */
    public Erasure erasure;
    /**
     * The erasures of this id's earlier memberships, oldest first, when the program let it join again
     * (their requestIds stay answered; their ledger stays, behind {@link #lifeSince()}).
     */
    public List<Erasure> earlierErasures = new ArrayList<>();
    /** Optimistic-locking version; 0 for a member not yet stored. */
    public long version;

    /** Everything the member has done that counts as activity: the KOC ranking's measure. */
    public boolean erased() {
        return erasure != null;
    }

    /**
     * When this membership began, if the id had an earlier one that was erased: what was recorded
     * before it belongs to the erased membership (kept for its amounts, shown to nobody); null for a
     * first membership.
     */
    public Instant lifeSince() {
        return earlierErasures.isEmpty() ? null : earlierErasures.get(earlierErasures.size() - 1).at();
    }

    /** Whether something recorded at this instant belongs to this membership (not to an erased earlier one). */
    public boolean recordedInThisMembership(Instant recordedAt) {
        return recordedSince(lifeSince(), recordedAt);
    }

    /** Whether {@code at} is at or after {@code since} (null: the start of everything). */
    static boolean recordedSince(Instant since, Instant at) {
        return since == null || !at.isBefore(since);
    }

    /** Whether a request erased this member, now or in an earlier membership of the same id. */
    public java.util.Optional<Erasure> erasedBy(String requestId) {
        if (erasure != null && erasure.requestId().equals(requestId)) {
            return java.util.Optional.of(erasure);
        }
        return earlierErasures.stream().filter(e -> e.requestId().equals(requestId)).findFirst();
    }

    /**
     * An erasure: which request asked for it, why, when, and once everything held about the member
     * elsewhere was cleared ({@code complete}), what that took.
     */
    public record Erasure(String requestId, String reason, Instant at, boolean complete,
            java.util.Map<String, Long> counts) {
    }

    /**
     * Takes the member's personal data (name, tags, squads, who invited them, the tag perks their
     * tags gave) and keeps what program totals are made of: tier, balance, lots, counters, days.
     */
    public void erase(String requestId, String reason, Instant at) {
        displayName = null;
        invitedBy = null;
        tags = new ArrayList<>();
        squads = new ArrayList<>();
        tagPerksGiven = new TreeSet<>();
        erasure = new Erasure(requestId, reason, at, false, java.util.Map.of());
    }

    /** The oldest lot's day, held with the member or apart; null with no lots. */
    public LocalDate oldestLot() {
        LocalDate held = pointLots.isEmpty() ? null : pointLots.firstKey();
        LocalDate apart = lotsApart.oldest();
        return held == null || apart != null && apart.isBefore(held) ? apart : held;
    }

    /**
     * Fails unless every lot is in {@link #pointLots}: a step that spends, takes back, expires or
     * tells of lots needs them all (earning does not).
     */
    public void requireAllLots() {
        if (!lotsApart.read()) {
            throw new IllegalStateException("the lots of member " + memberId + " kept apart were not read");
        }
    }

    public long activityCount() {
        return counter(Counter.PURCHASES) + counter(Counter.QUALITY_POSTS) + counter(Counter.REFERRALS)
                + counter(Counter.EVENTS) + counter(Counter.FEEDBACKS) + counter(Counter.CHECK_INS)
                + counter(Counter.INTERACTIONS);
    }

    public long counter(Counter counter) {
        return counters.getOrDefault(counter, 0L);
    }

    public void add(Counter counter, long delta) {
        counters.merge(counter, delta, Long::sum);
    }

    /**
     * Marks the member active on a local day; true if it is a new active day. A day more than
     * {@value #KEPT_ACTIVE_DAYS} days before the latest one kept is too old to tell and is not marked.
     */
    public boolean markActive(LocalDate day) {
        if (!activeDays.isEmpty() && day.isBefore(activeDays.last().minusDays(KEPT_ACTIVE_DAYS - 1))) {
            return false;
        }
        boolean added = activeDays.add(day);
        while (activeDays.first().isBefore(activeDays.last().minusDays(KEPT_ACTIVE_DAYS - 1))) {
            activeDays.pollFirst();
        }
        return added;
    }

    public static final int KEPT_ACTIVE_DAYS = 64;

    public Member copy() {
        Member m = new Member();
        m.programId = programId;
        m.memberId = memberId;
        m.displayName = displayName;
        m.invitedBy = invitedBy;
        m.channel = channel;
        m.joinedAt = joinedAt;
        m.joinedDay = joinedDay;
        m.tags = new ArrayList<>(tags);
        m.squads = new ArrayList<>(squads);
        m.tier = tier;
        m.tierReachedAt = tierReachedAt;
        m.belowTierSince = belowTierSince;
        m.privilegesGranted = new TreeSet<>(privilegesGranted);
        m.tagPerksGiven = new TreeSet<>(tagPerksGiven);
        m.pointsBalance = pointsBalance;
        m.pointLots = new TreeMap<>(pointLots);
        m.lotsApart = lotsApart;
        m.pointsNoticeOn = pointsNoticeOn;
        m.dayCounts = dayCounts == null ? null : dayCounts.copy();
        m.counters = new EnumMap<>(Counter.class);
        m.counters.putAll(counters);
        m.rewardsHeld = new TreeMap<>(rewardsHeld);
        m.referralCredited = referralCredited;
        m.lastActiveAt = lastActiveAt;
        m.activeDays = new TreeSet<>(activeDays);
        m.firstWeekConnections = firstWeekConnections;
        m.erasure = erasure;
        m.earlierErasures = new ArrayList<>(earlierErasures);
        m.importedBy = importedBy;
        m.importLine = importLine;
        m.inRoutine = inRoutine;
        m.version = version;
        return m;
    }
}
