package io.baton.collectors.ingest;

import io.baton.collectors.sinks.LineBlock;
import io.baton.collectors.sinks.SinkFanout;
import io.baton.engine.model.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a line-protocol body and hands it on: every good point as a raw line (nanosecond timestamp) to the
 * raw-line sinks, and each numeric field as a {@link Sample} to the other metric sinks. Metric name: the
 * measurement for field {@code value}, else {@code measurement_field}; pool and node from the configured tags.
 * A line beyond the {@link LineBounds}, or of a pool the caller's {@link IngestGrant} does not cover, is a bad line.
 */
public final class IngestService {
    static final int MAX_REPORTED_ERRORS = 100;
    private final SinkFanout fanout;
    private final String poolTag;
    private final String nodeTag;
    private final long maxWaitNanos;
    private final ThreadLocal<LineProtocolParser> parsers;
    private final ThreadLocal<MetricNames> metricNames = ThreadLocal.withInitial(MetricNames::new);

    /** Sends through {@code fanout}, reading pool and node from tags {@code poolTag} and {@code nodeTag}, with the default bounds. */
    public IngestService(SinkFanout fanout, String poolTag, String nodeTag, java.time.Duration maxWait) {
        this(fanout, poolTag, nodeTag, maxWait, LineBounds.DEFAULT);
    }

    /** As above, refusing lines beyond {@code bounds}. */
    public IngestService(SinkFanout fanout, String poolTag, String nodeTag, java.time.Duration maxWait, LineBounds bounds) {
        this.fanout = fanout;
        this.maxWaitNanos = maxWait.toNanos();
        this.poolTag = poolTag;
        this.nodeTag = nodeTag;
        this.parsers = ThreadLocal.withInitial(() -> new LineProtocolParser(bounds.maxFields(), bounds.maxLineBytes()));
    }

    /** {@link #ingest(byte[], int, long, long, IngestGrant)} for a caller that may write any pool. */
    public IngestResult ingest(byte[] body, int len, long nanosPerUnit, long nowNanos) {
        return ingest(body, len, nanosPerUnit, nowNanos, IngestGrant.anyPool("ops"));
    }

    /**
     * Parses {@code body[0, len)} and hands the good points on, all or nothing (see {@link IngestResult#overloaded()}).
     * Parses with timestamps in units of {@code nanosPerUnit}; lines without one get {@code nowNanos}. Lines of a
     * pool {@code grant} does not cover are refused, each named. The good lines go on as a {@link LineBlock}
     * that may share {@code body}: the caller must not change it afterwards.
     */
    public IngestResult ingest(byte[] body, int len, long nanosPerUnit, long nowNanos, IngestGrant grant) {
        Collector c = new Collector(body, len, nowNanos, len / 64 + 1, grant);
        parsers.get().parse(body, 0, len, nanosPerUnit, c);
        LineBlock lines = c.block.build();
        boolean taken = fanout.offerPoints(lines, c.samples, maxWaitNanos);
        return new IngestResult(lines.lines(), c.samples.size(), c.errors, c.bad, !taken);
    }

    /** What this thread's parser keeps between requests (for tests: it must not be the last body). */
    long retainedParserBytes() {
        return parsers.get().retainedBytes();
    }

    private final class Collector implements LineProtocolParser.Handler {
        final long nowNanos;
        final IngestGrant grant;
        final BlockBuilder block;
        final List<Sample> samples;
        final List<String> errors = new ArrayList<>();
        final MetricNames names = metricNames.get();
        int bad;

        Collector(byte[] body, int len, long nowNanos, int expected, IngestGrant grant) {
            this.nowNanos = nowNanos;
            this.grant = grant;
            this.block = new BlockBuilder(body, len, expected);
            this.samples = new ArrayList<>(Math.min(expected * 2, 131_072));
        }

        @Override
        public void point(ParsedLine line) {
            String pool = line.tag(poolTag);
            if (!grant.allows(pool)) {
                error(line.lineNumber(), grant.refusal(poolTag, pool));
                return;
            }
            line.appendTo(block, nowNanos);
            long ms = Math.floorDiv(line.hasTimestamp() ? line.timestampNanos() : nowNanos, 1_000_000L);
            String node = line.tag(nodeTag);
            String m = line.measurement();
            for (int i = 0; i < line.fieldCount(); i++) {
                if (!line.isNumeric(i)) continue;
                samples.add(new Sample(pool == null ? "" : pool, node == null ? "" : node, names.of(m, line.fieldKey(i)), line.number(i), ms));
            }
        }

        @Override
        public void error(int lineNumber, String why) {
            bad++;
            if (errors.size() < MAX_REPORTED_ERRORS) errors.add("line " + lineNumber + ": " + why);
        }
    }
}
