package io.baton.app.api;

import io.baton.app.backtest.BacktestArgs;
import io.baton.app.backtest.BacktestSettings;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.reports.backtest.Backtest;
import io.baton.reports.backtest.BacktestConfig;
import io.baton.reports.backtest.BacktestException;
import io.baton.reports.backtest.BacktestJson;
import io.baton.reports.backtest.BacktestRequest;
import io.baton.reports.backtest.BacktestResult;
import io.baton.reports.backtest.Progress;
import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.influxdb.InfluxDB;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Backtests in the service (OPS): {@code POST /api/backtests} replays a recorded period through the rules, exactly as
 * {@code baton rules backtest} does, and answers with the backtest's JSON (201, {@code Location: /api/backtests/{id}});
 * {@code GET /api/backtests/{id}} answers it again. One backtest runs at a time (409 while one runs); the newest
 * {@link #KEPT} results are kept in memory. The pools are the service's catalog, so pools added through the API count.
 */
@RestController
@RequestMapping("/api/backtests")
class BacktestsController {
    static final int KEPT = 20;
    private final Environment env;
    private final ObjectProvider<PoolCatalog> catalog;
    private final ObjectProvider<InfluxDB> influx;
    private final Semaphore one = new Semaphore(1);
    private final Map<String, String> results = new LinkedHashMap<>(16, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, String> e) { return size() > KEPT; }
    };

    BacktestsController(Environment env, ObjectProvider<PoolCatalog> catalog, ObjectProvider<InfluxDB> influx) {
        this.env = env;
        this.catalog = catalog;
        this.influx = influx;
    }

    /** The fields of a backtest; only {@code from} and {@code to} are needed ({@code rules} defaults to {@code baton.rules.dir}). */
    record BacktestAsk(String from, String to, String rules, String compare, List<String> pools, String provisioningDelay,
                       Double slaCpu, BigDecimal pricePerNodeHour) { }

    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> run(@RequestBody BacktestAsk ask) {
        InfluxDB client = influx.getIfAvailable();
        if (client == null) throw new ApiErrors.ApiException(HttpStatus.SERVICE_UNAVAILABLE, "backtests need baton.influx.url");
        if (!one.tryAcquire()) throw new ApiErrors.ApiException(HttpStatus.CONFLICT, "a backtest is already running: try again when it is done");
        try {
            PoolCatalog pools = catalog.getIfAvailable();
            BacktestConfig config = pools == null ? BacktestSettings.from(env) : BacktestSettings.from(env, pools.pools());
            BacktestRequest req = BacktestArgs.request(ask.from(), ask.to(), ask.rules(), BacktestSettings.rulesDir(env), ask.compare(), ask.pools(),
                    ask.provisioningDelay(), ask.slaCpu() == null ? null : ask.slaCpu().toString(),
                    ask.pricePerNodeHour() == null ? null : ask.pricePerNodeHour().toPlainString(), null);
            BacktestResult r = new Backtest(config, client).run(req, Progress.NONE);
            String json = BacktestJson.render(r);
            String id = UUID.randomUUID().toString();
            synchronized (results) {
                results.put(id, json);
            }
            return ResponseEntity.created(URI.create("/api/backtests/" + id)).contentType(MediaType.APPLICATION_JSON).body(json);
        } catch (BacktestException e) {
            String details = e.details().isEmpty() ? "" : ": " + String.join("; ", e.details());
            throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, e.getMessage() + details);
        } finally {
            one.release();
        }
    }

    @GetMapping(value = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> result(@PathVariable String id) {
        String json;
        synchronized (results) {
            json = results.get(id);
        }
        if (json == null) throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no backtest " + id + " (only the newest " + KEPT + " are kept)");
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
    }
}
