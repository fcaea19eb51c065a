package io.baton.engine.model;

/**
 * The rolling history of one metric of one node, for rules that judge single nodes (a degraded
 * node). The engine keeps these only for the metrics it is told to ({@code nodeMetrics}), since a
 * fleet of 10,000 nodes would otherwise carry 50,000 histories.
 */
public final class NodeMetric {
    private final String pool;
    private final String node;
    private final String metric;
    private final Series series;

    public NodeMetric(String pool, String node, String metric, int historySeconds) {
        this.pool = pool;
        this.node = node;
        this.metric = metric;
        this.series = new Series(historySeconds);
    }

    public String getPool() { return pool; }
    public String getNode() { return node; }
    public String getMetric() { return metric; }
    /** The newest reading. */
    public double getValue() { return series.latest(); }
    /** Whether a reading exists at or before {@code seconds} before the newest one (see {@link io.baton.engine.model.Series}). */
    public boolean covers(int seconds) { return series.covers(seconds); }
    /** The lowest reading in the window of {@code seconds} seconds (from the last reading at or before newest − seconds). */
    public double minOver(int seconds) { return series.minOver(seconds); }
    /** The highest reading in the window of {@code seconds} seconds. */
    public double maxOver(int seconds) { return series.maxOver(seconds); }
    /** The average of the per-second readings in the window of {@code seconds} seconds. */
    public double avgOver(int seconds) { return series.avgOver(seconds); }

    public Series series() { return series; }

    @Override public String toString() {
        return String.format(java.util.Locale.ROOT, "NodeMetric(%s/%s %s=%.2f min(2m)=%.2f)", pool, node, metric, getValue(), minOver(120));
    }
}
