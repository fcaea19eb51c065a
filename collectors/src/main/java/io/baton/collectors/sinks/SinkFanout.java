package io.baton.collectors.sinks;

import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.Sample;
import io.baton.engine.port.MetricSink;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what collectors gather to every sink, resolved lazily on each call (Spring's {@code ObjectProvider}
 * fits: {@code provider::orderedStream}). One failing sink does not stop the others.
 */
public final class SinkFanout {
    private static final Logger log = LoggerFactory.getLogger(SinkFanout.class);
    private final Supplier<Stream<MetricSink>> metricSinks;
    private final Supplier<Stream<RawLineSink>> rawSinks;

    /** Fans out to {@code metricSinks} and {@code rawSinks}, both looked up on each call. */
    public SinkFanout(Supplier<Stream<MetricSink>> metricSinks, Supplier<Stream<RawLineSink>> rawSinks) {
        this.metricSinks = metricSinks;
        this.rawSinks = rawSinks;
    }

    /** Samples to every metric sink (including those that also store raw lines). */
    public void samples(List<Sample> samples) {
        if (samples.isEmpty()) return;
        metricSinks.get().forEach(s -> safely(s, () -> s.accept(samples)));
    }

    /** Raw points to every raw-line sink, and their samples to every metric sink that is not a raw-line sink. */
    public void points(List<String> lines, List<Sample> samples) {
        if (!lines.isEmpty()) rawSinks.get().forEach(s -> safely(s, () -> s.acceptLines(lines)));
        toPlainSinks(samples);
    }

    /**
     * Like {@link #points}, but all-or-nothing towards the raw-line sinks: each gets up to {@code maxWaitNanos} to
     * find room for all the lines. Returns false when one had no room; the samples are then not sent either, so a
     * client that retries the request doubles nothing.
     */
    public boolean offerPoints(LineBlock lines, List<Sample> samples, long maxWaitNanos) {
        if (lines.lines() > 0) {
            for (RawLineSink s : rawSinks.get().toList()) {
                if (!s.offerBlock(lines, maxWaitNanos)) return false;
            }
        }
        toPlainSinks(samples);
        return true;
    }

    private void toPlainSinks(List<Sample> samples) {
        if (!samples.isEmpty()) {
            metricSinks.get().filter(s -> !(s instanceof RawLineSink)).forEach(s -> safely(s, () -> s.accept(samples)));
        }
    }

    /** A probe result to every metric sink. */
    public void health(NodeHealth health) {
        metricSinks.get().forEach(s -> safely(s, () -> s.health(health)));
    }

    private static void safely(Object sink, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("sink {} failed: {}", sink.getClass().getSimpleName(), e.toString());
        }
    }
}
