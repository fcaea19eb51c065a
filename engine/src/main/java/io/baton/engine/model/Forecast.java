package io.baton.engine.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a pool's metric is forecast to be over the coming hour, one value per step from
 * {@code computedAt + stepMs}. Made by the engine's owner from the pool's history and replaced every
 * few minutes; a rule reads {@link #maxOver(int)}. Immutable.
 */
public final class Forecast {
    private final String pool;
    private final String metric;
    private final String method;
    private final ForecastMode mode;
    private final long computedAt;
    private final long stepMs;
    private final double[] values;

    public Forecast(String pool, String metric, String method, ForecastMode mode, long computedAt, long stepMs, double[] values) {
        if (stepMs <= 0) throw new IllegalArgumentException("a forecast step must be above 0 ms");
        if (values == null || values.length == 0) throw new IllegalArgumentException("a forecast has at least one value");
        this.pool = pool;
        this.metric = metric;
        this.method = method;
        this.mode = mode;
        this.computedAt = computedAt;
        this.stepMs = stepMs;
        this.values = values.clone();
    }

    public String getPool() { return pool; }
    public String getMetric() { return metric; }
    /** How it was made, e.g. {@code holt-winters daily}. */
    public String getMethod() { return method; }
    public ForecastMode getMode() { return mode; }
    public long getComputedAt() { return computedAt; }
    public long getStepMs() { return stepMs; }
    /** How far ahead it reaches, in minutes. */
    public int getMinutes() { return (int) (values.length * stepMs / 60_000); }
    public double[] values() { return values.clone(); }

    /** The highest value forecast for the next {@code mins} minutes (NaN when it reaches less far). */
    public double maxOver(int mins) {
        int n = (int) Math.min(values.length, (long) mins * 60_000 / stepMs);
        if (n <= 0 || (long) mins * 60_000 > values.length * stepMs) return Double.NaN;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, values[i]);
        return max;
    }

    @Override public String toString() {
        return String.format(Locale.ROOT, "Forecast(%s %s %s peak %.1f in the next %d min)", pool, metric, method,
                Arrays.stream(values).max().orElse(Double.NaN), getMinutes());
    }
}
