package io.baton.engine.model;

import java.util.Arrays;

/**
 * A per-second rolling history of one value, exact to the millisecond: for each second the value it
 * closed at (its last reading) with the time of that reading, and a second figure (the pool median)
 * taken when the second closes. Judging each second by its closing value keeps a pool mean from
 * "dipping" while its nodes report one after another within a second. Memory is fixed at
 * construction, so it stays flat however long the engine runs: 8 bytes a second, and 4 more once a
 * median is closed (per-node histories never close one).
 * Not thread-safe: the engine owns it.
 *
 * <p><b>Windows.</b> The window of {@code W} seconds runs from the last reading taken at or before
 * {@code newest − W} (in milliseconds, {@code newest} being the time of the newest reading) through the
 * newest reading, both included; {@link #covers(int) covers(W)} says whether such a reading exists. So
 * {@code covers(W) && minOver(W) > X} holds exactly when some reading at a time {@code t0 ≤ newest − W}
 * started a run of readings all above {@code X} that lasts to the newest: "above X for W seconds" holds
 * on the first reading taken at least W seconds after the first reading above X, never earlier, and on
 * that reading itself. Windows are counted back from the newest reading this series has seen, never
 * from a wall clock, so a window answer depends only on the data in it.
 */
public final class Series {
    /** A slot that holds no reading. */
    private static final int EMPTY = Integer.MIN_VALUE;
    /** Past this many seconds from {@link #base} the slots move to a newer base, before a millisecond offset could overflow an int. */
    private static final long REBASE_AT = 1_000_000L;
    private final int capacity;
    private final float[] last;
    /** The medians, allocated when the first one is closed. */
    private float[] median;
    /** The time of each slot's closing reading, as milliseconds after {@code base * 1000}; {@link #EMPTY} for none. */
    private final int[] at;
    /** The second the millisecond offsets count from. */
    private long base = Long.MIN_VALUE;
    private long firstSecond = Long.MIN_VALUE;
    /** The time of the closing reading of {@link #firstSecond}. */
    private long firstTime = Long.MIN_VALUE;
    private long newestSecond = Long.MIN_VALUE;
    /** The time of the newest reading: the closing reading of {@link #newestSecond}. */
    private long newestTime = Long.MIN_VALUE;
    /** Counts the writes that could change a second a memo holds: late readings and moves to a new base. */
    private long rewrites;
    /** The memos of the min, max and max-median windows asked for, made on first use (see {@link Memo}). */
    private Memo[] memos;
    private int nextMemo;

    /**
     * A history of {@code seconds} seconds: a window of up to that many seconds is exact, since it may
     * reach back to a reading of the second before its start.
     */
    public Series(int seconds) {
        this.capacity = seconds + 2;
        this.last = new float[capacity];
        this.at = new int[capacity];
        Arrays.fill(at, EMPTY);
    }

    /**
     * Whether a reading at epoch millis {@code time} would open a second newer than any seen so far;
     * the caller then closes the newest second with {@link #closeMedian(double)} first.
     */
    public boolean opensNewSecond(long time) {
        return Math.floorDiv(time, 1000L) > newestSecond;
    }

    /**
     * Records {@code value} at epoch millis {@code time}. It becomes its second's closing value; the
     * second's time is that of its latest reading.
     */
    public void record(long time, double value) {
        long s = Math.floorDiv(time, 1000L);
        if (newestSecond != Long.MIN_VALUE && s < newestSecond - capacity + 1) return; // too old to matter
        if (base == Long.MIN_VALUE) base = s;
        else if (s - base >= REBASE_AT) rebase(s);
        if (s < newestSecond) rewrites++;
        int i = (int) Math.floorMod(s, (long) capacity);
        long lo = (s - base) * 1000L;
        int offset = (int) (time - base * 1000L);
        if (at[i] < lo || at[i] >= lo + 1000) { // the slot held another second (or none)
            at[i] = offset;
            if (median != null) median[i] = Float.NaN;
        } else if (offset > at[i]) {
            at[i] = offset;
        }
        last[i] = (float) value;
        long closing = base * 1000L + at[i];
        if (firstSecond == Long.MIN_VALUE || s < firstSecond) {
            firstSecond = s;
            firstTime = closing;
        } else if (s == firstSecond) {
            firstTime = closing;
        }
        if (s >= newestSecond) {
            newestSecond = s;
            newestTime = closing;
        }
    }

    /** Moves the base to {@code s}: slots still within reach of it keep their reading, older ones are emptied. */
    private void rebase(long s) {
        long shift = (s - base) * 1000L;
        for (int i = 0; i < capacity; i++) {
            if (at[i] == EMPTY) continue;
            long moved = at[i] - shift;
            at[i] = moved < -capacity * 1000L ? EMPTY : (int) moved;
        }
        base = s;
        rewrites++;
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

    /** Whether a reading exists at or before {@code seconds} before the newest reading (to the millisecond). */
    public boolean covers(int seconds) {
        return newestSecond != Long.MIN_VALUE && firstTime <= newestTime - seconds * 1000L;
    }

    /** The lowest closing value in the window of {@code seconds} seconds (see the class comment); NaN if none. */
    public double minOver(int seconds) { return fold(seconds, 0); }

    /** The highest closing value in the window of {@code seconds} seconds; NaN if none. */
    public double maxOver(int seconds) { return fold(seconds, 1); }

    /** The mean of the seconds' closing values in the window of {@code seconds} seconds; NaN if none. */
    public double avgOver(int seconds) { return fold(seconds, 2); }

    /** The highest per-second median in the window of {@code seconds} seconds; NaN if none. */
    public double maxMedianOver(int seconds) { return fold(seconds, 3); }

    /** The newest reading; NaN if none. */
    public double latest() {
        if (newestSecond == Long.MIN_VALUE) return Double.NaN;
        return last[(int) Math.floorMod(newestSecond, (long) capacity)];
    }

    /** The time of the newest reading, epoch millis; {@link Long#MIN_VALUE} if none. */
    public long newestMillis() { return newestTime; }

    /** Whether slot {@code i} holds second {@code s}. */
    private boolean holds(int i, long s) {
        long lo = (s - base) * 1000L;
        return at[i] >= lo && at[i] < lo + 1000;
    }

    /**
     * The second the window of {@code seconds} starts at: the newest kept second whose reading was
     * taken at or before {@code newest − seconds}, or the oldest second kept when there is none.
     */
    private long windowStart(int seconds) {
        long oldest = Math.max(newestSecond - capacity + 1, firstSecond);
        long cut = newestTime - seconds * 1000L;
        long s = Math.min(Math.floorDiv(cut, 1000L), newestSecond);
        long cutOffset = cut - base * 1000L;
        for (; s >= oldest; s--) {
            int i = (int) Math.floorMod(s, (long) capacity);
            if (holds(i, s) && at[i] <= cutOffset) return s;
        }
        return oldest;
    }

    /**
     * What an earlier min, max or max-median window over the same number of seconds found in its seconds before
     * the newest: the seconds from {@code from} up to {@code to} (excluded), their extreme {@code acc}, how many of
     * them counted ({@code n}) and how many of those hold exactly {@code acc} ({@code ties}). A later window of
     * the same size drops the seconds it no longer reaches and adds the new ones, instead of walking them all;
     * while a dropped second does not take the last of the ties with it, the extreme stays. Min and max take
     * the same value whatever the order of the readings, so the answer is the one a walk over the window gives.
     */
    private static final class Memo {
        int key = Integer.MIN_VALUE;
        long from, to, rewrites;
        double acc;
        int n, ties;
    }

    private double fold(int seconds, int op) {
        if (newestSecond == Long.MIN_VALUE) return Double.NaN;
        if (op == 3 && median == null) return Double.NaN;
        if (op != 2) return memoFold(seconds, op);
        double acc = op == 0 ? Double.POSITIVE_INFINITY : op == 2 ? 0 : Double.NEGATIVE_INFINITY;
        int n = 0;
        long start = windowStart(seconds);
        int i = (int) Math.floorMod(start, (long) capacity);
        long lo = (start - base) * 1000L; // where the slot's second starts, as an offset: it holds that second when at[i] is in [lo, lo + 1000)
        for (long s = start; s <= newestSecond; s++, lo += 1000, i = i + 1 == capacity ? 0 : i + 1) {
            if (at[i] < lo || at[i] >= lo + 1000) continue;
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

    /** The value of slot {@code i} for window operation {@code op}: its closing value, or for 3 its median. */
    private double value(int i, int op) {
        return op == 3 ? median[i] : last[i];
    }

    /** Min (0), max (1) or max-median (3) over the window, from the window's memo where one fits. */
    private double memoFold(int seconds, int op) {
        long start = windowStart(seconds);
        int key = seconds * 4 + op;
        Memo m = memo(key);
        boolean max = op != 0;
        if (m.key != key || m.rewrites != rewrites || start < m.from || m.to > newestSecond
                || m.from < newestSecond - capacity + 1 || !drop(m, start, op, max)) {
            m.key = key;
            m.n = 0;
            m.ties = 0;
            m.acc = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            m.to = start;
        }
        m.from = start;
        m.rewrites = rewrites;
        add(m, m.to, newestSecond, op, max);
        m.to = newestSecond;
        double acc = m.acc;
        int n = m.n;
        int i = (int) Math.floorMod(newestSecond, (long) capacity);
        if (holds(i, newestSecond)) {
            double v = value(i, op);
            if (!Double.isNaN(v)) {
                acc = max ? Math.max(acc, v) : Math.min(acc, v);
                n++;
            }
        }
        return n == 0 ? Double.NaN : acc;
    }

    private Memo memo(int key) {
        if (memos == null) memos = new Memo[] {new Memo(), new Memo(), new Memo(), new Memo()};
        for (Memo m : memos) if (m.key == key) return m;
        Memo m = memos[nextMemo];
        nextMemo = (nextMemo + 1) % memos.length;
        m.key = Integer.MIN_VALUE;
        return m;
    }

    /** Drops the seconds from {@code m.from} up to {@code start} from the memo; false when its extreme left with them. */
    private boolean drop(Memo m, long start, int op, boolean max) {
        for (long s = m.from; s < start && s < m.to; s++) {
            int i = (int) Math.floorMod(s, (long) capacity);
            if (!holds(i, s)) continue;
            double v = value(i, op);
            if (Double.isNaN(v)) continue;
            m.n--;
            if (Double.compare(v, m.acc) == 0 && --m.ties == 0 && m.n > 0) return false;
        }
        if (m.n == 0) {
            m.ties = 0;
            m.acc = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (start > m.to) m.to = start;
        return true;
    }

    /** Adds the seconds from {@code from} up to {@code to} (excluded) to the memo. */
    private void add(Memo m, long from, long to, int op, boolean max) {
        for (long s = from; s < to; s++) {
            int i = (int) Math.floorMod(s, (long) capacity);
            if (!holds(i, s)) continue;
            double v = value(i, op);
            if (Double.isNaN(v)) continue;
            m.n++;
            int c = Double.compare(v, m.acc);
            if (c == 0) m.ties++;
            else if (max ? c > 0 : c < 0) {
                m.acc = v;
                m.ties = 1;
            }
        }
    }
}
