package io.baton.engine.model;

/**
 * The rolling aggregate of one metric over a pool's nodes, kept in Java and handed to the rules as
 * one fact per pool and metric. Its value at any moment is the mean of each node's latest reading;
 * the window methods look back from the newest reading, to the millisecond (see {@link Series}): the
 * window of W seconds runs from the last reading at or before newest − W through the newest. The engine
 * updates the fact in the session whenever new readings arrive, before the evaluation they trigger.
 *
 * <p>Rules read it like this: {@code PoolMetric(metric == "cpu", covers(120), minOver(120) > 80)}
 * is "CPU above 80 for the last 2 minutes, without a dip": it holds from the first reading taken at
 * least 120 s after the first reading above 80, never earlier.
 */
public final class PoolMetric {
    private final String pool;
    private final String metric;
    private final Series series;
    private final double factor;
    private double median = Double.NaN;
    private int nodes;

    public PoolMetric(String pool, String metric, int historySeconds) {
        this(pool, metric, new Series(historySeconds), 1.0);
    }

    private PoolMetric(String pool, String metric, Series series, double factor) {
        this.pool = pool;
        this.metric = metric;
        this.series = series;
        this.factor = factor;
    }

    /**
     * A what-if view of this metric: every value multiplied by {@code factor}. The flap guard uses it
     * to ask whether removing nodes would make the rules scale out again.
     */
    public PoolMetric projected(double factor) {
        PoolMetric p = new PoolMetric(pool, metric, series, this.factor * factor);
        p.median = median;
        p.nodes = nodes;
        return p;
    }

    public String getPool() { return pool; }
    public String getMetric() { return metric; }
    /** The mean of the nodes' latest readings. */
    public double getValue() { return series.latest() * factor; }
    /** The median of the nodes' latest readings. */
    public double getMedian() { return median * factor; }
    /** How many nodes report this metric. */
    public int getNodes() { return nodes; }

    /** Whether a reading exists at or before {@code seconds} before the newest one. */
    public boolean covers(int seconds) { return series.covers(seconds); }
    /** The lowest pool mean in the window of {@code seconds} seconds (from the last reading at or before newest − seconds). */
    public double minOver(int seconds) { return series.minOver(seconds) * factor; }
    /** The highest pool mean in the window of {@code seconds} seconds. */
    public double maxOver(int seconds) { return series.maxOver(seconds) * factor; }
    /** The average of the per-second pool means in the window of {@code seconds} seconds. */
    public double avgOver(int seconds) { return series.avgOver(seconds) * factor; }
    /** The highest per-second pool median in the window of {@code seconds} seconds. */
    public double maxMedianOver(int seconds) { return series.maxMedianOver(seconds) * factor; }

    public Series series() { return series; }
    public void setMedian(double median) { this.median = median; }
    public void setNodes(int nodes) { this.nodes = nodes; }

    @Override public String toString() {
        return String.format(java.util.Locale.ROOT, "PoolMetric(%s %s=%.2f median=%.2f nodes=%d min(2m)=%.2f max(2m)=%.2f)",
                pool, metric, getValue(), getMedian(), nodes, minOver(120), maxOver(120));
    }
}
