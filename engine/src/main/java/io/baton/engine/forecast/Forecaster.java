package io.baton.engine.forecast;

import java.time.Duration;

/**
 * Forecasts a metric from its evenly spaced history, as the clouds' predictive scaling does, over a
 * daily and a weekly season: with at least two full seasons of history, Holt-Winters (additive) over
 * the longest such season; with one, seasonal-naive (the value one season earlier); with less than a
 * day, nothing. Gaps (NaN) are filled with the model's own one-step forecast. Pure Java, no state.
 */
public final class Forecaster {
    static final double ALPHA = 0.3;
    static final double BETA = 0.01;
    static final double GAMMA = 0.3;
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration WEEK = Duration.ofDays(7);
    private final Duration horizon;

    /** @param horizon how far ahead to forecast (Baton: 60 minutes) */
    public Forecaster(Duration horizon) {
        this.horizon = horizon;
    }

    /**
     * @param history the readings, oldest first, one per {@code step}, the newest at the end (NaN: no reading)
     */
    public ForecastResult forecast(double[] history, Duration step) {
        if (step.isZero() || step.isNegative()) throw new IllegalArgumentException("a step must be above 0");
        int ahead = (int) Math.max(1, horizon.toMillis() / step.toMillis());
        int day = (int) (DAY.toMillis() / step.toMillis());
        int week = (int) (WEEK.toMillis() / step.toMillis());
        int n = trimLeadingGaps(history);
        double[] h = java.util.Arrays.copyOfRange(history, history.length - n, history.length);
        long known = java.util.Arrays.stream(h).filter(v -> !Double.isNaN(v)).count();
        if (n < day || known < day / 2) {
            return ForecastResult.none(String.format(java.util.Locale.ROOT,
                    "too little history: %.1f hours of readings, a forecast needs at least one full day (24 hours)",
                    known * step.toMillis() / 3_600_000.0));
        }
        if (n >= 2 * week) return new ForecastResult("holt-winters weekly", holtWinters(h, week, ahead), null);
        if (n >= 2 * day) return new ForecastResult("holt-winters daily", holtWinters(h, day, ahead), null);
        if (n >= week) return new ForecastResult("seasonal-naive weekly", seasonalNaive(h, week, ahead), null);
        return new ForecastResult("seasonal-naive daily", seasonalNaive(h, day, ahead), null);
    }

    private static int trimLeadingGaps(double[] h) {
        int first = 0;
        while (first < h.length && Double.isNaN(h[first])) first++;
        return h.length - first;
    }

    /** The value one season before each step ahead (the last known one when that reading is missing). */
    static double[] seasonalNaive(double[] h, int season, int ahead) {
        double[] out = new double[ahead];
        double last = lastKnown(h);
        for (int i = 0; i < ahead; i++) {
            int j = h.length - season + (i % season);
            double v = j >= 0 && j < h.length ? h[j] : Double.NaN;
            out[i] = Double.isNaN(v) ? last : v;
        }
        return out;
    }

    /** Additive Holt-Winters over {@code season} steps, initialised from the first two seasons. */
    static double[] holtWinters(double[] h, int season, int ahead) {
        double[] filled = h.clone();
        double m1 = mean(filled, 0, season);
        double m2 = mean(filled, season, 2 * season);
        double level = m1;
        double trend = (m2 - m1) / season;
        double[] seasonal = new double[season];
        for (int i = 0; i < season; i++) {
            double a = filled[i];
            double b = filled[i + season];
            double va = Double.isNaN(a) ? Double.NaN : a - m1;
            double vb = Double.isNaN(b) ? Double.NaN : b - m2;
            seasonal[i] = Double.isNaN(va) ? (Double.isNaN(vb) ? 0 : vb) : Double.isNaN(vb) ? va : (va + vb) / 2;
        }
        for (int t = 0; t < filled.length; t++) {
            int s = t % season;
            double expected = level + trend + seasonal[s];
            double x = Double.isNaN(filled[t]) ? expected : filled[t];
            double prev = level;
            level = ALPHA * (x - seasonal[s]) + (1 - ALPHA) * (level + trend);
            trend = BETA * (level - prev) + (1 - BETA) * trend;
            seasonal[s] = GAMMA * (x - level) + (1 - GAMMA) * seasonal[s];
        }
        double[] out = new double[ahead];
        for (int i = 0; i < ahead; i++) out[i] = level + (i + 1) * trend + seasonal[(filled.length + i) % season];
        return out;
    }

    private static double mean(double[] h, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = from; i < Math.min(to, h.length); i++) {
            if (!Double.isNaN(h[i])) {
                sum += h[i];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static double lastKnown(double[] h) {
        for (int i = h.length - 1; i >= 0; i--) if (!Double.isNaN(h[i])) return h[i];
        return 0;
    }
}
