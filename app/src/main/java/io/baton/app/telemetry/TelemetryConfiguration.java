package io.baton.app.telemetry;

import io.baton.app.engine.EngineService;
import io.baton.collectors.sinks.RawLineSink;
import io.baton.engine.journal.DecisionJournal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Baton's own health: decision counters, engine backlog, rule reloads. */
@Configuration(proxyBeanMethods = false)
class TelemetryConfiguration {

    @Bean
    DecisionTelemetry decisionTelemetry(EngineService engine, DecisionJournal journal, MeterRegistry meters, ObjectProvider<RawLineSink> stores) {
        Gauge.builder("baton.engine.backlog", engine, EngineService::backlog).description("items waiting for the engine").register(meters);
        Gauge.builder("baton.engine.dropped", engine, EngineService::dropped).description("samples dropped: engine queue full").register(meters);
        Gauge.builder("baton.rules.version", engine, e -> e.policies().status().version()).description("running rule set version").register(meters);
        Gauge.builder("baton.rules.reload.errors", engine, e -> e.policies().status().lastErrors().size()).description("errors of the last failed reload").register(meters);
        return new DecisionTelemetry(engine, journal, meters, stores);
    }
}
