package io.baton.collectors.sinks;

import java.util.List;

/**
 * A store that keeps points exactly as received (measurement, tags and fields), in InfluxDB line protocol with
 * nanosecond timestamps. The InfluxDB sink is one. Line-protocol ingest and Prometheus scrapes send raw points
 * here and plain {@link io.baton.engine.port.MetricSink}s get {@code Sample}s, so a sink that is both is not
 * fed twice.
 */
public interface RawLineSink {

    /** Accepts complete lines ({@code measurement,tags fields timestampNs}); must not block for long. */
    void acceptLines(List<String> lines);
}
