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

    /** Up to this many of its pool's metrics an entry keeps at hand (a node sends a few). */
    private static final int KEPT = 8;
    private String[] poolMetricNames = new String[0];
    private PoolAggregate.MetricState[] poolMetrics = new PoolAggregate.MetricState[0];

    /** The state of the pool's metric {@code metric} as this node last fed it, or null when not kept here. */
    PoolAggregate.MetricState poolMetric(String metric) {
        String[] names = poolMetricNames;
        for (int i = 0; i < names.length; i++) {
            if (names[i] == metric || names[i].equals(metric)) return poolMetrics[i];
        }
        return null;
    }

    /** Keeps the state of the pool's metric {@code metric} at hand, while there is room. */
    void keepPoolMetric(String metric, PoolAggregate.MetricState state) {
        int n = poolMetricNames.length;
        if (n >= KEPT) return;
        poolMetricNames = java.util.Arrays.copyOf(poolMetricNames, n + 1);
        poolMetrics = java.util.Arrays.copyOf(poolMetrics, n + 1);
        poolMetricNames[n] = metric;
        poolMetrics[n] = state;
    }

    /** Forgets the node's status, node metrics and slot, whose facts left the session (the node crashed or ended). */
    void forgetReadings() {
        status = null;
        statusRef = null;
        metrics = NONE;
        slot = -1;
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
