package io.baton.engine.model;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * One metric reading of one node. The engine folds samples into rolling aggregates in Java
 * ({@link PoolMetric}, {@link NodeMetric}); with {@code rawSamples} on it also inserts them into the
 * session as events, which expire after 15 minutes so memory stays bounded.
 */
@Role(Role.Type.EVENT)
@Timestamp("timestamp")
@Expires("15m")
public final class Sample {
    private final String pool;
    private final String node;
    private final String metric;
    private final double value;
    private final long timestamp;

    public Sample(String pool, String node, String metric, double value, long timestamp) {
        this.pool = pool;
        this.node = node;
        this.metric = metric;
        this.value = value;
        this.timestamp = timestamp;
    }

    public String getPool() { return pool; }
    public String getNode() { return node; }
    public String getMetric() { return metric; }
    public double getValue() { return value; }
    /** Epoch millis. */
    public long getTimestamp() { return timestamp; }

    @Override public String toString() { return "Sample(" + pool + "/" + node + " " + metric + "=" + value + " @" + timestamp + ")"; }
}
