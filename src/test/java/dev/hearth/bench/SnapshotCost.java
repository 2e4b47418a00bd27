package dev.hearth.bench;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.CapacityMeter;
import dev.hearth.ledger.Activity;
import dev.hearth.ledger.DailyCounts;
import dev.hearth.ledger.Earning;
import dev.hearth.ledger.Member;
import dev.hearth.ledger.MemberTable;
import dev.hearth.program.ActivityType;
import dev.hearth.program.DefaultProgram;
import dev.hearth.program.Program;
import dev.hearth.retention.Bookkeeping;
import dev.hearth.retention.StatsDelta;
import dev.hearth.retention.StatsTable;
import dev.hearth.squad.SquadTable;
import dev.hearth.retention.ReportShelf;
import dev.hearth.retention.RetentionReports;
import dev.hearth.retention.TakeSnapshot;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The snapshot's cost as communities grow: for 1k, 10k and 100k synthetic members over 30 days,
 * the counters the functions would have written (the same Bookkeeping deltas, merged per item) are
 * stored, then the snapshot is computed with a metered client: its DynamoDB reads must stay flat.
 * Also the bookkeeping's extra writes per activity.
 */
final class SnapshotCost {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final int DAYS = 30;

    private final DynamoDbClient metered;
    /** By program age (days): {DynamoDB requests, RCU} of one snapshot, for the targets. */
    final Map<Integer, double[]> costByAge = new TreeMap<>();
    private final TableNames names;

    SnapshotCost(URI endpoint, TableNames names) {
        this.names = names;
        this.metered = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new CapacityMeter())).build();
    }

    /** The markdown tables: by community size (a program 30 days old), then by program age. */
    String run(List<Integer> sizes, int membersByAge, List<Integer> ages) {
        StringBuilder table = new StringBuilder("| members | activities | counter keys (each over the 16 shards) | snapshot time, median of 5 (ms) "
                + "| DynamoDB requests per snapshot (counters + capped lists + store) | RCU per snapshot |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n");
        long[] extra = new long[2]; // activities, stats items they touch
        for (int members : sizes) {
            table.append(measure(members, DAYS, extra, false));
        }
        table.append(String.format(Locale.ROOT, "%nBookkeeping per activity: on average %.2f counter items (each "
                + "an UpdateItem ADD in the activity's transaction: 2 WCU on DynamoDB, 4 on DynamoDB Local); the "
                + "first activity of a member's day touches up to 3 (its day, its day's window item, its join cohort), "
                + "the rest 1 to 2.%n",
                (double) extra[1] / extra[0]));
        table.append(String.format(Locale.ROOT, "%nBy program age: %,d members joining over the program's life, "
                + "each active on a few later days, then yesterday's snapshot (the fifth taken: the first also rolls the "
                + "history up, once, shown in the last column).%n%n", membersByAge));
        table.append("| program age (days) | members | activities | counter keys (each over the 16 shards) | snapshot time, "
                + "median of 5 (ms) | DynamoDB requests per snapshot | RCU per snapshot | the first snapshot, which rolls "
                + "the months before up (once): requests, RCU |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int age : ages) {
            table.append(measure(membersByAge, age, new long[2], true));
        }
        return table.toString();
    }

    /** One community's snapshot, measured: a table row (with the program's age first when {@code byAge}). */
    private String measure(int members, int days, long[] extra, boolean byAge) {
        Program d = DefaultProgram.create();
        Program program = new Program("cost-" + members + "-" + days + (byAge ? "-age" : ""), d.name(), SHANGHAI, d.currency(), d.tiers(),
                d.earning(), d.downgradeGraceDays(), d.pointsExpiryMonths());
        LocalDate today = LocalDate.now(SHANGHAI);
        Map<String, Map<String, Long>> items = new TreeMap<>();
        long activities = community(program, members, days, today, items, extra);
        write(program.programId(), items);
        StatsTable stats = new StatsTable(metered, names, java.time.Clock.systemUTC(), new dev.hearth.dynamodb.Transactions(metered));
        TakeSnapshot snapshots = new TakeSnapshot(stats, new MemberTable(metered, names), new SquadTable(metered, names),
                java.time.Clock.systemUTC(), new RetentionReports(stats, null, ReportShelf.none(), java.time.Clock.systemUTC()));
        List<Double> times = new ArrayList<>();
        CapacityMeter.Totals before = null;
        CapacityMeter.Totals after = null;
        long firstRequests = 0;
        double firstReads = 0;
        for (int run = 0; run < 5; run++) {
            before = CapacityMeter.totals();
            long started = System.nanoTime();
            snapshots.compute(program, today.minusDays(1));
            times.add((System.nanoTime() - started) / 1e6);
            after = CapacityMeter.totals();
            if (run == 0) {
                // The first one also rolls the program's history up into each shard's month roll-up.
                firstRequests = after.requests() - before.requests();
                firstReads = after.readUnits() - before.readUnits();
            }
        }
        Collections.sort(times);
        Benchmark.progress(String.format(Locale.ROOT, "snapshot of %,d members, program %d days old: %.0f ms, %d "
                + "requests, %.1f RCU", members, days, times.get(2), after.requests() - before.requests(),
                after.readUnits() - before.readUnits()));
        if (byAge) {
            costByAge.put(days, new double[] { after.requests() - before.requests(), after.readUnits() - before.readUnits() });
        }
        // The snapshot's own PutItem is a write; requests and RCU are the reads plus that one write.
        return String.format(Locale.ROOT, "| %s%,d | %,d | %,d | %.0f | %d | %.1f |%s%n", byAge ? days + " | " : "",
                members, activities, items.size(), times.get(2), after.requests() - before.requests(),
                after.readUnits() - before.readUnits(), byAge ? String.format(Locale.ROOT, " %d, %.1f |", firstRequests, firstReads) : "");
    }

    /** Members joining over {@code days} days, each active on a few later days; returns the activity count. */
    private static long community(Program program, int members, int days, LocalDate today,
            Map<String, Map<String, Long>> items, long[] extra) {
        Random random = new Random(members);
        LocalDate first = today.minusDays(days);
        long activities = 0;
        for (int i = 0; i < members; i++) {
            String id = "m" + i;
            Member m = new Member();
            m.programId = program.programId();
            m.memberId = id;
            m.displayName = id;
            m.channel = "QR";
            m.joinedAt = at(first.plusDays(random.nextInt(days)), random);
            m.tier = program.entryTier().id();
            m.tierReachedAt = m.joinedAt;
            m.lastActiveAt = m.joinedAt;
            m.markActive(m.joinedAt.atZone(SHANGHAI).toLocalDate());
            merge(items, Bookkeeping.forJoin(program, m));
            LocalDate joinDay = m.joinedAt.atZone(SHANGHAI).toLocalDate();
            int count = random.nextInt(7);
            for (int k = 0; k < count; k++) {
                LocalDate day = joinDay.plusDays(random.nextInt((int) (today.toEpochDay() - joinDay.toEpochDay())));
                Instant when = at(day, random);
                if (!when.isAfter(m.joinedAt) || !day.isBefore(today)) {
                    continue;
                }
                ActivityType type = random.nextBoolean() ? ActivityType.PURCHASE : ActivityType.QUALITY_POST;
                Activity activity = new Activity(id + "-" + k, type, type == ActivityType.PURCHASE
                        ? (long) (1_000 + random.nextInt(50_000)) : null, null, null, null, when);
                Earning.Recorded recorded = Earning.record(program, m, activity, null, false,
                        program.earning().dailyCap(type) == null ? null : DailyCounts.none(program.localDay(when)),
                        when);
                StatsDelta delta = Bookkeeping.forActivity(program, m, recorded.member(), recorded.entry());
                extra[0]++;
                extra[1] += delta.items().size();
                merge(items, delta);
                m = recorded.member();
                activities++;
            }
        }
        return activities;
    }

    private static Instant at(LocalDate day, Random random) {
        return day.atStartOfDay(SHANGHAI).toInstant().plusSeconds(random.nextInt(86_400));
    }

    /** Shards are spread the way the functions spread them: all members here land across the 16. */
    private static void merge(Map<String, Map<String, Long>> items, StatsDelta delta) {
        delta.items().forEach((sk, counters) -> counters.forEach((name, value) ->
                items.computeIfAbsent(sk, k -> new HashMap<>()).merge(name, value, Long::sum)));
    }

    /** Writes the merged counters, split evenly over the 16 shards (sums are what the snapshot reads). */
    private void write(String programId, Map<String, Map<String, Long>> items) {
        for (Map.Entry<String, Map<String, Long>> item : items.entrySet()) {
            Map<String, Long> counters = item.getValue();
            for (int shard = 0; shard < 16; shard++) {
                int s = shard;
                Map<String, AttributeValue> values = new HashMap<>();
                Map<String, String> attributeNames = new HashMap<>();
                List<String> adds = new ArrayList<>();
                int i = 0;
                for (Map.Entry<String, Long> c : counters.entrySet()) {
                    long part = Math.floorDiv(c.getValue(), 16L) + (s < Math.floorMod(c.getValue(), 16L) ? 1 : 0);
                    if (part == 0) {
                        continue;
                    }
                    attributeNames.put("#c" + i, c.getKey());
                    values.put(":v" + i, AttributeValue.fromN(Long.toString(part)));
                    adds.add("#c" + i + " :v" + i);
                    i++;
                }
                if (adds.isEmpty()) {
                    continue;
                }
                metered.updateItem(u -> u.tableName(names.stats())
                        .key(Map.of("pk", AttributeValue.fromS(String.format("%s#%02d", programId, s)), "sk",
                                AttributeValue.fromS(item.getKey())))
                        .updateExpression("ADD " + String.join(", ", adds)).expressionAttributeNames(attributeNames)
                        .expressionAttributeValues(values));
            }
        }
    }
}
