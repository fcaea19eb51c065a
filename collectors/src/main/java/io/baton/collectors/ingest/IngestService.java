package io.baton.collectors.ingest;

import io.baton.collectors.sinks.SinkFanout;
import io.baton.engine.model.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a line-protocol body and hands it on: every good point as a raw line (nanosecond timestamp) to the
 * raw-line sinks, and each numeric field as a {@link Sample} to the other metric sinks. Metric name: the
 * measurement for field {@code value}, else {@code measurement_field}; pool and node from the configured tags.
 */
public final class IngestService {
    static final int MAX_REPORTED_ERRORS = 100;
    private final SinkFanout fanout;
    private final String poolTag;
    private final String nodeTag;
    private final long maxWaitNanos;
    private final ThreadLocal<LineProtocolParser> parsers = ThreadLocal.withInitial(LineProtocolParser::new);

    /** Sends through {@code fanout}, reading pool and node from tags {@code poolTag} and {@code nodeTag}. */
    public IngestService(SinkFanout fanout, String poolTag, String nodeTag, java.time.Duration maxWait) {
        this.fanout = fanout;
        this.maxWaitNanos = maxWait.toNanos();
        this.poolTag = poolTag;
        this.nodeTag = nodeTag;
    }

    /**
     * Parses {@code body[0, len)} and hands the good points on, all or nothing (see {@link IngestResult#overloaded()}).
     * Parses with timestamps in units of {@code nanosPerUnit}; lines without one get {@code nowNanos}. */
    public IngestResult ingest(byte[] body, int len, long nanosPerUnit, long nowNanos) {
        Collector c = new Collector(nowNanos, len / 64 + 1);
        parsers.get().parse(body, 0, len, nanosPerUnit, c);
        boolean taken = fanout.offerPoints(c.lines, c.samples, maxWaitNanos);
        return new IngestResult(c.lines.size(), c.samples.size(), c.errors, c.bad, !taken);
    }

    private final class Collector implements LineProtocolParser.Handler {
        final long nowNanos;
        final List<String> lines;
        final List<Sample> samples;
        final List<String> errors = new ArrayList<>();
        int bad;

        Collector(long nowNanos, int expected) {
            this.nowNanos = nowNanos;
            this.lines = new ArrayList<>(expected);
            this.samples = new ArrayList<>(expected);
        }

        @Override
        public void point(ParsedLine line) {
            lines.add(line.toLineProtocol(nowNanos));
            long ms = Math.floorDiv(line.hasTimestamp() ? line.timestampNanos() : nowNanos, 1_000_000L);
            String pool = line.tag(poolTag);
            String node = line.tag(nodeTag);
            String m = line.measurement();
            for (int i = 0; i < line.fieldCount(); i++) {
                if (!line.isNumeric(i)) continue;
                String key = line.fieldKey(i);
                String metric = key.equals("value") ? m : m + '_' + key;
                samples.add(new Sample(pool == null ? "" : pool, node == null ? "" : node, metric, line.number(i), ms));
            }
        }

        @Override
        public void error(int lineNumber, String why) {
            bad++;
            if (errors.size() < MAX_REPORTED_ERRORS) errors.add("line " + lineNumber + ": " + why);
        }
    }
}
