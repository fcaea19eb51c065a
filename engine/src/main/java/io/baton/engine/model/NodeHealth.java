package io.baton.engine.model;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/** The result of one health probe of a node. */
@Role(Role.Type.EVENT)
@Timestamp("timestamp")
@Expires("15m")
public final class NodeHealth {
    private final String pool;
    private final String node;
    private final boolean up;
    private final double latencyMs;
    private final long timestamp;

    public NodeHealth(String pool, String node, boolean up, double latencyMs, long timestamp) {
        this.pool = pool;
        this.node = node;
        this.up = up;
        this.latencyMs = latencyMs;
        this.timestamp = timestamp;
    }

    public String getPool() { return pool; }
    public String getNode() { return node; }
    public boolean isUp() { return up; }
    public double getLatencyMs() { return latencyMs; }
    public long getTimestamp() { return timestamp; }

    @Override public String toString() { return "NodeHealth(" + node + (up ? " up " : " down ") + latencyMs + "ms)"; }
}
