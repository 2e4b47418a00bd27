package dev.hearth.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The difference-array windows against brute force: random members with random active days,
 * recorded in random order (late days included), give exactly the distinct count of members
 * active in every 7-, 14- and 30-day window.
 */
class ActivityWindowsTest {

    @Test
    void windowDeltasSumToTheDistinctActiveMembersOfEveryWindow() {
        Random random = new Random(7);
        LocalDate start = LocalDate.of(2026, 1, 1);
        int days = 90;
        for (int window : ActivityWindows.WINDOWS) {
            Map<LocalDate, Long> deltas = new HashMap<>();
            List<TreeSet<LocalDate>> members = new ArrayList<>();
            for (int m = 0; m < 300; m++) {
                List<LocalDate> activeDays = new ArrayList<>();
                for (int k = random.nextInt(12); k >= 0; k--) {
                    activeDays.add(start.plusDays(random.nextInt(days)));
                }
                Collections.shuffle(activeDays, random);
                TreeSet<LocalDate> seen = new TreeSet<>();
                for (LocalDate day : activeDays) {
                    if (seen.contains(day)) {
                        continue;
                    }
                    ActivityWindows.Interval covered = ActivityWindows.newlyCovered(seen, day, window);
                    if (covered != null) {
                        deltas.merge(covered.from(), 1L, Long::sum);
                        deltas.merge(covered.to().plusDays(1), -1L, Long::sum);
                    }
                    seen.add(day);
                }
                members.add(seen);
            }
            long running = 0;
            for (int d = 0; d < days + window; d++) {
                LocalDate end = start.plusDays(d);
                running += deltas.getOrDefault(end, 0L);
                long distinct = members.stream()
                        .filter(s -> s.subSet(end.minusDays(window - 1), true, end, true).size() > 0).count();
                assertEquals(distinct, running, "window " + window + " ending " + end);
            }
        }
    }
}
