package io.baton.actuators.reconcile;

/** An actuator whose own view of the nodes can be brought back in line with the real ones. */
public interface Reconcilable {

    /** The actuator's type, for logs. */
    String type();

    /**
     * Reads the real nodes and reconciles: adopts orphans, marks vanished nodes TERMINATED (with an
     * event), finishes or rolls back half-done operations. Returns how many nodes changed.
     */
    int reconcile();
}
