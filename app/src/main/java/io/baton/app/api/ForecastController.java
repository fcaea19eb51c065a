package io.baton.app.api;

import io.baton.app.engine.EngineService;
import io.baton.app.forecast.ForecastService;
import io.baton.engine.catalog.PoolSpec;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A pool's CPU forecast for the next hour, with the recent actual load; or why there is none. */
@RestController
class ForecastController {
    private final EngineService engine;
    private final ForecastService forecasts;

    ForecastController(EngineService engine, ForecastService forecasts) {
        this.engine = engine;
        this.forecasts = forecasts;
    }

    @GetMapping("/api/pools/{pool}/forecast")
    ForecastService.ForecastView forecast(@PathVariable String pool) {
        CallerAccess.pool(engine, pool, CallerAccess.caller());
        PoolSpec spec = engine.catalog().find(pool)
                .orElseThrow(() -> new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no pool named " + pool));
        return forecasts.view(spec);
    }
}
