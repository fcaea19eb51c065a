package io.baton.engine.session;

import io.baton.engine.model.Node;
import io.baton.engine.model.NodeMetric;
import io.baton.engine.model.NodeStatus;

/**
 * One node an actuator reported, as the engine keeps it: its facts with their session handles, and its pool's
 * aggregate and slot in it, so that a sample finds all it changes with one lookup of the node's id.
 */
final class NodeEntry {
    private static final FactRef[] NONE = new FactRef[0];
    final Node node;
    final FactRef nodeRef;
    /** The aggregate of the node's pool; a pool with nodes is never removed, so it stays the node's for its life. */
    final PoolAggregate aggregate;
    /** The node's status and its handle; null once the node crashed and its readings were dropped. */
    NodeStatus status;
    FactRef statusRef;
    /** The node's slot in {@link #aggregate}, from its first sample on; -1 before. */
    int slot = -1;
    /** The node's {@code NodeMetric} facts, one per kept metric it sent. */
    FactRef[] metrics = NONE;

    NodeEntry(Node node, FactRef nodeRef, PoolAggregate aggregate, NodeStatus status, FactRef statusRef) {
        this.node = node;
        this.nodeRef = nodeRef;
        this.aggregate = aggregate;
        this.status = status;
        this.statusRef = statusRef;
    }

    /** The reference of the node's {@code NodeMetric} of {@code metric}, or null. */
    FactRef metric(String metric) {
        for (FactRef r : metrics) if (((NodeMetric) r.fact).getMetric().equals(metric)) return r;
        return null;
    }

    /** Adds the reference of a new {@code NodeMetric} of the node. */
    void addMetric(FactRef ref) {
        FactRef[] grown = java.util.Arrays.copyOf(metrics, metrics.length + 1);
        grown[metrics.length] = ref;
        metrics = grown;
    }
}
