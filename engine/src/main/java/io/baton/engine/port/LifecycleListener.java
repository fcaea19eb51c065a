package io.baton.engine.port;

import io.baton.engine.model.LifecycleEvent;

/** Receives every node transition. The engine feeds them to the rules; the InfluxDB sink stores them for billing. */
public interface LifecycleListener {

    /** Called once per transition, in the order the transitions happened for that node. */
    void onLifecycle(LifecycleEvent event);
}
