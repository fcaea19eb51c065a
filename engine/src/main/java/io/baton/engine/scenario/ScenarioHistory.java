package io.baton.engine.scenario;

import io.baton.engine.model.ForecastMode;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's past: the {@code history:} block, series generated before {@code start} so that the
 * forecasts have something to learn from, e.g.
 * {@code {metric: cpu, pool: web, days: 14, every: 5m, daily: {low: 20, high: 90, peak: "12:00"}}}
 * ({@code hours: 12} instead of days for a short one)
 * (a smooth daily wave, lowest 12 hours from the peak, in UTC); and {@code forecast: {web: scale}},
 * the pools' forecast modes ({@code off}, the default, {@code forecast-only} or {@code scale}).
 *
 * @param series the generated series
 * @param modes the forecast mode of each pool that has one
 */
public record ScenarioHistory(List<Series> series, Map<String, ForecastMode> modes) {

    public static final ScenarioHistory NONE = new ScenarioHistory(List.of(), Map.of());

    /** A generated series: {@code hours} hours before start, one reading every {@code everyMs}, on a daily wave. */
    public record Series(String metric, String pool, int hours, long everyMs, double low, double high, int peakMinute) {

        /** The wave's value at {@code epochMs} (UTC). */
        public double at(long epochMs) {
            double minuteOfDay = Math.floorMod(epochMs, 86_400_000L) / 60_000.0;
            double phase = 2 * Math.PI * (minuteOfDay - peakMinute) / 1440.0;
            return low + (high - low) * (1 + Math.cos(phase)) / 2;
        }
    }

    public ForecastMode mode(String pool) { return modes.getOrDefault(pool, ForecastMode.OFF); }

    static ScenarioHistory parse(Object history, Object forecast, String file) {
        if (history == null && forecast == null) return NONE;
        List<Series> out = new ArrayList<>();
        if (history != null) {
            if (!(history instanceof List<?> list)) throw new IllegalArgumentException(file + ": history: expected a list");
            for (int i = 0; i < list.size(); i++) out.add(series(list.get(i), file + ": history[" + i + "]"));
        }
        Map<String, ForecastMode> modes = new LinkedHashMap<>();
        if (forecast != null) {
            if (!(forecast instanceof Map<?, ?> m)) throw new IllegalArgumentException(file + ": forecast: expected a mapping of pool to off|forecast-only|scale");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                try {
                    modes.put(String.valueOf(e.getKey()), ForecastMode.parse(String.valueOf(e.getValue())));
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException(file + ": forecast: " + e.getKey() + ": " + bad.getMessage(), bad);
                }
            }
        }
        return new ScenarioHistory(List.copyOf(out), Map.copyOf(modes));
    }

    private static Series series(Object o, String where) {
        if (!(o instanceof Map<?, ?> m)) throw new IllegalArgumentException(where + ": expected a mapping");
        if (!(m.get("metric") instanceof String metric) || !(m.get("pool") instanceof String pool)) {
            throw new IllegalArgumentException(where + ": a history names its metric and pool");
        }
        Object span = m.containsKey("days") ? m.get("days") : m.get("hours");
        int hours = span instanceof Number n ? (m.containsKey("days") ? n.intValue() * 24 : n.intValue()) : -1;
        if (!(span instanceof Number) || hours < 1 || hours > 60 * 24) {
            throw new IllegalArgumentException(where + ": give days (1 to 60) or hours (1 to 1440) of history");
        }
        long every = Durations.parse(m.containsKey("every") ? m.get("every") : "5m", where + ": every").toMillis();
        if (every < 1000 || 86_400_000L % every != 0) throw new IllegalArgumentException(where + ": every must divide a day, e.g. 1m or 5m");
        if (!(m.get("daily") instanceof Map<?, ?> d)) throw new IllegalArgumentException(where + ": a history needs daily: {low, high, peak}");
        if (!(d.get("low") instanceof Number low) || !(d.get("high") instanceof Number high) || low.doubleValue() > high.doubleValue()) {
            throw new IllegalArgumentException(where + ": daily needs numbers low <= high");
        }
        int peak;
        try {
            LocalTime t = LocalTime.parse(d.containsKey("peak") ? String.valueOf(d.get("peak")) : "12:00");
            peak = t.getHour() * 60 + t.getMinute();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": peak is a time of day such as \"12:00\", got " + d.get("peak"), e);
        }
        return new Series(metric, pool, hours, every, low.doubleValue(), high.doubleValue(), peak);
    }
}
