package io.baton.engine.guard;

/** Answers the flap guard's question: with this many nodes, would the rules at once scale out? */
@FunctionalInterface
public interface FlapEstimator {

    /**
     * Whether the pool, shrunk from {@code current} to {@code after} nodes with the same total load,
     * would make a scale-out rule match; the name of that rule, or null if none would.
     */
    String wouldScaleOut(String pool, int current, int after);
}
