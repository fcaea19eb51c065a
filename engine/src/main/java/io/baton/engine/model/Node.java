package io.baton.engine.model;

/** A node of a pool as the rule session sees it. The engine updates the state from lifecycle events. */
public final class Node {
    private final String id;
    private final String pool;
    private NodeState state;
    private long startedAt;

    public Node(String id, String pool, NodeState state, long startedAt) {
        this.id = id;
        this.pool = pool;
        this.state = state;
        this.startedAt = startedAt;
    }

    public String getId() { return id; }
    public String getPool() { return pool; }
    public NodeState getState() { return state; }
    public void setState(NodeState state) { this.state = state; }
    /** Epoch millis of the RUNNING transition, or of the request while it is not running yet. */
    public long getStartedAt() { return startedAt; }
    public void setStartedAt(long startedAt) { this.startedAt = startedAt; }

    @Override public String toString() { return "Node(" + id + " " + state + ")"; }
}
