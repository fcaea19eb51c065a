package io.baton.reports.backtest;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A pool's recorded load L(t): the sum, over its recorded nodes, of each node's latest {@code cpu} reading,
 * where a reading counts for up to {@link #VALID_MS} after it was taken. Readings are fed oldest first.
 */
final class RecordedLoad {
    /** How long a reading counts: 30 s. */
    static final long VALID_MS = 30_000;
    private final Map<String, double[]> latest = new HashMap<>();

    /** The node's reading {@code value} taken at {@code time} (epoch millis). */
    void reading(String node, double value, long time) {
        double[] v = latest.get(node);
        if (v == null) latest.put(node, new double[] {value, time});
        else if (time >= v[1]) {
            v[0] = value;
            v[1] = time;
        }
    }

    /** L at {@code t}: readings older than 30 s are left out (and forgotten). */
    double at(long t) {
        double sum = 0;
        for (Iterator<double[]> it = latest.values().iterator(); it.hasNext(); ) {
            double[] v = it.next();
            if (t - (long) v[1] > VALID_MS) it.remove();
            else if ((long) v[1] <= t) sum += v[0];
        }
        return sum;
    }
}
