package io.baton.reports.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A report's CPU-seconds (keyed by pool and day) and action counts (by pool, action and day), handed out a customer at
 * a time: the figures of a pool go with the first customer whose segments name it, as
 * {@link io.baton.reports.usage.UsageSummary} attributes them over a whole report (segments in the store's order), and
 * never twice. Each customer's share keeps the order of the whole map, so sums come out as over the whole map.
 */
final class PoolShares {
    private record Entry<V>(int order, List<String> key, V value) { }

    private final Map<String, List<Entry<Double>>> cpu = new HashMap<>();
    private final Map<String, List<Entry<Long>>> actions = new HashMap<>();
    private final Set<String> claimed = new java.util.HashSet<>();

    PoolShares(Map<List<String>, Double> cpu, Map<List<String>, Long> actions) {
        index(cpu, this.cpu);
        index(actions, this.actions);
    }

    private static <V> void index(Map<List<String>, V> all, Map<String, List<Entry<V>>> byPool) {
        int i = 0;
        for (Map.Entry<List<String>, V> e : all.entrySet()) {
            byPool.computeIfAbsent(e.getKey().get(0), k -> new ArrayList<>()).add(new Entry<>(i++, e.getKey(), e.getValue()));
        }
    }

    /** The pools of {@code pools} no earlier customer claimed, now claimed. */
    Set<String> claim(Collection<String> pools) {
        Set<String> mine = new java.util.LinkedHashSet<>();
        for (String p : pools) if (!claimed.contains(p)) mine.add(p);
        claimed.addAll(mine);
        return mine;
    }

    Map<List<String>, Double> cpu(Set<String> pools) {
        return share(cpu, pools);
    }

    Map<List<String>, Long> actions(Set<String> pools) {
        return share(actions, pools);
    }

    private static <V> Map<List<String>, V> share(Map<String, List<Entry<V>>> byPool, Set<String> pools) {
        List<Entry<V>> mine = new ArrayList<>();
        for (String p : pools) mine.addAll(byPool.getOrDefault(p, List.of()));
        mine.sort(Comparator.comparingInt(Entry::order));
        Map<List<String>, V> out = new LinkedHashMap<>();
        for (Entry<V> e : mine) out.put(e.key(), e.value());
        return out;
    }
}
