package io.baton.reports.backtest;

/**
 * A fixed number of buckets over the period, each holding the mean of L(t)/n(t) and of n(t) over its seconds,
 * so a month's chart costs the same memory as an hour's. L(t)/n(t) with no node and some load counts as
 * {@link #OVERLOAD}.
 */
final class Chart {
    static final int BUCKETS = 720;
    static final double OVERLOAD = 1000;
    private final long from;
    private final long width;
    private final double[] load;
    private final double[] nodes;
    private final int[] count;

    Chart(long from, long to) {
        this.from = from;
        int seconds = (int) Math.max(1, (to - from + 999) / 1000);
        int buckets = Math.min(BUCKETS, seconds);
        this.width = ((long) seconds * 1000 + buckets - 1) / buckets;
        this.load = new double[buckets];
        this.nodes = new double[buckets];
        this.count = new int[buckets];
    }

    void second(long t, double perNode, int n) {
        int b = bucket(t);
        load[b] += Math.min(perNode, OVERLOAD);
        nodes[b] += n;
        count[b]++;
    }

    /** Adds {@code nodes} running over {@code [start, end)}, for a recorded fleet's n(t) (its means come out per bucket). */
    void span(long start, long end, double n) {
        for (long s = start; s < end; ) {
            int b = bucket(s);
            long bucketEnd = from + (b + 1) * width;
            long e = Math.min(end, bucketEnd);
            nodes[b] += n * (e - s) / 1000.0;
            s = e;
        }
    }

    private int bucket(long t) { return (int) Math.max(0, Math.min(load.length - 1, (t - from) / width)); }

    int buckets() { return load.length; }
    long bucketStart(int b) { return from + b * width; }
    long width() { return width; }
    double meanLoad(int b) { return count[b] == 0 ? 0 : load[b] / count[b]; }
    double meanNodes(int b) { return count[b] == 0 ? 0 : nodes[b] / count[b]; }
    /** For {@link #span}: node-seconds over the bucket's length. */
    double meanSpanNodes(int b) { return nodes[b] / (width / 1000.0); }
}
