package io.baton.engine.port;

import io.baton.engine.model.LifecycleEvent;

/** Receives every node transition. The engine feeds them to the rules; the InfluxDB sink stores them for billing. */
public interface LifecycleListener {

    /** Called once per transition, in the order the transitions happened for that node. */
    void onLifecycle(LifecycleEvent event);

    /**
     * The last transition of a node, published again, at its own time, by a leader that has just loaded
     * the node's book: the previous leader may have died before a sink stored it. Nothing changed, so
     * listeners that act on transitions ignore it (the default); a store that keeps events by node and
     * time, as the InfluxDB sink does, keeps it again, which changes nothing when it was already there.
     */
    default void onLifecycleAgain(LifecycleEvent event) { }
}
