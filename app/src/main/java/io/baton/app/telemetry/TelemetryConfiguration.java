package io.baton.app.telemetry;

import io.baton.app.engine.EngineService;
import io.baton.collectors.promql.PromQlSource;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.collectors.sinks.RecordSink;
import io.baton.engine.journal.DecisionJournal;
import io.baton.collectors.influx.InfluxSink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Baton's own health: decision counters, engine backlog, rule reloads (counted, and written as {@code rule_reload}
 * records), nodes per pool and state ({@code pool_nodes} records), the InfluxDB sink's buffer and rates.
 */
@Configuration(proxyBeanMethods = false)
class TelemetryConfiguration {

    @Bean
    DecisionTelemetry decisionTelemetry(EngineService engine, DecisionJournal journal, MeterRegistry meters, ObjectProvider<RecordSink> stores) {
        Gauge.builder("baton.engine.backlog", engine, EngineService::backlog).description("items waiting for the engine").register(meters);
        Gauge.builder("baton.engine.dropped", engine, EngineService::queueDropped).description("samples dropped: engine queue full").register(meters);
        Gauge.builder("baton.rules.version", engine, e -> e.policies().status().version()).description("running rule set version").register(meters);
        Gauge.builder("baton.rules.reload.errors", engine, e -> e.policies().status().lastErrors().size()).description("errors of the last failed reload").register(meters);
        return new DecisionTelemetry(engine::pool, journal, meters, stores);
    }

    @Bean
    RuleReloadTelemetry ruleReloadTelemetry(EngineService engine, MeterRegistry meters, ObjectProvider<RecordSink> stores) {
        return new RuleReloadTelemetry(engine.policies(), meters, stores);
    }

    @Bean
    PromQlTelemetry promQlTelemetry(ObjectProvider<PromQlSource> source, PoolCatalog catalog, MeterRegistry meters,
                                    ObjectProvider<RecordSink> stores) {
        return new PromQlTelemetry(source, catalog, meters, stores);
    }

    @Bean
    PoolNodesTelemetry poolNodesTelemetry(EngineService engine, ObjectProvider<RecordSink> stores) {
        return new PoolNodesTelemetry(engine, stores);
    }

    /** The InfluxDB sink's buffer depth, spool, and what it took, wrote and dropped (the ingest rate is the rate of "accepted"). */
    @Bean
    SinkMeters influxSinkMeters(ObjectProvider<InfluxSink> sink, MeterRegistry meters) {
        InfluxSink s = sink.getIfAvailable();
        if (s != null) {
            Gauge.builder("baton.influx.buffer.depth", s, x -> x.stats().buffered()).description("points waiting in memory").register(meters);
            Gauge.builder("baton.influx.spool.points", s, x -> x.stats().spooledPoints()).description("points waiting in the disk spool").register(meters);
            FunctionCounter.builder("baton.influx.accepted", s, x -> x.stats().accepted()).description("points taken in (ingest rate)").register(meters);
            FunctionCounter.builder("baton.influx.written", s, x -> x.stats().written()).description("points InfluxDB stored").register(meters);
            FunctionCounter.builder("baton.influx.dropped", s, x -> x.stats().dropped()).description("points lost: memory and spool full").register(meters);
        }
        return new SinkMeters();
    }

    /** Marker for the sink's meters. */
    static final class SinkMeters { }
}
