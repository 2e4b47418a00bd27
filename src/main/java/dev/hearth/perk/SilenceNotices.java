package dev.hearth.perk;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hearth.events.EventType;
import dev.hearth.events.HearthEvent;
import dev.hearth.ledger.Member;
import dev.hearth.program.Program;

/**
 * MemberGoingSilent: a member with no activity for 7, then 14, local days, told once per silence
 * and threshold, so the brand can reach out before the member is gone. Found by the daily run
 * through the members' last-active index (those whose last active day is exactly the threshold
 * before the run's day): no scan.
 */
public final class SilenceNotices {

    /** Days without activity after which a member is said to be going silent. */
    public static final List<Integer> THRESHOLDS = List.of(7, 14);

    private SilenceNotices() {
    }

    /**
     * The notice that the member, last active on {@code lastActiveDay}, has had no activity for
     * {@code days} local days. Everything in its key follows from the silence itself (it happens at
     * the start of the day it is reached, in the program's time zone), so however often the day is
     * run it is written once; a member active again and silent again is told again.
     */
    public static HearthEvent event(Program program, Member member, LocalDate lastActiveDay, int days) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("silentDays", days);
        detail.put("lastActiveDay", lastActiveDay.toString());
        detail.put("tier", member.tier);
        detail.put("pointsBalance", member.pointsBalance);
        detail.put("squads", List.copyOf(member.squads));
        detail.put("tags", List.copyOf(member.tags));
        return HearthEvent.of(EventType.MEMBER_GOING_SILENT, program.programId(), member.memberId,
                List.of(lastActiveDay.toString(), Integer.toString(days)), reachedAt(program, lastActiveDay, days),
                detail);
    }

    /** When a silence reaches {@code days}: the start of the local day that many days after the last active one. */
    static Instant reachedAt(Program program, LocalDate lastActiveDay, int days) {
        return program.startOf(lastActiveDay.plusDays(days));
    }

    /**
     * The keys of every notice that may still be in the outbox about a member (erase-member deletes
     * them: they hold tags and squads): one per threshold for each active day recent enough that a
     * notice about it is not past the outbox's 30 days yet.
     */
    public static List<HearthEvent> mayBeHeld(Program program, Member member, LocalDate today) {
        return member.activeDays.stream().filter(day -> !day.isBefore(today.minusDays(30 + THRESHOLDS.get(
                THRESHOLDS.size() - 1)))).flatMap(day -> THRESHOLDS.stream().map(days -> HearthEvent.of(
                        EventType.MEMBER_GOING_SILENT, program.programId(), member.memberId,
                        List.of(day.toString(), Integer.toString(days)), reachedAt(program, day, days), Map.of())))
                .toList();
    }
}
