package io.baton.collectors.influx;

import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.Sample;
import io.baton.collectors.sinks.LineProtocolText;
import java.util.Map;

/** Turns Baton's facts into line protocol per the shared schema, with nanosecond timestamps. */
final class LineFormat {
    static final String LIFECYCLE = "node_lifecycle";
    private static final long NANOS_PER_MS = 1_000_000L;
    private final java.util.function.Function<String, PoolMeta> pools;

    LineFormat(java.util.function.Function<String, PoolMeta> pools) {
        this.pools = pools;
    }

    /** {@code metric,node=..,pool=..[,customer=..,service=..,software=..] value=v ts}; null for NaN or infinite values. */
    String sample(Sample s) {
        return metric(s.getMetric(), s.getPool(), s.getNode(), s.getValue(), s.getTimestamp());
    }

    /** Health as two metric points, {@code up} (1 or 0) and {@code probe_latency_ms}. */
    String[] health(NodeHealth h) {
        return new String[] {
                metric("up", h.getPool(), h.getNode(), h.isUp() ? 1 : 0, h.getTimestamp()),
                metric("probe_latency_ms", h.getPool(), h.getNode(), h.getLatencyMs(), h.getTimestamp())};
    }

    /** {@code node_lifecycle,customer,node,pool,service,software cores=Ni,decision="id",state="RUNNING" ts}. */
    String lifecycle(LifecycleEvent e) {
        StringBuilder sb = new StringBuilder(160).append(LIFECYCLE);
        tag(sb, "customer", e.customer());
        tag(sb, "node", e.node());
        tag(sb, "pool", e.pool());
        tag(sb, "service", e.service());
        tag(sb, "software", e.software());
        sb.append(" cores=").append(e.cores()).append('i');
        sb.append(",decision=");
        string(sb, e.decision() == null ? "" : e.decision());
        sb.append(",state=");
        string(sb, e.state().name());
        return sb.append(' ').append(e.time() * NANOS_PER_MS).toString();
    }

    private String metric(String name, String pool, String node, double value, long timeMs) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return null;
        StringBuilder sb = new StringBuilder(96);
        escape(sb, name, false);
        PoolMeta meta = pool == null ? null : pools.apply(pool);
        if (meta != null) tag(sb, "customer", meta.customer());
        tag(sb, "node", node);
        tag(sb, "pool", pool);
        if (meta != null) {
            tag(sb, "service", meta.service());
            tag(sb, "software", meta.software());
        }
        sb.append(" value=").append(value);
        return sb.append(' ').append(timeMs * NANOS_PER_MS).toString();
    }

    private static void tag(StringBuilder sb, String key, String value) {
        LineProtocolText.tag(sb, key, value);
    }

    private static void escape(StringBuilder sb, String s, boolean equalsToo) {
        LineProtocolText.measurement(sb, s);
    }

    private static void string(StringBuilder sb, String s) {
        LineProtocolText.string(sb, s);
    }
}
