package io.baton.engine.model;

/** What a decision asks for. */
public enum DecisionKind {
    /** Add {@code amount} nodes. */
    SCALE_OUT,
    /** Remove {@code amount} nodes. */
    SCALE_IN,
    /** Replace one node with a fresh one. */
    REPLACE_NODE,
    /** Bring the pool to {@code amount} nodes. */
    SET_CAPACITY;

    /** The lower-case name used in scenarios and the API, e.g. {@code scale_out}. */
    public String label() { return name().toLowerCase(); }
}
