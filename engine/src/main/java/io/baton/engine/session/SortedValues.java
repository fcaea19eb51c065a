package io.baton.engine.session;

import java.util.Arrays;

/**
 * A multiset of doubles kept sorted in an array, for a pool's median: a reading that changes moves one
 * element instead of sorting a copy of all of them. Pools are small, so the shifts cost a few words. The
 * order is {@link Double#compare}'s, the one {@link Arrays#sort(double[])} uses, so the array is exactly
 * the one sorting a copy would give, and so is the median. NaN is never put in (readings are finite).
 *
 * <p>The static methods work on {@code n} sorted elements from {@code off} in an array the caller owns (a
 * pool metric keeps them right after its nodes' latest readings, in the same array, so that a reading touches
 * one array); an instance is such a region of its own. Not thread-safe: the engine owns it.
 */
final class SortedValues {
    private double[] v = new double[4];
    private int n;

    int size() { return n; }

    void add(double x) {
        if (n == v.length) v = Arrays.copyOf(v, n * 2);
        add(v, 0, n++, x);
    }

    /** Removes one element equal to {@code x} (by {@link Double#compare}); it must be present. */
    void remove(double x) { remove(v, 0, n--, x); }

    /** Puts {@code x} in the place of one element equal to {@code old}, which must be present. */
    void replace(double old, double x) { replace(v, 0, n, old, x); }

    /** The median: the middle element, or the mean of the two middle ones; NaN when empty. */
    double median() { return median(v, 0, n); }

    /** Inserts {@code x} among the {@code n} sorted elements at {@code off}; the array must have room for one more. */
    static void add(double[] a, int off, int n, double x) {
        int i = insertionPoint(a, off, n, x);
        System.arraycopy(a, i, a, i + 1, off + n - i);
        a[i] = x;
    }

    /** Removes one element equal to {@code x} from the {@code n} sorted elements at {@code off}. */
    static void remove(double[] a, int off, int n, double x) {
        int i = indexOf(a, off, n, x);
        System.arraycopy(a, i + 1, a, i, off + n - i - 1);
    }

    /** Puts {@code x} in the place of one element equal to {@code old} among the {@code n} sorted elements at {@code off}. */
    static void replace(double[] a, int off, int n, double old, double x) {
        int i = indexOf(a, off, n, old);
        if (Double.compare(old, x) == 0) return;
        int j = i;
        if (Double.compare(x, old) > 0) { // slide the larger neighbours down until x fits
            while (j + 1 < off + n && Double.compare(a[j + 1], x) < 0) {
                a[j] = a[j + 1];
                j++;
            }
        } else {
            while (j > off && Double.compare(a[j - 1], x) > 0) {
                a[j] = a[j - 1];
                j--;
            }
        }
        a[j] = x;
    }

    /** The median of the {@code n} sorted elements at {@code off}; NaN when there are none. */
    static double median(double[] a, int off, int n) {
        return n == 0 ? Double.NaN : (n % 2 == 1 ? a[off + n / 2] : (a[off + n / 2 - 1] + a[off + n / 2]) / 2);
    }

    /** The first index whose element is greater than {@code x}. */
    private static int insertionPoint(double[] a, int off, int n, double x) {
        int lo = off, hi = off + n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Double.compare(a[mid], x) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Up to this many elements, {@link #indexOf} scans instead of bisecting (see there). */
    private static final int SCAN = 32;

    /**
     * The index of one element equal to {@code x}. A pool's few readings are scanned in order: the array is often
     * not in the cache when a reading comes (a fleet's pools do not fit), and a scan's loads do not wait for each
     * other the way a bisection's do, so the memory fetches its cache lines at once instead of one after another.
     */
    private static int indexOf(double[] a, int off, int n, double x) {
        if (n <= SCAN) {
            for (int i = off; i < off + n; i++) if (Double.compare(a[i], x) == 0) return i;
            throw new IllegalStateException("not present: " + x);
        }
        int lo = off, hi = off + n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Double.compare(a[mid], x);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        throw new IllegalStateException("not present: " + x);
    }
}
