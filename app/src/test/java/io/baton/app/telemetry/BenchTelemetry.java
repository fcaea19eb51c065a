package io.baton.app.telemetry;

import io.baton.collectors.influx.InfluxProperties;
import io.baton.collectors.influx.InfluxSink;
import io.baton.collectors.sinks.RecordSink;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.model.Pool;
import io.baton.testkit.influx.InfluxServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * The service's {@link DecisionTelemetry} for the engine benchmark ({@code EngineBench}, which loads this class by
 * name with {@code -Dbench.telemetry}): the same class as in production, listening to the bench's journal on the
 * engine thread, with a Prometheus meter registry (as the service's actuator endpoint has) and the real
 * {@link InfluxSink} writing the {@code decision} records to a throwaway {@code influxd}. The log line goes wherever
 * the bench's logback configuration sends the {@code baton.decisions} logger.
 */
public final class BenchTelemetry implements BiFunction<DecisionJournal, Function<String, Pool>, AutoCloseable> {

    @Override
    public AutoCloseable apply(DecisionJournal journal, Function<String, Pool> pools) {
        InfluxServer influx = InfluxServer.perClass();
        influx.start();
        InfluxProperties props = new InfluxProperties();
        props.setUrl(influx.url());
        props.setDatabase("bench");
        try {
            props.setSpoolDir(Files.createTempDirectory("bench-spool").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        InfluxSink sink = new InfluxSink(props, (Function<String, io.baton.engine.schema.PoolTags>) null);
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("influxSink", sink);
        MeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new DecisionTelemetry(pools, journal, meters, beans.getBeanProvider(RecordSink.class));
        System.out.println("telemetry: DecisionTelemetry on the engine thread, records to " + influx + ", database " + props.getRecordsDatabase());
        return () -> {
            sink.flush();
            double acted = meters.find("baton.decisions").counters().stream().mapToDouble(Counter::count).sum();
            double suppressed = meters.find("baton.decisions.suppressed").counters().stream().mapToDouble(Counter::count).sum();
            long stored = influx.count(props.getRecordsDatabase(), "SELECT count(requested) FROM decision");
            System.out.printf(Locale.ROOT, "telemetry: counters baton.decisions %.0f, baton.decisions.suppressed %.0f; decision records in InfluxDB %d; sink %s%n",
                    acted, suppressed, stored, sink.stats());
            sink.close();
            influx.close();
            deleteQuietly(Path.of(props.getSpoolDir()));
        };
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temp dir
        }
    }
}
