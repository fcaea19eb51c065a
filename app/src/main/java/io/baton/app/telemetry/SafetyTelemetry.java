package io.baton.app.telemetry;

import io.baton.app.engine.EngineService;
import io.baton.engine.session.DropReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The safety meters: what the engine kept out ({@code baton_engine_samples_dropped_total{reason}}) and
 * where healing is paused by the circuit breaker ({@code baton_healing_paused{pool}}, 1 while paused).
 */
@Configuration(proxyBeanMethods = false)
class SafetyTelemetry {

    @Bean
    Meters safetyMeters(EngineService engine, MeterRegistry meters) {
        for (DropReason r : DropReason.values()) {
            FunctionCounter.builder("baton.engine.samples.dropped", engine, e -> e.dropped().getOrDefault(r, 0L))
                    .tag("reason", r.label()).description("samples and probes the engine left out, by reason").register(meters);
        }
        for (String pool : engine.poolMap().keySet()) {
            Gauge.builder("baton.healing.paused", engine, e -> e.healingPaused(pool) ? 1 : 0).tag("pool", pool)
                    .description("1 while replacements in the pool are paused: too many nodes look unhealthy at once").register(meters);
        }
        return new Meters();
    }

    /** Marker for the safety meters. */
    static final class Meters { }
}
