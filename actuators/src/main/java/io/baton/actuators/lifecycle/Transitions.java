package io.baton.actuators.lifecycle;

import io.baton.engine.model.NodeState;

/**
 * Which node transitions are legal. A node moves forward only, REQUESTED → STARTING → RUNNING →
 * DRAINING → TERMINATED, may skip forward (an adopted node appears RUNNING; a request cancelled before
 * it started goes straight to TERMINATED), and may become FAILED from any state that is not final.
 * Nothing leaves TERMINATED or FAILED, and a state is never entered twice.
 */
public final class Transitions {
    private Transitions() { }

    /** Whether a node in {@code from} (null: not known yet) may move to {@code to}. */
    public static boolean allowed(NodeState from, NodeState to) {
        if (to == null) return false;
        if (from == null) return true;
        if (from.isFinal()) return false;
        if (to == NodeState.FAILED) return true;
        return to.ordinal() > from.ordinal();
    }
}
