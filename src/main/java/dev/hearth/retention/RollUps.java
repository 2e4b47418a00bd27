package dev.hearth.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Month roll-ups of the day counters, so that a snapshot reads what a month-old program's reads
 * however old the program is. Pure: which months are rolled up, which writes are late, what a
 * shard's items add up to; {@link StatsTable} stores them.
 *
 * <p>Each shard keeps one roll-up, {@code D#yyyy-mm~rolled}: the running counters (the ones a
 * snapshot sums over every day, {@link #running}) of every day up to the end of that month. A
 * snapshot of a day after it reads, newest first, the late items, the days since the roll-up's
 * month, the roll-up itself and the rest of the 30 days before the snapshot's day (whose window
 * counters may not be in effect by it, while the roll-up holds them whole), and stops there.
 *
 * <p>A write dated in a month that has ended ({@link #late}) also adds its running counters to the
 * month's late item {@code D#~late#yyyy-mm}, in the same transaction. A month is rolled up only
 * some days after it ended ({@link #lastClosed}), so every write to it that is not marked late has
 * committed by then; the roll-up's transaction deletes the month's late item if it still holds the
 * writes that were read (its {@code lateWrites} unchanged), or checks there is none: a late write
 * between the roll-up's reads and its transaction cancels it, and the next run rolls up again.
 * After that, a late write's item stays beside the roll-up and is added to it by the snapshot, and
 * folded into the roll-up by a later run the same way.
 */
public final class RollUps {

    /** Days after a month ends (UTC) before it is rolled up: far more than any write is in flight. */
    static final int CLOSING_DAYS = 2;
    /** Months one roll-up transaction takes on (each is a condition on its late item). */
    static final int MONTHS_PER_ROLL = 24;
    /** Late items folded by one transaction. */
    static final int FOLDS_PER_ROLL = 40;
    public static final String LATE_WRITES = "lateWrites";
    public static final String VERSION = "rolledVersion";
    private static final String LATE_PREFIX = "D#~late#";
    private static final String ROLLED_SUFFIX = "~rolled";
    private static final String WINDOW_SUFFIX = "~w";
    /** Above every day, roll-up and late item of a shard. */
    public static final String TOP = "D#~~";

    private RollUps() {
    }

    /** Counters a snapshot sums over every day up to its own; the others it reads for its day alone. */
    public static boolean running(String counter) {
        return switch (counter) {
            case "newMembers", "w7", "w14", "w30", "buyers", "repeatBuyers" -> true;
            default -> counter.startsWith("tier.") || counter.startsWith("squadMembers.") || shift(counter) >= 0;
        };
    }

    /** Days before a snapshot's day whose window counters may not have taken effect by it. */
    static final int REACH = ActivityWindows.WINDOWS[ActivityWindows.WINDOWS.length - 1];

    /** A window counter that takes effect {@code days} after its item's day: {@code w7>3}. */
    public static String shifted(int window, long days) {
        return "w" + window + ">" + days;
    }

    /** The days a counter takes effect after its item's day, -1 for a counter that is not shifted. */
    static int shift(String counter) {
        int gt = counter.indexOf('>');
        return gt < 0 ? -1 : Integer.parseInt(counter.substring(gt + 1));
    }

    /** The figure a counter adds to: {@code w7} for {@code w7>3}. */
    static String figure(String counter) {
        int gt = counter.indexOf('>');
        return gt < 0 ? counter : counter.substring(0, gt);
    }

    /**
     * Adds the running counters of a day's items to {@code sum} under their figures' names: those
     * that have taken effect by {@code asOf} ({@code effective}), or those that have not.
     */
    static void addDay(Map<String, Long> sum, LocalDate day, Map<String, Long> counters, LocalDate asOf,
            boolean effective, long sign) {
        counters.forEach((name, value) -> {
            if (running(name) && value != 0
                    && effective == !day.plusDays(Math.max(0, shift(name))).isAfter(asOf)) {
                sum.merge(figure(name), sign * value, Long::sum);
            }
        });
    }

    /** Only the running counters. */
    public static Map<String, Long> runningOf(Map<String, Long> counters) {
        Map<String, Long> running = new TreeMap<>();
        counters.forEach((name, value) -> {
            if (running(name) && value != 0) {
                running.put(name, value);
            }
        });
        return running;
    }

    /** A write dated {@code day} is late when its month had ended by the day before now (UTC). */
    public static boolean late(LocalDate day, Instant now) {
        return YearMonth.from(day).isBefore(YearMonth.from(now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1)));
    }

    /**
     * The latest month that may be rolled up at {@code now}: ended {@link #CLOSING_DAYS} days ago
     * (UTC), a day after writes to it began to be marked late.
     */
    public static YearMonth lastClosed(Instant now) {
        return YearMonth.from(now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(CLOSING_DAYS)).minusMonths(1);
    }

    public static String dayKey(LocalDate day) {
        return "D#" + day;
    }

    /** The day's window item: its shifted window counters. */
    public static String windowKey(LocalDate day) {
        return "D#" + day + WINDOW_SUFFIX;
    }

    /** Above both items of a day, below the next day's and any roll-up. */
    public static String dayEnd(LocalDate day) {
        return "D#" + day + "~~";
    }

    public static String rolledKey(YearMonth month) {
        return "D#" + month + ROLLED_SUFFIX;
    }

    public static String lateKey(YearMonth month) {
        return LATE_PREFIX + month;
    }

    /** The day of a day key ({@code D#yyyy-mm-dd}) or of its window item, or null for any other key. */
    public static LocalDate dayOf(String sk) {
        boolean day = sk.length() == 12 || sk.length() == 14 && sk.endsWith(WINDOW_SUFFIX);
        return day && sk.startsWith("D#") && Character.isDigit(sk.charAt(2)) ? LocalDate.parse(sk.substring(2, 12)) : null;
    }

    /** Day items and window items (sk -> counters) by day, each day's two merged; other keys left out. */
    public static NavigableMap<LocalDate, Map<String, Long>> byDay(Map<String, Map<String, Long>> items) {
        NavigableMap<LocalDate, Map<String, Long>> days = new TreeMap<>();
        items.forEach((sk, counters) -> addDay(days, sk, counters));
        return days;
    }

    /** Adds a day item's or window item's counters to its day; false (nothing added) for any other key. */
    private static boolean addDay(NavigableMap<LocalDate, Map<String, Long>> days, String sk, Map<String, Long> counters) {
        LocalDate day = dayOf(sk);
        if (day == null) {
            return false;
        }
        counters.forEach((name, value) -> days.computeIfAbsent(day, k -> new TreeMap<>()).merge(name, value, Long::sum));
        return true;
    }

    /** The month of a roll-up key ({@code D#yyyy-mm~rolled}), or null for any other key. */
    private static YearMonth rolledMonth(String sk) {
        return sk.endsWith(ROLLED_SUFFIX) ? YearMonth.parse(sk.substring(2, sk.length() - ROLLED_SUFFIX.length())) : null;
    }

    /** A month's late writes since it was last rolled up or folded. */
    public record Late(YearMonth month, long writes, Map<String, Long> counters) {
    }

    /**
     * What a shard holds, read newest first from the top: its roll-up (if any was reached), the late
     * items and the days read.
     */
    public record Shard(YearMonth through, long version, Map<String, Long> rolled, Map<YearMonth, Late> late,
            NavigableMap<LocalDate, Map<String, Long>> days, boolean whole) {

        /**
         * @param items the shard's items in the order read (sk -> numbers)
         * @param whole whether the read went down to the shard's first item
         */
        public static Shard of(List<Map.Entry<String, Map<String, Long>>> items, boolean whole) {
            YearMonth through = null;
            long version = 0;
            Map<String, Long> rolled = Map.of();
            Map<YearMonth, Late> late = new TreeMap<>();
            NavigableMap<LocalDate, Map<String, Long>> days = new TreeMap<>();
            for (Map.Entry<String, Map<String, Long>> item : items) {
                String sk = item.getKey();
                Map<String, Long> counters = new TreeMap<>(item.getValue());
                if (addDay(days, sk, counters)) {
                    continue; // the day item and its window item: one day
                }
                YearMonth month = rolledMonth(sk);
                if (sk.startsWith(LATE_PREFIX)) {
                    YearMonth lateMonth = YearMonth.parse(sk.substring(LATE_PREFIX.length()));
                    long writes = counters.getOrDefault(LATE_WRITES, 0L);
                    counters.remove(LATE_WRITES);
                    late.put(lateMonth, new Late(lateMonth, writes, counters));
                } else if (month != null) {
                    // Only the newest counts: an older one seen would be one a roll-up just replaced.
                    if (through == null || month.isAfter(through)) {
                        through = month;
                        version = counters.getOrDefault(VERSION, 0L);
                        counters.remove(VERSION);
                        rolled = counters;
                    }
                }
            }
            return new Shard(through, version, rolled, late, days, whole);
        }

        /** Whether a read from the top has what a snapshot of {@code date} needs, from {@code recentFrom} on. */
        public static boolean enough(List<Map.Entry<String, Map<String, Long>>> items, LocalDate date, LocalDate recentFrom) {
            boolean rolledBefore = false;
            String last = null;
            for (Map.Entry<String, Map<String, Long>> item : items) {
                String sk = item.getKey();
                YearMonth month = rolledMonth(sk);
                if (month != null && month.isBefore(YearMonth.from(date))) {
                    rolledBefore = true;
                }
                last = sk;
            }
            LocalDate from = recentFrom.isBefore(date.minusDays(REACH - 1)) ? recentFrom : date.minusDays(REACH - 1);
            return rolledBefore && last != null && last.compareTo(dayKey(from)) < 0;
        }

        /**
         * The running counters in effect on {@code date}, summed over every day up to it, under their
         * figures' names; only from a roll-up of a month before {@code date}, or from a read of the whole
         * shard (else it throws: every day up to {@code date} is needed).
         */
        public Map<String, Long> runningAsOf(LocalDate date) {
            boolean useRolled = through != null && through.isBefore(YearMonth.from(date));
            if (!useRolled && !whole) {
                throw new IllegalStateException("the days up to " + date + " were not all read");
            }
            Map<String, Long> sum = new TreeMap<>();
            LocalDate after = LocalDate.MIN;
            if (useRolled) {
                after = through.atEndOfMonth();
                rolled.forEach((name, value) -> sum.merge(figure(name), value, Long::sum));
                late.values().stream().filter(l -> !l.month().isAfter(through))
                        .forEach(l -> l.counters().forEach((name, value) -> sum.merge(figure(name), value, Long::sum)));
                // They hold every window counter of their days, in effect or not: the last days take back those not yet.
                if (after.isAfter(date.minusDays(REACH))) {
                    days.subMap(date.minusDays(REACH), false, after, true)
                            .forEach((day, counters) -> addDay(sum, day, counters, date, false, -1));
                }
            }
            days.subMap(after, false, date, true).forEach((day, counters) -> addDay(sum, day, counters, date, true, 1));
            sum.values().removeIf(v -> v == 0);
            return sum;
        }

        /**
         * The roll-up due after a snapshot of {@code date} at {@code now}, or null: the months up to
         * the last closed one (and before the snapshot's), and the late items to fold.
         */
        public Roll due(LocalDate date, Instant now) {
            YearMonth last = lastClosed(now);
            YearMonth beforeDate = YearMonth.from(date).minusMonths(1);
            YearMonth to = last.isBefore(beforeDate) ? last : beforeDate;
            YearMonth from = through != null ? through.plusMonths(1)
                    : whole && !days.isEmpty() ? YearMonth.from(days.firstKey()) : null;
            if (from != null && from.isAfter(to)) {
                from = null;
            }
            if (from != null && from.plusMonths(MONTHS_PER_ROLL - 1).isBefore(to)) {
                to = from.plusMonths(MONTHS_PER_ROLL - 1);
            }
            YearMonth rollTo = from == null ? null : to;
            List<Late> folds = late.values().stream().filter(l -> through != null && !l.month().isAfter(through))
                    .limit(FOLDS_PER_ROLL).toList();
            if (rollTo == null && folds.isEmpty()) {
                return null;
            }
            Set<YearMonth> months = new TreeSet<>();
            for (YearMonth m = from; rollTo != null && !m.isAfter(rollTo); m = m.plusMonths(1)) {
                months.add(m);
            }
            Map<YearMonth, Late> rolledLate = new LinkedHashMap<>();
            months.forEach(m -> {
                if (late.containsKey(m)) {
                    rolledLate.put(m, late.get(m));
                }
            });
            return new Roll(through, version, rolled, from, rollTo, months, rolledLate, folds);
        }
    }

    /**
     * One roll-up transaction.
     *
     * @param through the roll-up it replaces (null: none yet), of {@code version}
     * @param from first month to roll up (null: fold only), to {@code to}
     * @param months the months rolled up: each one's late item is deleted as read ({@code rolledLate})
     *        or checked absent
     * @param folds late items of months rolled up before, added to the roll-up and deleted as read
     */
    public record Roll(YearMonth through, long version, Map<String, Long> rolled, YearMonth from, YearMonth to,
            Set<YearMonth> months, Map<YearMonth, Late> rolledLate, List<Late> folds) {

        /** The first and last day to read and add up (null when folding only). */
        public LocalDate firstDay() {
            return from == null ? null : from.atDay(1);
        }

        public LocalDate lastDay() {
            return to == null ? null : to.atEndOfMonth();
        }

        /** The month the new roll-up reaches. */
        public YearMonth newThrough() {
            return to != null ? to : through;
        }

        /** The new roll-up's counters: the old, the folds, and the running counters of the days read. */
        public Map<String, Long> counters(Map<LocalDate, Map<String, Long>> days) {
            Map<String, Long> sum = new TreeMap<>(rolled);
            folds.forEach(l -> l.counters().forEach((name, value) -> sum.merge(name, value, Long::sum)));
            days.forEach((day, counters) -> {
                if (from != null && !day.isBefore(firstDay()) && !day.isAfter(lastDay())) {
                    runningOf(counters).forEach((name, value) -> sum.merge(name, value, Long::sum));
                }
            });
            sum.values().removeIf(v -> v == 0);
            return sum;
        }
    }
}
