package io.baton.engine.model;

import java.util.Arrays;

/**
 * {@link Series} as it was before its slots shrank from 16 bytes to 8, or 12 with medians (it kept a long second and a
 * median array in every series), kept only to check that the new one answers exactly the same.
 */
final class ReferenceSeries {
    private final int capacity;
    private final float[] last;
    private final float[] median;
    private final long[] second;
    private long firstSecond = Long.MIN_VALUE;
    private long newestSecond = Long.MIN_VALUE;

    /** A history of {@code seconds} seconds. */
    ReferenceSeries(int seconds) {
        this.capacity = seconds + 1;
        this.last = new float[capacity];
        this.median = new float[capacity];
        this.second = new long[capacity];
        Arrays.fill(second, Long.MIN_VALUE);
        Arrays.fill(median, Float.NaN);
    }

    /**
     * Whether a reading at epoch millis {@code time} would open a second newer than any seen so far;
     * the caller then closes the newest second with {@link #closeMedian(double)} first.
     */
    public boolean opensNewSecond(long time) {
        return Math.floorDiv(time, 1000L) > newestSecond;
    }

    /** Records {@code value} at epoch millis {@code time}. */
    public void record(long time, double value) {
        long s = Math.floorDiv(time, 1000L);
        if (newestSecond != Long.MIN_VALUE && s < newestSecond - capacity + 1) return; // too old to matter
        int i = (int) Math.floorMod(s, (long) capacity);
        if (second[i] != s) {
            second[i] = s;
            median[i] = Float.NaN;
        }
        last[i] = (float) value;
        if (firstSecond == Long.MIN_VALUE || s < firstSecond) firstSecond = s;
        if (s > newestSecond) newestSecond = s;
    }

    /** Sets the second figure (the median) of the newest second, as it closes. */
    public void closeMedian(double value) {
        if (newestSecond == Long.MIN_VALUE) return;
        median[(int) Math.floorMod(newestSecond, (long) capacity)] = (float) value;
    }

    /** Whether this series has data reaching back {@code seconds} before its newest second. */
    public boolean covers(int seconds) {
        return newestSecond != Long.MIN_VALUE && newestSecond - firstSecond >= seconds;
    }

    /** The lowest closing value in the last {@code seconds} seconds, both ends included; NaN if none. */
    public double minOver(int seconds) { return fold(seconds, 0); }

    /** The highest closing value in the last {@code seconds} seconds, both ends included; NaN if none. */
    public double maxOver(int seconds) { return fold(seconds, 1); }

    /** The mean of each second's last reading over the last {@code seconds} seconds; NaN if none. */
    public double avgOver(int seconds) { return fold(seconds, 2); }

    /** The highest per-second median over the last {@code seconds} seconds; NaN if none. */
    public double maxMedianOver(int seconds) { return fold(seconds, 3); }

    /** The newest reading; NaN if none. */
    public double latest() {
        if (newestSecond == Long.MIN_VALUE) return Double.NaN;
        return last[(int) Math.floorMod(newestSecond, (long) capacity)];
    }

    /** The newest second, as epoch millis; {@link Long#MIN_VALUE} if none. */
    public long newestMillis() { return newestSecond == Long.MIN_VALUE ? Long.MIN_VALUE : newestSecond * 1000L; }

    private double fold(int seconds, int op) {
        if (newestSecond == Long.MIN_VALUE) return Double.NaN;
        int span = Math.min(seconds, capacity - 1);
        double acc = op == 0 ? Double.POSITIVE_INFINITY : op == 2 ? 0 : Double.NEGATIVE_INFINITY;
        int n = 0;
        for (long s = newestSecond - span; s <= newestSecond; s++) {
            int i = (int) Math.floorMod(s, (long) capacity);
            if (second[i] != s) continue;
            switch (op) {
                case 0 -> acc = Math.min(acc, last[i]);
                case 1 -> acc = Math.max(acc, last[i]);
                case 2 -> acc += last[i];
                default -> {
                    if (Float.isNaN(median[i])) continue;
                    acc = Math.max(acc, median[i]);
                }
            }
            n++;
        }
        if (n == 0) return Double.NaN;
        return op == 2 ? acc / n : acc;
    }
}
