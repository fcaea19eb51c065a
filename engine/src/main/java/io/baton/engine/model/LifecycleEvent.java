package io.baton.engine.model;

/**
 * One transition of a node's life, as billing reads it: who ran what, for whom, and when.
 *
 * @param time epoch millis of the transition
 * @param decision the id of the decision that caused it, or "" when none did (adoption, crash)
 */
public record LifecycleEvent(String customer, String service, String software, String pool, String node,
                             int cores, NodeState state, String decision, long time, String address) {

    /** The event for {@code node} of {@code pool} entering {@code state}. */
    public static LifecycleEvent of(Pool pool, String node, NodeState state, String decision, long time, String address) {
        return new LifecycleEvent(pool.getCustomer(), pool.getService(), pool.getSoftware(), pool.getName(), node,
                pool.getCores(), state, decision == null ? "" : decision, time, address == null ? "" : address);
    }
}
