package dev.hearth.perk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.edge.BusinessMetrics;
import dev.hearth.config.HearthConfig;
import dev.hearth.dynamodb.ShardCursor;
import dev.hearth.dynamodb.ShardWalk;
import dev.hearth.dynamodb.Transactions;
import dev.hearth.dynamodb.Workers;
import dev.hearth.edge.FailureMarker;
import dev.hearth.events.OutboxTable;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberSummary;
import dev.hearth.ledger.MemberTable;
import dev.hearth.ledger.PointsExpiring;
import dev.hearth.program.PerkCatalogue;
import dev.hearth.program.Program;
import dev.hearth.squad.Squad;
import dev.hearth.squad.SquadTable;
import dev.hearth.squad.Squads;

/**
 * The daily run of a program's perks for one local day: each member on day 2..7 of membership gets
 * that day's routine step; the day's notices are told once each (members who have just gone 7 or
 * 14 days without activity, squads just gone silent, lots of points expiring in 30 or 7 days, perks
 * expiring in 3: MemberGoingSilent, SquadGoingSilent, PointsExpiring, PerkExpiring); every perk due
 * by then is delivered (with its event) and every perk past its expiry expires; unfinished grants carry on. Everything it does is conditional on the
 * state it found, so running a day again changes nothing; a run cut short by its member limit or
 * time budget keeps its position (in the run's item) and the next call carries on from there (the
 * schedule calls every 15 minutes).
 */
@ApplicationScoped
public class RunPerkDay {

    private static final Logger LOG = Logger.getLogger(RunPerkDay.class);

    private final MemberTable members;
    private final PerkTable perks;
    private final MemberPerks memberPerks;
    private final GrantPerk fanOut;
    private final Workers workers;
    private final OutboxTable outbox;
    private final SquadTable squadTable;
    private final Squads squads;
    private final Clock clock;
    private final Duration budget;

    public RunPerkDay(MemberTable members, PerkTable perks, MemberPerks memberPerks, GrantPerk fanOut,
            Workers workers, OutboxTable outbox, SquadTable squadTable, Squads squads, Clock clock,
            HearthConfig config) {
        this.outbox = outbox;
        this.squadTable = squadTable;
        this.squads = squads;
        this.members = members;
        this.perks = perks;
        this.memberPerks = memberPerks;
        this.fanOut = fanOut;
        this.workers = workers;
        this.clock = clock;
        this.budget = config.schedulePerk().timeBudget();
    }

    /**
     * What one invocation of the daily run did; complete = false: call again (the schedule will).
     * Each part (the routine, the sweep of due perks, unfinished grants) does at least one page per
     * invocation and keeps its position between invocations, so even {@code limit: 1} gets there.
     */
    public record RunCounts(String date, int routinePerks, int delivered, int expired, int grantsContinued,
            boolean routineDone, int silenceNotices, int pointsNotices, int perkNotices, int squadNotices,
            boolean complete, int failed) {
    }

    /**
     * What the run did to one due perk (NONE: someone else changed it first; FAILED: it could not be
     * changed and was passed over, logged with {@link FailureMarker#MEMBER_FAILED}; it stays due).
     */
    private enum Step {
        DELIVERED, EXPIRED, NONE, FAILED
    }

    public RunCounts run(Program program, LocalDate date, int limit) {
        return run(program, date, limit, budget);
    }

    /** {@link #run(Program, LocalDate, int)} within {@code budget} (run-programs shares one among programs). */
    public RunCounts run(Program program, LocalDate date, int limit, Duration budget) {
        Instant started = clock.instant();
        Instant deadline = started.plus(budget);
        String programId = program.programId();
        Instant endOfDay = program.startOf(date.plusDays(1));
        Instant cutoff = started.isBefore(endOfDay) ? started : endOfDay;

        PerkTable.DailyState state = perks.dailyState(programId, date);
        int routine = 0;
        if (!state.routineDone()) {
            long before = state.routinePerks();
            state = routineSteps(program, date, state, deadline, limit);
            routine = (int) (state.routinePerks() - before);
            LOG.infof("schedule-perk %s: %s routine steps: %d perks for members on day 2..%d%s", programId, date,
                    routine, PerkCatalogue.ROUTINE_DAYS, state.routineDone() ? "" : " (paused: run again)");
        }

        Map<PerkTable.Notices.Kind, Integer> told = new EnumMap<>(PerkTable.Notices.Kind.class);
        for (PerkTable.Notices.Kind kind : PerkTable.Notices.Kind.values()) {
            PerkTable.Notices at = state.notices(kind);
            if (at.done()) {
                told.put(kind, 0);
                continue;
            }
            PerkTable.Notices next = switch (kind) {
                case SILENCE -> silenceNotices(program, date, at, deadline, limit);
                case POINTS -> pointsNotices(program, date, at, deadline, limit);
                case PERKS -> perkNotices(program, date, at, deadline, limit);
                case SQUADS -> squadNotices(program, date, at, deadline, limit);
            };
            state = state.withNotices(kind, next);
            told.put(kind, (int) (next.said() - at.said()));
            LOG.infof("schedule-perk %s: %s: %d %s notices%s", programId, date, told.get(kind), kind,
                    next.done() ? "" : " (paused: run again)");
        }
        PerkTable.DailyState afterNotices = state;
        boolean noticesDone = Arrays.stream(PerkTable.Notices.Kind.values())
                .allMatch(k -> afterNotices.notices(k).done());

        Sweep sweep = sweepDue(program, cutoff, state.dueCursor(), deadline, limit);
        state = state.withDueCursor(sweep.continueAt());
        perks.saveDailyState(programId, date, state, clock.instant());
        LOG.infof("schedule-perk %s: %s: %d perks delivered, %d expired%s", programId, date, sweep.delivered(),
                sweep.expired(), sweep.continueAt() == null ? "" : " (paused: run again)");

        int grants = 0;
        boolean grantsDone = true;
        if (date.equals(started.atZone(program.timeZone()).toLocalDate())) {
            grants = fanOut.resumeOpen(program, deadline, limit);
            grantsDone = perks.openGrants(programId).isEmpty();
        }
        BusinessMetrics.emit(clock.instant(), Map.of("programId", programId), Map.of(
                "PerksDelivered", BusinessMetrics.Value.count(routine + sweep.delivered()),
                "PerksExpired", BusinessMetrics.Value.count(sweep.expired()),
                "SilenceNotices", BusinessMetrics.Value.count(told.get(PerkTable.Notices.Kind.SILENCE)),
                "SquadNotices", BusinessMetrics.Value.count(told.get(PerkTable.Notices.Kind.SQUADS)),
                "PointsNotices", BusinessMetrics.Value.count(told.get(PerkTable.Notices.Kind.POINTS)),
                "PerkNotices", BusinessMetrics.Value.count(told.get(PerkTable.Notices.Kind.PERKS))));
        return new RunCounts(date.toString(), routine, sweep.delivered(), sweep.expired(), grants, state.routineDone(),
                told.get(PerkTable.Notices.Kind.SILENCE), told.get(PerkTable.Notices.Kind.POINTS),
                told.get(PerkTable.Notices.Kind.PERKS), told.get(PerkTable.Notices.Kind.SQUADS),
                state.routineDone() && noticesDone && sweep.continueAt() == null && grantsDone, sweep.failed());
    }

    /** A sweep's counts as it goes. */
    private static final class SweepCounts {
        int delivered;
        int expired;
        int failed;
    }

    /** One invocation's share of a sweep over the due index; continueAt null: the sweep reached its end. */
    private record Sweep(int delivered, int expired, int failed, String continueAt) {
    }

    /**
     * Delivers and expires what is due by {@code cutoff}, shard by shard, from where the previous
     * invocation's sweep stopped. Done perks leave the due range, so a new sweep finds only what is
     * left or newly due; one that could not be changed is passed over until the next sweep.
     */
    private Sweep sweepDue(Program program, Instant cutoff, String from, Instant deadline, int limit) {
        String programId = program.programId();
        SweepCounts counts = new SweepCounts();
        ShardWalk walk = new ShardWalk(limit, () -> !clock.instant().isBefore(deadline));
        ShardWalk.End end = walk.from(sweepPosition(from), (position, pageLimit) -> {
            PerkTable.DuePage page = perks.due(programId, position.shard(), cutoff,
                    position.after() == null ? null : PerkTable.decodeDueKey(position.after()), pageLimit);
            for (String item : page.unreadable()) {
                counts.failed++;
                LOG.errorf("%s schedule-perk %s: perk item %s could not be read; passed over",
                        FailureMarker.MEMBER_FAILED, programId, item);
            }
            Instant now = clock.instant();
            List<Step> steps = workers.each(page.perks(), p -> {
                try {
                    if (p.expiredBy(cutoff)) {
                        return memberPerks.expire(p, now) ? Step.EXPIRED : Step.NONE;
                    }
                    return p.dueBy(cutoff) && memberPerks.deliver(p, now) ? Step.DELIVERED : Step.NONE;
                } catch (RuntimeException e) {
                    if (Transactions.passes(e)) {
                        throw e; // DynamoDB failed or was contended: the whole call fails and is sent again
                    }
                    LOG.errorf(e, "%s schedule-perk %s: member %s's perk %s could not be changed; passed over",
                            FailureMarker.MEMBER_FAILED, programId, p.memberId(), p.perkId());
                    return Step.FAILED;
                }
            });
            Map<String, Long> grantDeliveries = new java.util.TreeMap<>();
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i) == Step.DELIVERED) {
                    counts.delivered++;
                    Perk p = page.perks().get(i);
                    if (p.source() == PerkSource.GRANT) {
                        grantDeliveries.merge(p.perkId(), 1L, Long::sum);
                    }
                } else if (steps.get(i) == Step.EXPIRED) {
                    counts.expired++;
                } else if (steps.get(i) == Step.FAILED) {
                    counts.failed++;
                }
            }
            grantDeliveries.forEach((perkId, n) -> perks.addDeliveredLater(programId, perkId, n));
            return ShardWalk.Page.of(page.perks().size() + page.unreadable().size(),
                    position.next(page.next() == null ? null : PerkTable.encodeDueKey(page.next())));
        });
        ShardCursor at = end.position();
        return new Sweep(counts.delivered, counts.expired, counts.failed,
                end.done() ? null : at.shard() + ":" + (at.after() == null ? "" : at.after()));
    }

    /** The sweep's stored position, "shard:" and the due-index key to continue after, if any. */
    private static ShardCursor sweepPosition(String from) {
        if (from == null) {
            return ShardCursor.START;
        }
        String after = from.substring(from.indexOf(':') + 1);
        return new ShardCursor(Integer.parseInt(from.substring(0, from.indexOf(':'))), after.isEmpty() ? null : after);
    }

    /**
     * Day N's routine perks (N = 2..7) for every member who joined N - 1 days before {@code date},
     * from the position the state names, at least one page; returns the state to keep (the run saves
     * it once, with the sweep's position: a call that fails before redoes pages that give nothing twice).
     */
    private PerkTable.DailyState routineSteps(Program program, LocalDate date, PerkTable.DailyState state,
            Instant deadline, int limit) {
        String programId = program.programId();
        Instant stepAt = program.startOf(date);
        int day = state.routineDay();
        ShardCursor position = ShardCursor.decode(state.routineCursor(), "routineCursor", "the daily run");
        long[] given = { state.routinePerks() };
        // One walk over the days in turn: the first page of the call is always taken, the budget is shared.
        ShardWalk walk = new ShardWalk(limit, () -> !clock.instant().isBefore(deadline));
        while (day <= PerkCatalogue.ROUTINE_DAYS) {
            if (!program.perks().routine().containsKey(day) || position.done()) {
                day++;
                position = ShardCursor.START;
                continue;
            }
            long membershipDay = day;
            LocalDate joinedOn = new Audience.FirstWeekDay(day).joinedOn(date);
            ShardWalk.End end = walk.from(position, (at, pageLimit) -> {
                MemberTable.ListedPage page = members.listed(programId, MemberTable.Listing.JOINED_ON, joinedOn,
                        at.shard(), at.after(), pageLimit);
                Instant now = clock.instant();
                List<Perk> step = page.members().stream().flatMap(m -> CataloguePerks.routineStep(program.perks(),
                        programId, m.memberId(), membershipDay, stepAt, now).stream()).toList();
                given[0] += workers.each(step, p -> memberPerks.grant(p, now)).stream()
                        .filter(g -> g != MemberPerks.Granted.ALREADY_HAD).count();
                return ShardWalk.Page.of(page.members().size(), at.next(page.continueAfter()));
            });
            position = end.position();
            if (!end.done()) {
                return new PerkTable.DailyState(false, day, position.encode(), given[0], state.dueCursor(),
                        state.notices());
            }
        }
        return new PerkTable.DailyState(true, day, null, given[0], state.dueCursor(), state.notices());
    }

    /**
     * The day's MemberGoingSilent notices: for each threshold N, the members whose last active day is
     * exactly N days before {@code date} (the last-active index, shard by shard, from the position
     * the state names; at least one page), each read whole for their squads and tags and told once.
     */
    private PerkTable.Notices silenceNotices(Program program, LocalDate date, PerkTable.Notices notices,
            Instant deadline, int limit) {
        String programId = program.programId();
        int step = notices.step();
        ShardCursor position = ShardCursor.decode(notices.cursor(), "silenceNoticeCursor", "the daily run");
        long[] said = { notices.said() };
        ShardWalk walk = new ShardWalk(limit, () -> !clock.instant().isBefore(deadline));
        while (step < SilenceNotices.THRESHOLDS.size()) {
            if (position.done()) {
                step++;
                position = ShardCursor.START;
                continue;
            }
            int days = SilenceNotices.THRESHOLDS.get(step);
            LocalDate lastActive = date.minusDays(days);
            ShardWalk.End end = walk.from(position, (at, pageLimit) -> {
                MemberTable.ListedPage page = members.listed(programId, MemberTable.Listing.LAST_ACTIVE_ON, lastActive,
                        at.shard(), at.after(), pageLimit);
                // The index is read eventually: a member active again since is passed over.
                List<Member> silent = membersOf(programId, page).stream()
                        .filter(m -> !m.activeDays.isEmpty() && m.activeDays.last().equals(lastActive)).toList();
                said[0] += workers.each(silent, m -> outbox.putOnce(SilenceNotices.event(program, m, lastActive, days)))
                        .stream().filter(Boolean::booleanValue).count();
                return ShardWalk.Page.of(page.members().size(), at.next(page.continueAfter()));
            });
            position = end.position();
            if (!end.done()) {
                return PerkTable.Notices.after(step, end, said[0]);
            }
        }
        return new PerkTable.Notices(true, step, null, said[0]);
    }

    /**
     * The day's PointsExpiring notices: the members whose notice day has come (byPointsNotice, shard
     * by shard, from the position given; at least one page), each read whole, told of each lot due
     * (once per lot and threshold), and their notice day moved to the next one (out of the index
     * when none is ahead), so tomorrow's run does not read them again.
     */
    private PerkTable.Notices pointsNotices(Program program, LocalDate date, PerkTable.Notices notices,
            Instant deadline, int limit) {
        String programId = program.programId();
        ShardCursor position = ShardCursor.decode(notices.cursor(), "pointsNoticeCursor", "the daily run");
        long[] said = { notices.said() };
        ShardWalk.End end = new ShardWalk(limit, () -> !clock.instant().isBefore(deadline)).from(position, (at, pageLimit) -> {
            MemberTable.ListedPage page = members.listed(programId, MemberTable.Listing.POINTS_NOTICE_ON_OR_BEFORE, date,
                    at.shard(), at.after(), pageLimit);
            List<Member> due = membersOf(programId, page);
            said[0] += workers.each(due, m -> {
                members.readAllLots(m); // each lot is told of
                long told = PointsExpiring.due(program, m, date).stream()
                        .filter(notice -> outbox.putOnce(PointsExpiring.event(program, m, notice))).count();
                members.movePointsNotice(m, PointsExpiring.next(program, m, date));
                return told;
            }).stream().mapToLong(Long::longValue).sum();
            return ShardWalk.Page.of(page.members().size(), at.next(page.continueAfter()));
        });
        return PerkTable.Notices.after(0, end, said[0]);
    }

    /**
     * The day's SquadGoingSilent notices: the program's open squads with a leader, page by page from
     * the squad given (at least one page), each one's days up to today read (a bounded Query) and
     * told once if its silence reaches the program's silent days today.
     */
    private PerkTable.Notices squadNotices(Program program, LocalDate date, PerkTable.Notices notices, Instant deadline,
            int limit) {
        String programId = program.programId();
        String after = notices.cursor();
        long said = notices.said();
        int seen = 0;
        do {
            SquadTable.Page page = squadTable.page(programId, after, Math.max(1, Math.min(limit - seen, 100)));
            seen += page.squads().size();
            List<Squad> leading = page.squads().stream().filter(sq -> sq.open() && sq.leaderId() != null).toList();
            said += workers.each(leading, squad -> squads.silenceReachedOn(program, squad, date)
                    .map(since -> outbox.putOnce(SquadSilenceNotices.event(program, squad, since))).orElse(false))
                    .stream().filter(Boolean::booleanValue).count();
            after = page.continueAfter();
        } while (after != null && seen < limit && clock.instant().isBefore(deadline));
        return new PerkTable.Notices(after == null, 0, after, said);
    }

    /**
     * The day's PerkExpiring notices: the delivered perks that expire on the local day three days on
     * (the due index, shard by shard, from the position given; at least one page), each told once.
     */
    private PerkTable.Notices perkNotices(Program program, LocalDate date, PerkTable.Notices notices, Instant deadline,
            int limit) {
        String programId = program.programId();
        Instant[] window = PerkExpiringNotices.window(program, date);
        ShardCursor position = ShardCursor.decode(notices.cursor(), "perkNoticeCursor", "the daily run");
        long[] said = { notices.said() };
        ShardWalk.End end = new ShardWalk(limit, () -> !clock.instant().isBefore(deadline)).from(position, (at, pageLimit) -> {
            PerkTable.DuePage page = perks.dueBetween(programId, at.shard(), window[0], window[1],
                    at.after() == null ? null : PerkTable.decodeDueKey(at.after()), pageLimit);
            List<Perk> expiring = page.perks().stream().filter(PerkExpiringNotices::toTell).toList();
            said[0] += workers.each(expiring, p -> outbox.putOnce(PerkExpiringNotices.event(program, p))).stream()
                    .filter(Boolean::booleanValue).count();
            return ShardWalk.Page.of(page.perks().size() + page.unreadable().size(),
                    at.next(page.next() == null ? null : PerkTable.encodeDueKey(page.next())));
        });
        return PerkTable.Notices.after(0, end, said[0]);
    }

    /** A listed page's members, read whole, without the erased (no notice reaches them). */
    private List<Member> membersOf(String programId, MemberTable.ListedPage page) {
        return members.findAll(programId, page.members().stream().map(MemberSummary::memberId).toList())
                .stream().filter(m -> !m.erased()).toList();
    }
}
