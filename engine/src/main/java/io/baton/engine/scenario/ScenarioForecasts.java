package io.baton.engine.scenario;

import io.baton.engine.forecast.ForecastResult;
import io.baton.engine.forecast.Forecaster;
import io.baton.engine.model.Forecast;
import io.baton.engine.model.ForecastMode;
import io.baton.engine.model.Sample;
import io.baton.engine.session.RuleEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forecasts of a scenario, made as the service makes them: every 5 minutes of scenario time, from
 * each pool's history (generated before start, then the mean of the readings of each step) through the
 * {@link Forecaster}, handed to the engine as {@link Forecast} facts. Pools whose mode is off get none.
 */
final class ScenarioForecasts {
    static final long EVERY_MS = 300_000;
    private final ScenarioHistory history;
    private final long start;
    private final Forecaster forecaster = new Forecaster(Duration.ofMinutes(60));
    private final Map<String, Track> tracks = new HashMap<>();

    private static final class Track {
        final ScenarioHistory.Series spec;
        final List<Double> past = new ArrayList<>();
        final Map<Long, double[]> live = new HashMap<>();

        Track(ScenarioHistory.Series spec) { this.spec = spec; }
    }

    ScenarioForecasts(ScenarioHistory history, long start) {
        this.history = history;
        this.start = start;
        for (ScenarioHistory.Series s : history.series()) {
            Track t = new Track(s);
            long steps = s.hours() * 3_600_000L / s.everyMs();
            for (long k = steps; k >= 1; k--) t.past.add(s.at(start - k * s.everyMs()));
            tracks.put(s.pool() + "\u0000" + s.metric(), t);
        }
    }

    /** Folds the readings of this second into their step's mean. */
    void observe(List<Sample> batch) {
        if (tracks.isEmpty()) return;
        for (Sample s : batch) {
            Track t = tracks.get(s.getPool() + "\u0000" + s.getMetric());
            if (t == null || s.getTimestamp() < start) continue;
            double[] sum = t.live.computeIfAbsent((s.getTimestamp() - start) / t.spec.everyMs(), k -> new double[2]);
            sum[0] += s.getValue();
            sum[1]++;
        }
    }

    /** At every 5 minutes of scenario time (from 0), puts each pool's new forecast in. */
    void publish(RuleEngine engine, long now) {
        if (tracks.isEmpty() || (now - start) % EVERY_MS != 0) return;
        for (Track t : tracks.values()) {
            ForecastMode mode = history.mode(t.spec.pool());
            if (mode == ForecastMode.OFF) continue;
            long done = (now - start) / t.spec.everyMs();
            double[] h = new double[t.past.size() + (int) done];
            for (int i = 0; i < t.past.size(); i++) h[i] = t.past.get(i);
            for (int k = 0; k < done; k++) {
                double[] sum = t.live.get((long) k);
                h[t.past.size() + k] = sum == null ? Double.NaN : sum[0] / sum[1];
            }
            ForecastResult r = forecaster.forecast(h, Duration.ofMillis(t.spec.everyMs()));
            engine.forecast(t.spec.pool(), t.spec.metric(), r.present()
                    ? new Forecast(t.spec.pool(), t.spec.metric(), r.method(), mode, now, t.spec.everyMs(), r.values()) : null);
        }
    }
}
