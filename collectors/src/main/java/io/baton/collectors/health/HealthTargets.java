package io.baton.collectors.health;

import java.util.List;

/** Supplies the nodes to probe on each round (the app wires it, e.g. from the actuators' node lists). */
@FunctionalInterface
public interface HealthTargets {

    /** The nodes to probe now. */
    List<HealthTarget> targets();
}
