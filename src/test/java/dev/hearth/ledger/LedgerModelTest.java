package dev.hearth.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hearth.config.TableNames;
import dev.hearth.edge.HearthException;
import dev.hearth.member.OnboardMember;
import dev.hearth.points.AwardPoints;
import dev.hearth.program.ActivityType;
import dev.hearth.program.Program;
import dev.hearth.program.ProgramTable;
import dev.hearth.testing.Invoke;
import dev.hearth.testing.TestClock;
import dev.hearth.testing.TestPrograms;
import dev.hearth.tier.EvaluateTier;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A model-based test: seeded random sequences of joins (some invited), awards (some back-dated,
 * some repeated), refunds, reviews and clock moves, through the real functions and DynamoDB Local.
 * After every step, for every member: balance = the sum of the stored ledger = the sum of the
 * point lots; every capped type earned at most its cap on every local day, and the stored day
 * counts agree with the ledger; the tier is what the rules give (never below the qualified tier,
 * above it only while in grace, and not past the grace once reviewed).
 */
@QuarkusTest
class LedgerModelTest {

    private static final List<String> TYPES = List.of("PURCHASE", "PURCHASE", "CHECK_IN", "INTERACTION",
            "QUALITY_POST", "EVENT_ATTENDANCE", "FEEDBACK");

    @Inject
    ProgramTable programs;
    @Inject
    MemberTable members;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    TableNames tables;
    @Inject
    OnboardMember onboard;
    @Inject
    AwardPoints award;
    @Inject
    EvaluateTier evaluate;
    @Inject
    Clock clock;

    @AfterEach
    void putTheClockBack() {
        TestClock.reset();
    }

    @Test
    void everyStepKeepsTheLedgerTheLotsTheCapsAndTheTierTrue() {
        for (long seed : new long[] { 11, 22, 33 }) {
            run(new Random(seed), "model-" + seed + "-" + Long.toHexString(System.nanoTime()), 160);
            TestClock.reset();
        }
    }

    private void run(Random random, String programId, int steps) {
        Program program = TestPrograms.copyOfDefault(programs, programId);
        List<String> people = new ArrayList<>();
        Map<String, List<String>> purchases = new HashMap<>();
        List<String> sentIds = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            int pick = random.nextInt(100);
            String touched;
            String inviter = null;
            if (people.size() < 3 || pick < 8) {
                touched = "p" + people.size();
                inviter = people.isEmpty() || random.nextBoolean() ? null : people.get(random.nextInt(people.size()));
                Instant joinedAt = clock.instant().minus(Duration.ofHours(random.nextInt(72)));
                onboard.onboard(Invoke.json("programId", programId, "memberId", touched, "displayName", "会员 " + touched,
                        "channel", inviter == null ? "QR" : "INVITE", "invitedBy", inviter, "joinedAt",
                        joinedAt.toString()));
                people.add(touched);
            } else if (pick < 12) {
                // Days, or months, pass.
                TestClock.advance(Duration.ofHours(random.nextInt(10) == 0 ? 24 * (30 + random.nextInt(200))
                        : 1 + random.nextInt(72)));
                continue;
            } else if (pick < 20) {
                touched = people.get(random.nextInt(people.size()));
                evaluate.evaluate(Invoke.json("programId", programId, "memberId", touched));
                check(program, touched, true);
                continue;
            } else if (pick < 28 && !sentIds.isEmpty()) {
                // A repeat of an activity already sent (a retry): changes nothing.
                String[] sent = sentIds.get(random.nextInt(sentIds.size())).split("\\|", 2);
                touched = sent[0];
                Member before = members.find(programId, touched).orElseThrow();
                AwardPoints.AwardResult again = award.award(Invoke.json("programId", programId, "memberId", touched,
                        "activityId", sent[1], "type", "CHECK_IN"));
                assertTrue(again.duplicate(), "a repeated id is a duplicate");
                assertEquals(before.version, members.find(programId, touched).orElseThrow().version,
                        "a repeated id changes nothing");
            } else if (pick < 38) {
                touched = people.get(random.nextInt(people.size()));
                List<String> open = purchases.getOrDefault(touched, List.of());
                if (open.isEmpty()) {
                    continue;
                }
                String purchase = open.remove(random.nextInt(open.size()));
                String id = "r" + step;
                try {
                    award.award(Invoke.json("programId", programId, "memberId", touched, "activityId", id, "type", "REFUND",
                            "refundOf", purchase));
                    sentIds.add(touched + "|" + id);
                } catch (HearthException e) {
                    throw new AssertionError("refund of " + purchase + ": " + e.getMessage(), e);
                }
            } else {
                touched = people.get(random.nextInt(people.size()));
                String type = TYPES.get(random.nextInt(TYPES.size()));
                String id = "a" + step;
                // Back-dated up to 20 days, never before joining.
                Member m = members.find(programId, touched).orElseThrow();
                Instant latest = clock.instant();
                long room = Duration.between(m.joinedAt, latest).getSeconds();
                Instant at = room <= 0 ? latest
                        : latest.minusSeconds(random.nextInt((int) Math.min(room, 20L * 86_400)));
                String with = null;
                if (type.equals("INTERACTION")) {
                    with = people.get(random.nextInt(people.size()));
                    if (with.equals(touched)) {
                        continue;
                    }
                }
                award.award(Invoke.json("programId", programId, "memberId", touched, "activityId", id, "type", type,
                        "amountFen", type.equals("PURCHASE") ? 5_000L + random.nextInt(150_000) : null,
                        "withMemberId", with, "score", type.equals("FEEDBACK") ? 4 : null, "occurredAt", at.toString()));
                if (type.equals("PURCHASE")) {
                    purchases.computeIfAbsent(touched, k -> new ArrayList<>()).add(id);
                }
                sentIds.add(touched + "|" + id);
            }
            // The member the step touched, and an inviter it credited.
            check(program, touched, false);
            if (inviter != null) {
                check(program, inviter, false);
            }
        }
    }

    /** The invariants of one member, as stored. */
    private void check(Program program, String memberId, boolean justReviewed) {
        String programId = program.programId();
        Member m = members.find(programId, memberId).orElseThrow();
        members.readAllLots(m); // the lots kept apart count too
        List<Map<String, AttributeValue>> items = dynamo.queryPaginator(q -> q.tableName(tables.activities())
                .consistentRead(true).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(programId + "#" + memberId))))
                .items().stream().toList();
        long ledger = 0;
        Map<String, Integer> earnedPerDay = new HashMap<>();
        Map<String, Integer> storedPerDay = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            if (sk.startsWith("A#") || sk.startsWith("H#")) {
                long points = Long.parseLong(item.get("points").n());
                ledger += points;
                ActivityType type = ActivityType.valueOf(item.get("type").s());
                if (points > 0 && program.earning().dailyCap(type) != null) {
                    LocalDate day = Instant.parse(item.get("occurredAt").s()).atZone(program.timeZone()).toLocalDate();
                    earnedPerDay.merge(day + " " + type, 1, Integer::sum);
                }
            } else if (sk.startsWith("D#")) {
                item.get("counts").m().forEach((type, n) -> storedPerDay.put(sk.substring(2) + " " + type,
                        Integer.parseInt(n.n())));
            }
        }
        if (m.dayCounts != null) {
            // The latest day's counts are the member's (CapCounts).
            String held = m.dayCounts.day() + " ";
            storedPerDay.keySet().removeIf(k -> k.startsWith(held));
            m.dayCounts.counts().forEach((type, n) -> storedPerDay.put(held + type.name(), n));
        }
        String who = programId + "/" + memberId;
        assertEquals(m.pointsBalance, ledger, who + ": balance = the sum of the ledger");
        assertEquals(m.pointsBalance, m.pointLots.values().stream().mapToLong(Long::longValue).sum(),
                who + ": balance = the sum of the lots");
        earnedPerDay.forEach((dayType, n) -> {
            int cap = program.earning().dailyCap(ActivityType.valueOf(dayType.split(" ")[1]));
            assertTrue(n <= cap, who + ": " + dayType + " earned " + n + " times, cap " + cap);
            assertEquals(n, storedPerDay.getOrDefault(dayType, 0), who + ": stored day count of " + dayType);
        });
        int qualified = program.rankOf(TierLadder.qualifiedTier(program, m.counters).id());
        int tier = program.rankOf(m.tier);
        assertTrue(tier >= qualified, who + ": never below the qualified tier");
        if (tier > qualified) {
            assertNotNull(m.belowTierSince, who + ": above the qualified tier only in grace");
            if (justReviewed) {
                assertTrue(clock.instant().isBefore(m.belowTierSince.plus(Duration.ofDays(program.downgradeGraceDays()))),
                        who + ": a review downgrades once the grace has run out");
            }
        } else {
            assertEquals(null, m.belowTierSince, who + ": no grace while qualified");
        }
    }
}
