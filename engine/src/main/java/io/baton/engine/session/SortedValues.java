package io.baton.engine.session;

import java.util.Arrays;

/**
 * A multiset of doubles kept sorted in an array, for a pool's median: a reading that changes moves one
 * element instead of sorting a copy of all of them. Pools are small, so the shifts cost a few words. The
 * order is {@link Double#compare}'s, the one {@link Arrays#sort(double[])} uses, so the array is exactly
 * the one sorting a copy would give, and so is the median. NaN is never put in (readings are finite).
 * Not thread-safe: the engine owns it.
 */
final class SortedValues {
    private double[] v = new double[4];
    private int n;

    int size() { return n; }

    void add(double x) {
        if (n == v.length) v = Arrays.copyOf(v, n * 2);
        int i = insertionPoint(x);
        System.arraycopy(v, i, v, i + 1, n - i);
        v[i] = x;
        n++;
    }

    /** Removes one element equal to {@code x} (by {@link Double#compare}); it must be present. */
    void remove(double x) {
        int i = indexOf(x);
        System.arraycopy(v, i + 1, v, i, n - i - 1);
        n--;
    }

    /** Puts {@code x} in the place of one element equal to {@code old}, which must be present. */
    void replace(double old, double x) {
        int i = indexOf(old);
        if (Double.compare(old, x) == 0) return;
        if (Double.compare(x, old) > 0) {
            int j = i; // slide the larger neighbours down until x fits
            while (j + 1 < n && Double.compare(v[j + 1], x) < 0) {
                v[j] = v[j + 1];
                j++;
            }
            v[j] = x;
        } else {
            int j = i;
            while (j > 0 && Double.compare(v[j - 1], x) > 0) {
                v[j] = v[j - 1];
                j--;
            }
            v[j] = x;
        }
    }

    /** The median: the middle element, or the mean of the two middle ones; NaN when empty. */
    double median() {
        int k = n;
        return k == 0 ? Double.NaN : (k % 2 == 1 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2);
    }

    /** The first index whose element is greater than {@code x}. */
    private int insertionPoint(double x) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Double.compare(v[mid], x) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private int indexOf(double x) {
        int lo = 0, hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Double.compare(v[mid], x);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        throw new IllegalStateException("not present: " + x);
    }
}
