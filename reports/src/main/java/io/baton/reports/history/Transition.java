package io.baton.reports.history;

import io.baton.engine.model.NodeState;

/** One point of {@code node_lifecycle}: a node entering {@code state} at epoch millis {@code time}. */
public record Transition(String node, NodeState state, long time) { }
