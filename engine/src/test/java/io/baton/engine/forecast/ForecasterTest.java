package io.baton.engine.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The forecaster against a known seasonal series: a clean daily wave, 5-minute steps. */
class ForecasterTest {
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final int PER_DAY = 288;
    private final Forecaster forecaster = new Forecaster(Duration.ofMinutes(60));

    /** 20 at midnight, 90 at noon: low + (high - low) × (1 + cos(2π (minute − 720) / 1440)) / 2. */
    private static double wave(long step) {
        double minute = (step % PER_DAY) * 5.0;
        return 20 + 70 * (1 + Math.cos(2 * Math.PI * (minute - 720) / 1440)) / 2;
    }

    /** {@code steps} readings, the first at step {@code first} of the wave. */
    private static double[] history(long first, int steps) {
        double[] h = new double[steps];
        for (int i = 0; i < steps; i++) h[i] = wave(first + i);
        return h;
    }

    private static double mae(double[] forecast, long next) {
        double sum = 0;
        for (int i = 0; i < forecast.length; i++) sum += Math.abs(forecast[i] - wave(next + i));
        return sum / forecast.length;
    }

    @Test
    void twoWeeksOfACleanDailyPatternForecastTheNextHourWithinFivePointsByHoltWintersWeekly() {
        long first = 100; // starts at 08:20, ends wherever 14 days of steps lead
        ForecastResult r = forecaster.forecast(history(first, 14 * PER_DAY + 30), STEP);
        assertThat(r.method()).isEqualTo("holt-winters weekly");
        assertThat(r.values()).hasSize(12);
        assertThat(mae(r.values(), first + 14 * PER_DAY + 30)).isLessThanOrEqualTo(5.0);
    }

    @Test
    void threeDaysGiveHoltWintersDailyWithinFivePoints() {
        long first = 7;
        ForecastResult r = forecaster.forecast(history(first, 3 * PER_DAY + 100), STEP);
        assertThat(r.method()).isEqualTo("holt-winters daily");
        assertThat(mae(r.values(), first + 3 * PER_DAY + 100)).isLessThanOrEqualTo(5.0);
    }

    @Test
    void oneAndAHalfDaysGiveSeasonalNaiveDailyWhichRepeatsYesterday() {
        long first = 0;
        int steps = PER_DAY + PER_DAY / 2;
        ForecastResult r = forecaster.forecast(history(first, steps), STEP);
        assertThat(r.method()).isEqualTo("seasonal-naive daily");
        assertThat(mae(r.values(), first + steps)).isLessThanOrEqualTo(5.0);
        // the first value ahead is the reading one day before it
        assertThat(r.values()[0]).isEqualTo(wave(first + steps - PER_DAY));
    }

    @Test
    void gapsInTheHistoryAreBridgedAndStillForecastWithinFivePoints() {
        long first = 50;
        double[] h = history(first, 3 * PER_DAY);
        for (int i = 400; i < 460; i++) h[i] = Double.NaN; // five hours without a reading
        ForecastResult r = forecaster.forecast(h, STEP);
        assertThat(mae(r.values(), first + 3 * PER_DAY)).isLessThanOrEqualTo(5.0);
    }

    @Test
    void lessThanADayOfHistoryGivesNoForecastAndSaysWhy() {
        ForecastResult r = forecaster.forecast(history(0, 144), STEP);
        assertThat(r.present()).isFalse();
        assertThat(r.values()).isEmpty();
        assertThat(r.reason()).isEqualTo("too little history: 12.0 hours of readings, a forecast needs at least one full day (24 hours)");
    }
}
