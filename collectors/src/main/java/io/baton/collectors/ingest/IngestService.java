package io.baton.collectors.ingest;

import io.baton.engine.schema.Fields;
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
     * pool {@code grant} does not cover are refused, each named.
     */
    public IngestResult ingest(byte[] body, int len, long nanosPerUnit, long nowNanos, IngestGrant grant) {
        Collector c = new Collector(nowNanos, len / 64 + 1, grant);
        parsers.get().parse(body, 0, len, nanosPerUnit, c);
        boolean taken = fanout.offerPoints(c.lines, c.samples, maxWaitNanos);
        return new IngestResult(c.lines.size(), c.samples.size(), c.errors, c.bad, !taken);
    }

    /** What this thread's parser keeps between requests (for tests: it must not be the last body). */
    long retainedParserBytes() {
        return parsers.get().retainedBytes();
    }

    private final class Collector implements LineProtocolParser.Handler {
        final long nowNanos;
        final IngestGrant grant;
        final List<String> lines;
        final List<Sample> samples;
        final List<String> errors = new ArrayList<>();
        int bad;

        Collector(long nowNanos, int expected, IngestGrant grant) {
            this.nowNanos = nowNanos;
            this.grant = grant;
            this.lines = new ArrayList<>(Math.min(expected, 65_536));
            this.samples = new ArrayList<>(Math.min(expected, 65_536));
        }

        @Override
        public void point(ParsedLine line) {
            String pool = line.tag(poolTag);
            if (!grant.allows(pool)) {
                error(line.lineNumber(), grant.refusal(poolTag, pool));
                return;
            }
            lines.add(line.toLineProtocol(nowNanos));
            long ms = Math.floorDiv(line.hasTimestamp() ? line.timestampNanos() : nowNanos, 1_000_000L);
            String node = line.tag(nodeTag);
            String m = line.measurement();
            for (int i = 0; i < line.fieldCount(); i++) {
                if (!line.isNumeric(i)) continue;
                String key = line.fieldKey(i);
                String metric = key.equals(Fields.VALUE) ? m : m + '_' + key;
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
