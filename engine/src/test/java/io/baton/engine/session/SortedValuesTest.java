package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The incremental median against the naive one (a sorted copy of every reading), over random readings. */
class SortedValuesTest {

    /** The median the engine used to take: sort a copy of the readings. */
    static double naiveMedian(List<Double> values) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = values.get(i);
        Arrays.sort(v);
        int k = v.length;
        return k == 0 ? Double.NaN : (k % 2 == 1 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2);
    }

    @Test void matchesSortingACopyBitForBitOverRandomAddsReplacesAndRemoves() {
        for (long seed = 1; seed <= 200; seed++) {
            Random r = new Random(seed);
            SortedValues sorted = new SortedValues();
            List<Double> naive = new ArrayList<>();
            for (int op = 0; op < 2_000; op++) {
                int what = naive.isEmpty() ? 0 : r.nextInt(10);
                if (what < 3 && naive.size() < 40) {
                    double x = value(r);
                    sorted.add(x);
                    naive.add(x);
                } else if (what < 5) {
                    double old = naive.remove(r.nextInt(naive.size()));
                    sorted.remove(old);
                } else {
                    int i = r.nextInt(naive.size());
                    double x = value(r);
                    sorted.replace(naive.get(i), x);
                    naive.set(i, x);
                }
                assertThat(sorted.size()).isEqualTo(naive.size());
                assertThat(Double.doubleToRawLongBits(sorted.median()))
                        .as("seed %d op %d %s", seed, op, naive).isEqualTo(Double.doubleToRawLongBits(naiveMedian(naive)));
            }
        }
    }

    /** Duplicates, both zeros, negatives, huge and tiny values: the cases where an order could slip. */
    private static double value(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> r.nextInt(5); // many duplicates
            case 3 -> -r.nextInt(5) - 0.5;
            case 4 -> r.nextBoolean() ? Double.MAX_VALUE : -Double.MAX_VALUE;
            case 5 -> Double.MIN_VALUE * r.nextInt(3);
            default -> r.nextGaussian() * 100;
        };
    }

    @Test void medianOfWorkedExamples() {
        SortedValues s = new SortedValues();
        assertThat(s.median()).isNaN();
        s.add(5);
        assertThat(s.median()).isEqualTo(5);
        s.add(1);
        assertThat(s.median()).isEqualTo(3);
        s.add(9);
        assertThat(s.median()).isEqualTo(5);
        s.replace(5, 20); // 1 9 20
        assertThat(s.median()).isEqualTo(9);
        s.replace(1, 30); // 9 20 30
        assertThat(s.median()).isEqualTo(20);
        s.remove(30); // 9 20
        assertThat(s.median()).isEqualTo(14.5);
    }
}
