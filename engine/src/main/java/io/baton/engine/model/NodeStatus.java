package io.baton.engine.model;

/**
 * What the engine knows of a node's liveness: when it last sent a sample and how its health probes
 * went. Updated by the engine at most once per flush.
 */
public final class NodeStatus {
    private final String pool;
    private final String node;
    private long lastSeen;
    private int consecutiveFailures;
    private double probeLatencyMs;
    private int silentSeconds;
    private boolean reported;

    public NodeStatus(String pool, String node, long lastSeen) {
        this.pool = pool;
        this.node = node;
        this.lastSeen = lastSeen;
    }

    public String getPool() { return pool; }
    public String getNode() { return node; }
    /** Epoch millis of the newest sample (or of the node's start). */
    public long getLastSeen() { return lastSeen; }
    /** Health probes failed in a row; 0 after any success. */
    public int getConsecutiveFailures() { return consecutiveFailures; }
    /**
     * Whole seconds since the newest sample, once that reaches the engine's silence grace (15 s by
     * default); 0 before, and always 0 for a node that never sent a sample: silence means a node
     * stopped, not that it never spoke. The engine refreshes it once a second only for silent nodes,
     * so a healthy fleet costs the rules nothing.
     */
    public int getSilentSeconds() { return silentSeconds; }
    public void setSilentSeconds(int s) { this.silentSeconds = s; }
    /** Whether the node has sent at least one sample. */
    public boolean isReported() { return reported; }
    public void markReported() { this.reported = true; }
    /** Latency of the newest probe. */
    public double getProbeLatencyMs() { return probeLatencyMs; }

    public void setLastSeen(long lastSeen) { this.lastSeen = lastSeen; }
    public void setConsecutiveFailures(int n) { this.consecutiveFailures = n; }
    public void setProbeLatencyMs(double ms) { this.probeLatencyMs = ms; }

    @Override public String toString() {
        return "NodeStatus(" + node + " lastSeen=" + lastSeen + " silent=" + silentSeconds + "s failures=" + consecutiveFailures + ")";
    }
}
