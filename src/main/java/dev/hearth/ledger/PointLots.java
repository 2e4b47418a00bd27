package dev.hearth.ledger;

import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Points kept by the local day they were earned, so that they can expire a fixed time later. */
public final class PointLots {

    private PointLots() {
    }

    public static void earn(Member member, LocalDate day, long points) {
        if (points <= 0) {
            return;
        }
        member.pointLots.merge(day, points, Long::sum);
        member.pointsBalance += points;
    }

    /** Takes up to {@code points} back from one day's lot; returns how many were taken. */
    public static long takeBack(Member member, LocalDate day, long points) {
        member.requireAllLots();
        long available = member.pointLots.getOrDefault(day, 0L);
        long taken = Math.min(available, points);
        if (taken == available) {
            member.pointLots.remove(day);
        } else {
            member.pointLots.put(day, available - taken);
        }
        member.pointsBalance -= taken;
        return taken;
    }

    /**
     * Spends {@code points} from the oldest lots first (those that expire soonest); returns what
     * was taken from each lot, by its earning day. The caller has made sure the balance covers it.
     */
    public static TreeMap<LocalDate, Long> spend(Member member, long points) {
        member.requireAllLots();
        if (points > member.pointsBalance) {
            throw new IllegalArgumentException("spending " + points + " of a balance of " + member.pointsBalance);
        }
        TreeMap<LocalDate, Long> taken = new TreeMap<>();
        long left = points;
        for (LocalDate day : new java.util.ArrayList<>(member.pointLots.keySet())) {
            if (left == 0) {
                break;
            }
            long took = takeBack(member, day, left);
            taken.put(day, took);
            left -= took;
        }
        return taken;
    }

    /** Gives spent points back to the lots they came from, so they expire when they always would have. */
    public static void restore(Member member, Map<LocalDate, Long> lots) {
        member.requireAllLots();
        lots.forEach((day, points) -> {
            member.pointLots.merge(day, points, Long::sum);
            member.pointsBalance += points;
        });
    }

    /** Whether a lot of the member's expires by {@code today}: only then are all their lots needed. */
    public static boolean mayExpire(Member member, LocalDate today, int expiryMonths) {
        LocalDate oldest = member.oldestLot();
        return expiryMonths > 0 && oldest != null && !oldest.plusMonths(expiryMonths).isAfter(today);
    }

    /**
     * Removes every lot earned {@code expiryMonths} or more before {@code today}; returns the points
     * removed. Points earned on 2025-11-23 with 12 months expire on 2026-11-23.
     */
    public static long expire(Member member, LocalDate today, int expiryMonths) {
        if (!mayExpire(member, today, expiryMonths)) {
            return 0;
        }
        member.requireAllLots();
        long expired = 0;
        for (Iterator<Map.Entry<LocalDate, Long>> it = member.pointLots.entrySet().iterator(); it.hasNext();) {
            Map.Entry<LocalDate, Long> lot = it.next();
            if (lot.getKey().plusMonths(expiryMonths).isAfter(today)) {
                break;
            }
            expired += lot.getValue();
            it.remove();
        }
        member.pointsBalance -= expired;
        return expired;
    }
}
