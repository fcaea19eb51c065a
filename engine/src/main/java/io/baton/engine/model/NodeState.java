package io.baton.engine.model;

/** The life of a node: REQUESTED → STARTING → RUNNING → DRAINING → TERMINATED, or FAILED. */
public enum NodeState {
    REQUESTED, STARTING, RUNNING, DRAINING, TERMINATED, FAILED;

    /** Whether a node in this state counts towards the pool's capacity. */
    public boolean countsAsCapacity() {
        return this == REQUESTED || this == STARTING || this == RUNNING;
    }

    /** Whether the node is gone for good. */
    public boolean isFinal() {
        return this == TERMINATED || this == FAILED;
    }
}
