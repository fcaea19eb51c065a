package io.baton.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Windows exact to the millisecond: "above 80 for 2 minutes" ({@code covers(120) && minOver(120) > 80}, as the
 * shipped rule asks it) holds on the first reading taken at least 120 s after the first reading above 80, on that
 * reading itself, and never earlier.
 */
class SeriesWindowTest {
    /** A whole second, 2026-01-01T00:00:00Z. */
    private static final long T = 1_767_225_600_000L;

    private static boolean above80For2Minutes(Series s) {
        return s.covers(120) && s.minOver(120) > 80;
    }

    @Test
    void holdsOnTheReadingTwoMinutesAfterTheFirstHighOneNotOnTheOneBefore() {
        Series s = new Series(720);
        long first = T + 300; // readings at x.3 s: 50 until -0.7 s, 95 from 0.3 s
        for (int k = -10; k < 0; k++) s.record(first + k * 1000L, 50);
        for (int k = 0; k < 120; k++) {
            s.record(first + k * 1000L, 95);
            assertThat(above80For2Minutes(s)).as("reading %d.3 s, %d s after the first high one", k, k).isFalse();
        }
        s.record(first + 120_000, 95);
        assertThat(above80For2Minutes(s)).as("the reading at 120.3 s").isTrue();
    }

    @Test
    void aReadingOneHundredthOfASecondShortOfTwoMinutesDoesNotCountInTheNewSecond() {
        Series s = new Series(720);
        s.record(T - 20, 50);
        s.record(T + 980, 95);   // the first high reading, late in second 0
        s.record(T + 120_970, 95); // second 120, but 119.99 s after it
        assertThat(above80For2Minutes(s)).isFalse();
        s.record(T + 120_980, 95); // 120.00 s after it, same second
        assertThat(above80For2Minutes(s)).isTrue();
    }

    @Test
    void aSparseSeriesCountsFromItsLastReadingAtOrBeforeTheCut() {
        Series s = new Series(720);
        s.record(T, 50);
        s.record(T + 10_500, 95);  // first high at 10.5 s
        s.record(T + 125_000, 95); // 114.5 s later: the window of 120 s reaches back to the 50 at 0 s
        assertThat(s.covers(120)).isTrue();
        assertThat(s.minOver(120)).isEqualTo(50);
        s.record(T + 130_499, 95);
        assertThat(above80For2Minutes(s)).as("1 ms short").isFalse();
        s.record(T + 130_500, 95);
        assertThat(above80For2Minutes(s)).isTrue();
        assertThat(s.avgOver(120)).isEqualTo(95);
        assertThat(s.maxOver(0)).isEqualTo(95);
    }

    @Test
    void coversNeedsAReadingAtOrBeforeTheCut() {
        Series s = new Series(120);
        s.record(T + 250, 1);
        s.record(T + 120_249, 1);
        assertThat(s.covers(120)).isFalse();
        s.record(T + 120_250, 1);
        assertThat(s.covers(120)).isTrue();
        assertThat(s.newestMillis()).isEqualTo(T + 120_250);
    }

    @Test
    void aSecondCountsByItsClosingReadingAndItsTime() {
        Series s = new Series(720);
        s.record(T + 100, 95);
        s.record(T + 600, 70); // the second closes at 70: it is not high
        s.record(T + 1_100, 95);
        for (int k = 2; k <= 121; k++) s.record(T + k * 1000L + 100, 95);
        assertThat(above80For2Minutes(s)).as("121.1 s: 120.0 s after the first high closing reading at 1.1 s").isTrue();
        Series late = new Series(720);
        late.record(T + 100, 70);
        late.record(T + 600, 95); // the second closes high at 0.6 s
        late.record(T + 120_500, 95);
        assertThat(above80For2Minutes(late)).as("119.9 s after the closing reading").isFalse();
        late.record(T + 120_600, 95);
        assertThat(above80For2Minutes(late)).isTrue();
    }

    /**
     * Random readings at random sub-second times (at most one per second, so each reading is its second's
     * closing one): the condition holds exactly when some reading at t0 at or before newest - 120 s started a
     * run of readings all above 80 that lasts to the newest, worked out here by walking every reading.
     */
    @Test
    void holdsExactlyWhenARunAbove80ReachesBackTwoMinutes() {
        for (long seed = 1; seed <= 30; seed++) {
            Random r = new Random(seed);
            Series s = new Series(720);
            List<long[]> readings = new ArrayList<>(); // {time, above 80 ? 1 : 0}
            long t = T + r.nextInt(1000);
            int fired = 0;
            for (int step = 0; step < 3_000; step++) {
                t += 1000 + r.nextInt(r.nextInt(10) == 0 ? 20_000 : 1_500); // the next second or later
                boolean high = r.nextInt(60) != 0;
                s.record(t, high ? 95 : 50);
                readings.add(new long[] {t, high ? 1 : 0});
                boolean expected = false;
                for (int i = readings.size() - 1; i >= 0 && readings.get(i)[1] == 1; i--) {
                    if (readings.get(i)[0] <= t - 120_000) {
                        expected = true;
                        break;
                    }
                }
                assertThat(above80For2Minutes(s)).as("seed %d reading %d at +%d ms", seed, step, t - T).isEqualTo(expected);
                if (expected) fired++;
            }
            assertThat(fired).as("seed %d exercised the condition", seed).isPositive();
        }
    }
}
