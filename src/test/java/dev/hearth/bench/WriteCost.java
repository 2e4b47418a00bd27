package dev.hearth.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.hearth.config.TableNames;
import dev.hearth.dynamodb.TableSpec;
import dev.hearth.events.OutboxTable;
import dev.hearth.ledger.ActivityTable;
import dev.hearth.ledger.MemberTable;
import dev.hearth.perk.PerkTable;
import dev.hearth.retention.StatsTable;
import dev.hearth.squad.SquadTable;
import dev.hearth.testing.ItemSize;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one call wrote, sized the way DynamoDB bills it: every table is read whole before and after
 * the call, and each item that call added, changed or removed is
 * counted at 2 WCU per started KB (a transaction's write; 1 for a call whose every write is a
 * single-item request, {@link #ofSingleWrites}), plus 1 WCU per started KB of each index
 * entry it wrote (an index is written only when the item enters it or its keys or projected
 * attributes change). DynamoDB Local's own WCU for transactions is wrong, so it is shown beside.
 */
final class WriteCost {

    static final List<TableSpec> SPECS = List.of(MemberTable.SPEC, ActivityTable.SPEC, PerkTable.SPEC,
            OutboxTable.SPEC, StatsTable.SPEC, SquadTable.SPEC);

    private final DynamoDbClient client;
    private final TableNames names;

    WriteCost(DynamoDbClient client, TableNames names) {
        this.client = client;
        this.names = names;
    }

    /** The items one call wrote, and their billed write units. */
    record Written(List<String> items, long writeUnits) {
        String list() {
            return items.stream().map(i -> "- " + i + "\n").reduce("", String::concat);
        }
    }

    interface Call {
        void run() throws Exception;
    }

    /** What {@code call} wrote, each item in a transaction (as an award's or a join's). */
    Written of(Call call) throws Exception {
        var before = tables();
        call.run();
        return written(before, tables(), true);
    }

    /** What {@code call} wrote, each item by a request of its own (PutItem, UpdateItem): half a transaction's units. */
    Written ofSingleWrites(Call call) throws Exception {
        var before = tables();
        call.run();
        return written(before, tables(), false);
    }

    /** Every item of every table, by table and key. */
    Map<String, Map<Map<String, AttributeValue>, Map<String, AttributeValue>>> tables() {
        Map<String, Map<Map<String, AttributeValue>, Map<String, AttributeValue>>> all = new HashMap<>();
        for (TableSpec spec : SPECS) {
            Map<Map<String, AttributeValue>, Map<String, AttributeValue>> items = new HashMap<>();
            client.scanPaginator(s -> s.tableName(names.named(spec.name()))).items()
                    .forEach(item -> items.put(key(spec, item), item));
            all.put(spec.name(), items);
        }
        return all;
    }

    Written written(Map<String, Map<Map<String, AttributeValue>, Map<String, AttributeValue>>> before,
            Map<String, Map<Map<String, AttributeValue>, Map<String, AttributeValue>>> after, boolean transactions) {
        List<String> items = new ArrayList<>();
        long units = 0;
        for (TableSpec spec : SPECS) {
            Map<Map<String, AttributeValue>, Map<String, AttributeValue>> was = before.get(spec.name());
            Map<Map<String, AttributeValue>, Map<String, AttributeValue>> is = after.get(spec.name());
            java.util.Set<Map<String, AttributeValue>> keys = new java.util.HashSet<>(was.keySet());
            keys.addAll(is.keySet());
            for (Map<String, AttributeValue> key : keys) {
                Map<String, AttributeValue> old = was.get(key);
                Map<String, AttributeValue> now = is.get(key);
                if (Objects.equals(old, now)) {
                    continue;
                }
                Map<String, AttributeValue> sized = now != null ? now : old;
                long size = ItemSize.of(sized);
                long itemUnits = transactions ? ItemSize.transactionalWriteUnits(size) : ItemSize.writeUnits(size);
                long indexUnits = 0;
                for (TableSpec.Index index : spec.indexes()) {
                    Map<String, AttributeValue> oldEntry = entry(spec, index, old);
                    Map<String, AttributeValue> newEntry = entry(spec, index, now);
                    if (!Objects.equals(oldEntry, newEntry)) {
                        boolean moved = oldEntry != null && newEntry != null
                                && !Objects.equals(indexKey(index, old), indexKey(index, now));
                        long entrySize = ItemSize.of(newEntry != null ? newEntry : oldEntry);
                        indexUnits += (moved ? 2 : 1) * Math.max(1, (entrySize + 1023) / 1024);
                    }
                }
                units += itemUnits + indexUnits;
                items.add(String.format(Locale.ROOT, "%s %s (%s, %d B: %d%s)", spec.name(),
                        describe(spec, key), old == null ? "new" : now == null ? "removed" : "changed", size, itemUnits,
                        indexUnits == 0 ? "" : " + " + indexUnits + " index"));
            }
        }
        items.sort(null);
        return new Written(items, units);
    }

    private static Map<String, AttributeValue> key(TableSpec spec, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(spec.partitionKey().name(), item.get(spec.partitionKey().name()));
        if (spec.sortKey() != null) {
            key.put(spec.sortKey().name(), item.get(spec.sortKey().name()));
        }
        return key;
    }

    private static Map<String, AttributeValue> indexKey(TableSpec.Index index, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>();
        if (index.partitionKey() != null) {
            key.put(index.partitionKey().name(), item.get(index.partitionKey().name()));
        }
        if (index.sortKey() != null) {
            key.put(index.sortKey().name(), item.get(index.sortKey().name()));
        }
        return key;
    }

    /** The index's entry for an item (null if the item is not in the index: a sparse key absent). */
    private static Map<String, AttributeValue> entry(TableSpec spec, TableSpec.Index index,
            Map<String, AttributeValue> item) {
        if (item == null) {
            return null;
        }
        Map<String, AttributeValue> indexKey = indexKey(index, item);
        if (indexKey.containsValue(null)) {
            return null;
        }
        if (index.projection().equals("ALL")) {
            return item;
        }
        Map<String, AttributeValue> entry = new HashMap<>(key(spec, item));
        entry.putAll(indexKey);
        if (index.projection().equals("INCLUDE")) {
            for (String attribute : index.nonKeyAttributes()) {
                if (item.containsKey(attribute)) {
                    entry.put(attribute, item.get(attribute));
                }
            }
        }
        return entry;
    }

    private static String describe(TableSpec spec, Map<String, AttributeValue> key) {
        String pk = key.get(spec.partitionKey().name()).s();
        return spec.sortKey() == null ? pk : pk + " " + key.get(spec.sortKey().name()).s();
    }
}
