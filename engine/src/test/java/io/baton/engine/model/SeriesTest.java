package io.baton.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The series answers like {@link ReferenceSeries}, the plain statement of its window semantics, and its windows
 * are exact to the millisecond: "above X for W seconds" holds from the first reading taken at least W seconds
 * after the first reading above X, never earlier.
 */
class SeriesTest {
    private static final int[] WINDOWS = {0, 1, 5, 59, 60, 119, 120, 299, 300, 600, 720, 10_000};

    @Test
    void answersLikeTheSeriesItReplacesOverRandomReadings() {
        for (long seed = 1; seed <= 40; seed++) {
            Random r = new Random(seed);
            int seconds = new int[] {60, 120, 300, 720}[r.nextInt(4)];
            Series s = new Series(seconds);
            ReferenceSeries ref = new ReferenceSeries(seconds);
            boolean medians = r.nextBoolean(); // per-node series never close a median
            long t = 1_767_225_600_000L + r.nextInt(1000);
            for (int step = 0; step < 5_000; step++) {
                int what = r.nextInt(100);
                if (what < 70) t += r.nextInt(1500);                       // the next reading, sometimes in the same second
                else if (what < 80) t -= r.nextInt(seconds * 1500);        // late, sometimes too late to matter
                else if (what < 85) t += (long) r.nextInt(seconds * 3) * 1000; // a gap, sometimes longer than the history
                else if (what < 86) t += (1L << 30) * 1000 + r.nextInt(5000); // a jump of decades: the slots move to a new base
                double v = r.nextInt(10) == 0 ? r.nextGaussian() * 1e6 : r.nextDouble() * 100;
                if (medians && s.opensNewSecond(t)) {
                    assertThat(ref.opensNewSecond(t)).isTrue();
                    double m = r.nextGaussian() * 50; // below zero too, so a median slot left at 0 instead of NaN shows
                    s.closeMedian(m);
                    ref.closeMedian(m);
                }
                assertThat(s.opensNewSecond(t)).isEqualTo(ref.opensNewSecond(t));
                s.record(t, v);
                ref.record(t, v);
                same(s, ref, "seed " + seed + " step " + step);
            }
        }
    }

    /**
     * As the engine asks: a few windows after every reading, so each answer comes from the window's memo of the
     * second before. Values from a small set, often the same for a long run, so the extreme is shared by many
     * seconds and leaves the window one tie at a time; late readings, gaps, a move to a new base, and now and then
     * a fifth window that pushes a memo out.
     */
    @Test
    void windowsAskedAfterEveryReadingAnswerLikeTheReference() {
        int[][] asked = {{0, 120}, {1, 600}, {3, 120}, {0, 5}}; // {op, seconds}: min, max, max median
        for (long seed = 1; seed <= 60; seed++) {
            Random r = new Random(seed);
            int seconds = new int[] {120, 300, 720}[r.nextInt(3)];
            Series s = new Series(seconds);
            ReferenceSeries ref = new ReferenceSeries(seconds);
            long t = 1_767_225_600_000L + r.nextInt(1000);
            double v = 50;
            for (int step = 0; step < 4_000; step++) {
                int what = r.nextInt(1000);
                if (what < 900) t += 1000 + r.nextInt(200) - 100;        // about a second later
                else if (what < 960) t += r.nextInt(400);                 // the same second, mostly
                else if (what < 980) t -= r.nextInt(seconds * 1200);      // late, sometimes too late to matter
                else if (what < 995) t += (long) r.nextInt(seconds * 2) * 1000; // a gap
                else if (what < 996) t += (1L << 30) * 1000 + r.nextInt(5000); // a new base
                if (r.nextInt(20) == 0) v = r.nextInt(4) == 0 ? -0.0 : r.nextInt(6) * 10; // long runs of one value, ties, both zeros
                else if (r.nextInt(5) == 0) v = r.nextInt(6) * 10 + (r.nextBoolean() ? 0.0 : 5);
                if (s.opensNewSecond(t)) {
                    double m = r.nextInt(3) == 0 ? Double.NaN : r.nextInt(4) * 25 - 30;
                    s.closeMedian(m);
                    ref.closeMedian(m);
                }
                s.record(t, v);
                ref.record(t, v);
                for (int[] q : asked) {
                    same(ask(s, q[0], q[1]), ask(ref, q[0], q[1]), "seed " + seed + " step " + step + " op " + q[0] + " over " + q[1]);
                }
                if (r.nextInt(50) == 0) { // a fifth window pushes one of the four memos out
                    int w = 1 + r.nextInt(seconds);
                    same(s.minOver(w), ref.minOver(w), "seed " + seed + " step " + step + " min over " + w);
                }
            }
        }
    }

    private static double ask(Series s, int op, int w) {
        return op == 0 ? s.minOver(w) : op == 1 ? s.maxOver(w) : s.maxMedianOver(w);
    }

    private static double ask(ReferenceSeries s, int op, int w) {
        return op == 0 ? s.minOver(w) : op == 1 ? s.maxOver(w) : s.maxMedianOver(w);
    }

    @Test
    void aNewBaseKeepsTheSecondsStillWithinReach() {
        for (boolean medians : new boolean[] {false, true}) {
            Series s = new Series(120);
            ReferenceSeries ref = new ReferenceSeries(120);
            long t = 1_767_225_600_000L;
            s.record(t, 1);
            ref.record(t, 1);
            // readings over the 200 seconds either side of the point where the slots move to a new base (10^6 s)
            long from = t + (1_000_000L - 100) * 1000;
            for (int i = 0; i < 200; i++) {
                long at = from + i * 1000L + (i % 7) * 100;
                double v = (i * 37) % 101 - 20;
                if (medians && s.opensNewSecond(at)) {
                    s.closeMedian(-v);
                    ref.closeMedian(-v);
                }
                s.record(at, v);
                ref.record(at, v);
                if (i % 3 == 0) { // and a late reading
                    s.record(at - 50_000, v + 1);
                    ref.record(at - 50_000, v + 1);
                }
                same(s, ref, "medians " + medians + " reading " + i);
            }
        }
    }

    @Test
    void anEmptySeriesAnswersNothing() {
        Series s = new Series(60);
        assertThat(s.latest()).isNaN();
        assertThat(s.minOver(60)).isNaN();
        assertThat(s.maxMedianOver(60)).isNaN();
        assertThat(s.covers(0)).isFalse();
        assertThat(s.newestMillis()).isEqualTo(Long.MIN_VALUE);
        s.closeMedian(5); // nothing to close yet
        assertThat(s.maxMedianOver(60)).isNaN();
    }

    @Test
    void medianIsNaNUntilOneIsClosedAndWindowsStillWork() {
        Series s = new Series(120);
        long t = 1_767_225_600_000L;
        for (int i = 0; i <= 120; i++) s.record(t + i * 1000L, 90 + (i % 3));
        assertThat(s.covers(120)).isTrue();
        assertThat(s.minOver(120)).isEqualTo(90);
        assertThat(s.maxOver(120)).isEqualTo(92);
        assertThat(s.maxMedianOver(120)).isNaN();
        s.closeMedian(40);
        assertThat(s.maxMedianOver(120)).isEqualTo(40);
        s.record(t + 121_000L, 10);
        assertThat(s.maxMedianOver(0)).as("a new second starts without a median").isNaN();
        assertThat(s.maxMedianOver(1)).isEqualTo(40);
    }

    @Test
    void aSecondRecordedBeforeTheFirstMedianHasNone() {
        Series s = new Series(60);
        long t = 1_767_225_600_000L;
        s.record(t + 10_000, 1);
        s.record(t + 5_000, 2); // late, before any median was closed
        s.closeMedian(-5);
        assertThat(s.maxMedianOver(10)).as("the late second has no median, not a median of 0").isEqualTo(-5);
    }

    private static void same(Series s, ReferenceSeries ref, String where) {
        same(s.latest(), ref.latest(), where + " latest");
        assertThat(s.newestMillis()).as(where).isEqualTo(ref.newestMillis());
        for (int w : WINDOWS) {
            assertThat(s.covers(w)).as(where + " covers " + w).isEqualTo(ref.covers(w));
            same(s.minOver(w), ref.minOver(w), where + " min " + w);
            same(s.maxOver(w), ref.maxOver(w), where + " max " + w);
            same(s.avgOver(w), ref.avgOver(w), where + " avg " + w);
            same(s.maxMedianOver(w), ref.maxMedianOver(w), where + " median " + w);
        }
    }

    /** Bit for bit, NaN included. */
    private static void same(double actual, double expected, String where) {
        assertThat(Double.doubleToLongBits(actual)).as(where + ": " + actual + " vs " + expected).isEqualTo(Double.doubleToLongBits(expected));
    }
}
