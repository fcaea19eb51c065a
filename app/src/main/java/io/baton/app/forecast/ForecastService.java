package io.baton.app.forecast;

import io.baton.app.engine.EngineService;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.forecast.ForecastResult;
import io.baton.engine.forecast.Forecaster;
import io.baton.engine.model.Forecast;
import io.baton.engine.model.ForecastMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Every 5 minutes, each pool whose forecast mode is not {@code off} gets a CPU forecast for the next
 * 60 minutes from its last 15 days in InfluxDB (5-minute means), handed to the engine as a
 * {@link Forecast} fact; with too little history it gets none (its old one goes) and the view says why.
 */
public class ForecastService {
    public static final String METRIC = "cpu";
    static final Duration STEP = Duration.ofMinutes(5);
    static final Duration LOOK_BACK = Duration.ofDays(15);
    private static final Logger log = LoggerFactory.getLogger(ForecastService.class);
    private final PoolCatalog catalog;
    private final EngineService engine;
    private final PoolHistoryReader history;
    private final Forecaster forecaster = new Forecaster(Duration.ofMinutes(60));
    private final Map<String, ForecastView> views = new ConcurrentHashMap<>();

    /** One forecast value, at {@code time} (epoch ms). */
    public record Point(long time, double value) { }

    /**
     * A pool's forecast as the API shows it.
     *
     * @param method how it was made, null with no forecast
     * @param reason why there is no forecast, null when there is one
     * @param series the forecast, one point per 5 minutes of the next hour
     * @param actual the pool's 5-minute means of the last 2 hours, to draw the forecast against
     */
    public record ForecastView(String pool, String metric, String mode, long computedAt, String method, String reason,
                               double historyHours, List<Point> series, List<Point> actual) { }

    /** @param history null when there is no InfluxDB to read the pools' history from */
    public ForecastService(PoolCatalog catalog, EngineService engine, PoolHistoryReader history) {
        this.catalog = catalog;
        this.engine = engine;
        this.history = history;
    }

    /** The forecast mode of a pool: {@code baton.pools.<p>.forecast.mode}, {@code off} when not given. */
    public static ForecastMode mode(PoolSpec spec) {
        return ForecastMode.parse(spec.section("forecast").get("mode"));
    }

    @Scheduled(fixedRate = 300_000, initialDelay = 15_000)
    void scheduled() {
        if (engine.leads()) refresh(System.currentTimeMillis());
    }

    /** Makes every pool's forecast as of {@code now}. */
    public void refresh(long now) {
        for (PoolSpec spec : catalog.pools()) {
            try {
                views.put(spec.name(), forecast(spec, now));
            } catch (RuntimeException e) {
                log.warn("forecast of pool {} failed: {}", spec.name(), e.toString());
                views.put(spec.name(), none(spec, now, "the history could not be read: " + e.getMessage(), 0, List.of()));
                engine.forecast(spec.name(), METRIC, null);
            }
        }
        views.keySet().removeIf(p -> catalog.find(p).isEmpty());
    }

    private ForecastView forecast(PoolSpec spec, long now) {
        ForecastMode mode = mode(spec);
        if (mode == ForecastMode.OFF) {
            engine.forecast(spec.name(), METRIC, null);
            return none(spec, now, "forecasts are off for this pool (baton.pools." + spec.name() + ".forecast.mode)", 0, List.of());
        }
        if (history == null) {
            return none(spec, now, "no InfluxDB to read the pool's history from (baton.influx.url)", 0, List.of());
        }
        long step = STEP.toMillis();
        long to = now - now % step;
        long from = to - LOOK_BACK.toMillis();
        double[] h = history.read(spec.name(), METRIC, from, to, step);
        List<Point> actual = new ArrayList<>();
        for (int i = Math.max(0, h.length - 24); i < h.length; i++) if (!Double.isNaN(h[i])) actual.add(new Point(from + i * step, h[i]));
        double hours = java.util.Arrays.stream(h).filter(v -> !Double.isNaN(v)).count() * step / 3_600_000.0;
        ForecastResult r = forecaster.forecast(h, STEP);
        if (!r.present()) {
            engine.forecast(spec.name(), METRIC, null);
            return none(spec, now, r.reason(), hours, actual);
        }
        engine.forecast(spec.name(), METRIC, new Forecast(spec.name(), METRIC, r.method(), mode, now, step, r.values()));
        List<Point> series = new ArrayList<>();
        for (int i = 0; i < r.values().length; i++) series.add(new Point(to + i * step, r.values()[i]));
        return new ForecastView(spec.name(), METRIC, mode.key(), now, r.method(), null, hours, series, actual);
    }

    private static ForecastView none(PoolSpec spec, long now, String reason, double hours, List<Point> actual) {
        return new ForecastView(spec.name(), METRIC, mode(spec).key(), now, null, reason, hours, List.of(), actual);
    }

    /** The pool's last forecast, or one that says none was made yet. */
    public ForecastView view(PoolSpec spec) {
        ForecastView v = views.get(spec.name());
        if (v != null) return v;
        ForecastMode mode = mode(spec);
        return none(spec, 0, mode == ForecastMode.OFF ? "forecasts are off for this pool (baton.pools." + spec.name() + ".forecast.mode)"
                : "no forecast yet: forecasts are made every 5 minutes", 0, List.of());
    }
}
