package io.baton.engine.model;

import java.util.Arrays;

/**
 * A per-second rolling history of one value: for each second the value it closed at (its last
 * reading), and a second figure (the pool median) taken when the second closes. Judging each second by
 * its closing value keeps a pool mean from "dipping" while its nodes report one after another within
 * a second. Memory is fixed at construction, so it stays flat however long the engine runs: 8 bytes a
 * second, and 4 more once a median is closed (per-node histories never close one).
 * Not thread-safe: the engine owns it.
 *
 * <p>Windows are counted back from the newest second this series has seen, never from a wall clock,
 * so a window answer depends only on the data in it.
 */
public final class Series {
    /** A slot that holds no second. */
    private static final int EMPTY = Integer.MIN_VALUE;
    /** Past this distance from {@link #base} the slots are moved to a newer base, long before an int would overflow. */
    private static final long REBASE_AT = 1L << 30;
    private final int capacity;
    private final float[] last;
    /** The medians, allocated when the first one is closed. */
    private float[] median;
    /** Each slot's second, as seconds after {@link #base}; {@link #EMPTY} for none. */
    private final int[] second;
    private long base = Long.MIN_VALUE;
    private long firstSecond = Long.MIN_VALUE;
    private long newestSecond = Long.MIN_VALUE;

    /** A history of {@code seconds} seconds. */
    public Series(int seconds) {
        this.capacity = seconds + 1;
        this.last = new float[capacity];
        this.second = new int[capacity];
        Arrays.fill(second, EMPTY);
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
        if (base == Long.MIN_VALUE) base = s;
        else if (s - base >= REBASE_AT) rebase(s);
        int i = (int) Math.floorMod(s, (long) capacity);
        int at = (int) (s - base);
        if (second[i] != at) {
            second[i] = at;
            if (median != null) median[i] = Float.NaN;
        }
        last[i] = (float) value;
        if (firstSecond == Long.MIN_VALUE || s < firstSecond) firstSecond = s;
        if (s > newestSecond) newestSecond = s;
    }

    /** Moves the base to {@code s}: slots still within reach of it keep their second, older ones are emptied. */
    private void rebase(long s) {
        long shift = s - base;
        for (int i = 0; i < capacity; i++) {
            if (second[i] == EMPTY) continue;
            long at = second[i] - shift;
            second[i] = at < -capacity ? EMPTY : (int) at;
        }
        base = s;
    }

    /** Sets the second figure (the median) of the newest second, as it closes. */
    public void closeMedian(double value) {
        if (newestSecond == Long.MIN_VALUE) return;
        if (median == null) {
            median = new float[capacity];
            Arrays.fill(median, Float.NaN);
        }
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
        if (op == 3 && median == null) return Double.NaN;
        int span = Math.min(seconds, capacity - 1);
        double acc = op == 0 ? Double.POSITIVE_INFINITY : op == 2 ? 0 : Double.NEGATIVE_INFINITY;
        int n = 0;
        for (long s = newestSecond - span; s <= newestSecond; s++) {
            int i = (int) Math.floorMod(s, (long) capacity);
            if (second[i] != (int) (s - base)) continue;
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
