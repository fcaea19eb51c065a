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

    /**
     * Takes all the lines or none: waits up to {@code maxWaitNanos} for room and returns false (nothing taken)
     * when there is none, so a client can be told to retry. The default takes them through {@link #acceptLines}.
     */
    default boolean offerLines(List<String> lines, long maxWaitNanos) {
        acceptLines(lines);
        return true;
    }

    /**
     * {@link #offerLines} for lines as bytes (line-protocol ingest hands them on so, as slices of the request
     * body). The block is immutable; a sink may keep it. The default goes through {@link #offerLines}.
     */
    default boolean offerBlock(LineBlock lines, long maxWaitNanos) {
        return offerLines(lines.toStrings(), maxWaitNanos);
    }
}
