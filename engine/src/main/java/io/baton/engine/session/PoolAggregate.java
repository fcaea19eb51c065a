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
    private int slots;

    PoolAggregate(String pool, int historySeconds) {
        this.pool = pool;
        this.historySeconds = historySeconds;
    }

    /** The slot of a node, allocated on first sight. */
    int slot(String node) {
        Integer s = nodeSlots.get(node);
        if (s != null) return s;
        int fresh = slots++;
        nodeSlots.put(node, fresh);
        return fresh;
    }

    /**
     * Folds one reading in. Returns the pool metric if it was created by this reading (so the caller
     * inserts it), else null.
     */
    PoolMetric record(String node, String metric, double value, long time, boolean[] created) {
        MetricState m = metrics.get(metric);
        created[0] = m == null;
        if (m == null) {
            m = new MetricState(new PoolMetric(pool, metric, historySeconds));
            metrics.put(metric, m);
        }
        m.record(slot(node), value, time);
        return m.fact;
    }

    /** Forgets a node (it terminated); returns the metrics whose value changed. */
    Iterable<PoolMetric> removeNode(String node, long time) {
        Integer s = nodeSlots.remove(node);
        java.util.List<PoolMetric> changed = new java.util.ArrayList<>();
        if (s == null) return changed;
        for (MetricState m : metrics.values()) {
            if (m.remove(s, time)) changed.add(m.fact);
        }
        return changed;
    }

    Iterable<PoolMetric> facts() {
        return metrics.values().stream().map(m -> m.fact).toList();
    }

    private static final class MetricState {
        final PoolMetric fact;
        double[] latest = new double[4];
        boolean[] present = new boolean[4];
        double sum;
        int count;

        MetricState(PoolMetric fact) { this.fact = fact; }

        void record(int slot, double value, long time) {
            if (Double.isNaN(value) || Double.isInfinite(value)) return;
            if (slot >= latest.length) {
                int n = Math.max(slot + 1, latest.length * 2);
                latest = Arrays.copyOf(latest, n);
                present = Arrays.copyOf(present, n);
            }
            if (fact.series().opensNewSecond(time) && count > 0) fact.series().closeMedian(median());
            if (present[slot]) {
                sum += value - latest[slot];
            } else {
                present[slot] = true;
                sum += value;
                count++;
            }
            latest[slot] = value;
            if (Math.abs(sum) < 1e-9) sum = 0; // the running sum drifts by rounding; keep an idle pool at exactly 0
            fact.series().record(time, sum / count);
            fact.setNodes(count);
        }

        boolean remove(int slot, long time) {
            if (slot >= present.length || !present[slot]) return false;
            present[slot] = false;
            sum -= latest[slot];
            count--;
            if (count == 0 || Math.abs(sum) < 1e-9) sum = 0;
            fact.setNodes(count);
            if (count > 0) {
                fact.series().record(Math.max(time, fact.series().newestMillis()), sum / count);
            }
            fact.setMedian(count > 0 ? median() : Double.NaN);
            return true;
        }

        /** Refreshes the fact's current median; called when the fact is flushed to the session. */
        double median() {
            double[] v = new double[count];
            int k = 0;
            for (int i = 0; i < present.length && k < count; i++) if (present[i]) v[k++] = latest[i];
            Arrays.sort(v);
            return k == 0 ? Double.NaN : (k % 2 == 1 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2);
        }
    }

    /** Sets the current median on each of the given facts (cheap for the few that changed in a flush). */
    void refreshMedian(PoolMetric fact) {
        MetricState m = metrics.get(fact.getMetric());
        if (m != null && m.fact == fact && m.count > 0) fact.setMedian(m.median());
    }
}
