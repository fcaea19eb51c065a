package io.baton.engine.session;

import io.baton.engine.model.PoolMetric;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The Java side of one pool's metrics: each node's latest reading per metric and their running sum,
 * so a sample costs a few array operations, not a rule evaluation. The pool mean goes into the
 * {@link PoolMetric}'s series on every sample; the median when a second closes.
 */
final class PoolAggregate {
    private final String pool;
    private final int historySeconds;
    private final Map<String, Integer> nodeSlots = new HashMap<>();
    private final Map<String, MetricState> metrics = new HashMap<>();
    private final int maxMetrics;
    private int slots;
    private final java.util.ArrayDeque<Integer> free = new java.util.ArrayDeque<>();

    /** The slot key of pool-level readings (no node tag); node ids are never empty. */
    static final String POOL_LEVEL = "";

    PoolAggregate(String pool, int historySeconds, int maxMetrics) {
        this.pool = pool;
        this.historySeconds = historySeconds;
        this.maxMetrics = maxMetrics;
    }

    /** The pool's name. */
    String pool() { return pool; }

    /** The slot of a node, allocated on first sight; slots of nodes that left are used again, so churn does not grow the arrays. */
    int slot(String node) {
        Integer s = nodeSlots.get(node);
        if (s != null) return s;
        Integer reused = free.poll();
        int fresh = reused != null ? reused : slots++;
        nodeSlots.put(node, fresh);
        return fresh;
    }

    /**
     * Folds one reading in, from {@code node} or, for {@link #POOL_LEVEL}, from the pool as a whole
     * (a load balancer's rate, a queue depth): that reading feeds the pool's value and never counts as
     * a node. Returns the pool metric's state, with {@code created[0]} telling whether this reading created it
     * (so the caller inserts it); null when the metric is new and the pool already has the most
     * metrics it may have.
     */
    MetricState record(String node, String metric, double value, long time, boolean[] created) {
        return record(slot(node), POOL_LEVEL.equals(node), metric, value, time, created);
    }

    /** {@link #record(String, String, double, long, boolean[])} for a node whose slot the caller keeps. */
    MetricState record(int slot, boolean poolLevel, String metric, double value, long time, boolean[] created) {
        MetricState m = metrics.get(metric);
        created[0] = m == null;
        if (m == null) {
            if (metrics.size() >= maxMetrics) return null;
            m = new MetricState(new PoolMetric(pool, metric, historySeconds));
            metrics.put(metric, m);
        }
        m.record(slot, poolLevel, value, time);
        return m;
    }

    /**
     * The pool's total of {@code metric} now: its pool-level reading when it has one (a load balancer's
     * rate), else the sum of its nodes' latest readings; NaN when nothing was read.
     */
    double total(String metric) {
        MetricState m = metrics.get(metric);
        if (m == null || m.count == 0) return Double.NaN;
        if (m.present(m.poolSlot)) return m.vals[m.poolSlot];
        return m.sum;
    }

    /** How many node slots were ever allocated (the arrays' length follows it). */
    int slotCount() { return slots; }

    /** How many metrics the pool has. */
    int metricCount() { return metrics.size(); }

    /** Forgets a node (it terminated); returns the metrics whose value changed. */
    Iterable<MetricState> removeNode(String node, long time) {
        Integer s = nodeSlots.remove(node);
        java.util.List<MetricState> changed = new java.util.ArrayList<>();
        if (s == null) return changed;
        for (MetricState m : metrics.values()) {
            if (m.remove(s, time)) changed.add(m);
        }
        free.push(s);
        return changed;
    }

    Iterable<PoolMetric> facts() {
        return metrics.values().stream().map(m -> m.fact).toList();
    }

    /** The states of the pool's metrics. */
    Iterable<MetricState> states() { return metrics.values(); }

    /**
     * One metric of the pool: the nodes' latest readings and the fact the rules see. The engine keeps with it
     * the fact's session handle and whether the fact waits for the next flush, so a changed metric costs no lookup.
     */
    static final class MetricState {
        final PoolMetric fact;
        /** The fact's handle in the session, once inserted. */
        FactRef ref;
        /** Whether the fact changed since the last flush (it is then in the engine's list of changed metrics). */
        boolean dirty;
        /** Whether the rules of {@link #generation} can see the fact at all (see {@link VisibleMetrics}). */
        boolean visible;
        int generation = -1;
        /**
         * The nodes' latest readings by slot (NaN: none; readings are finite) in the first half, and the present
         * ones sorted (see {@link SortedValues}) from {@link #cap}: one array, so a reading touches one.
         */
        double[] vals = initial(4);
        /** Slots in {@link #vals}: the sorted readings start here. */
        int cap = 4;
        /** The median of the present readings, taken as they change (while their sorted array is in the cache). */
        double median = Double.NaN;
        double sum;
        int count;
        int poolSlot = -1;

        MetricState(PoolMetric fact) { this.fact = fact; }

        private static double[] initial(int slots) {
            double[] a = new double[slots * 2];
            Arrays.fill(a, 0, slots, Double.NaN);
            return a;
        }

        boolean present(int slot) {
            return slot >= 0 && slot < cap && !Double.isNaN(vals[slot]);
        }

        void record(int slot, boolean poolLevel, double value, long time) {
            if (poolLevel) poolSlot = slot;
            if (Double.isNaN(value) || Double.isInfinite(value)) return;
            if (slot >= cap) {
                int n = Math.max(slot + 1, cap * 2);
                double[] grown = initial(n);
                System.arraycopy(vals, 0, grown, 0, cap);
                System.arraycopy(vals, cap, grown, n, count);
                vals = grown;
                cap = n;
            }
            if (fact.series().opensNewSecond(time) && count > 0) fact.series().closeMedian(median());
            double old = vals[slot];
            if (!Double.isNaN(old)) {
                sum += value - old;
                SortedValues.replace(vals, cap, count, old, value);
            } else {
                sum += value;
                SortedValues.add(vals, cap, count, value);
                count++;
            }
            vals[slot] = value;
            median = SortedValues.median(vals, cap, count);
            if (Math.abs(sum) < 1e-9) sum = 0; // the running sum drifts by rounding; keep an idle pool at exactly 0
            fact.series().record(time, sum / count);
            fact.setNodes(nodes());
        }

        /** Readings from nodes, leaving out a pool-level one. */
        int nodes() {
            return count - (present(poolSlot) ? 1 : 0);
        }

        boolean remove(int slot, long time) {
            if (!present(slot)) return false;
            double old = vals[slot];
            vals[slot] = Double.NaN;
            sum -= old;
            SortedValues.remove(vals, cap, count, old);
            count--;
            median = SortedValues.median(vals, cap, count);
            if (count == 0 || Math.abs(sum) < 1e-9) sum = 0;
            fact.setNodes(nodes());
            if (count > 0) {
                fact.series().record(Math.max(time, fact.series().newestMillis()), sum / count);
            }
            fact.setMedian(count > 0 ? median() : Double.NaN);
            return true;
        }

        /** The median of the present readings (kept sorted as they change, see {@link SortedValues}); NaN when none. */
        double median() {
            return median;
        }

        /** Sets the current median on the fact; called when the fact is flushed to the session. */
        void refreshMedian() {
            if (count > 0) fact.setMedian(median());
        }
    }
}
