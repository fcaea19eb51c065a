package io.baton.engine.session;

import io.baton.engine.guard.PoolHealth;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's own counts of the fleet, from actuator transitions only: the nodes counting as capacity and the
 * running ones per pool, the unhealthy ones at the last whole second, and the pools of each customer. The
 * {@code Pool} facts show the capacity to the rules, but guardrails read it from here, so a rule that changes a
 * fact cannot talk them into removing capacity. The counts are readable from any thread; the index of pools by
 * customer is the engine thread's.
 */
final class FleetCounts {
    private final Map<String, List<String>> poolsByCustomer = new HashMap<>();
    private final Map<String, Integer> capacity = new ConcurrentHashMap<>();
    private final Map<String, Integer> running = new ConcurrentHashMap<>();
    /** Unhealthy or silent RUNNING nodes per pool at the last whole second, only pools that have any. */
    private volatile Map<String, Integer> unhealthy = Map.of();

    /** Indexes a pool under its customer. */
    void index(Pool p) {
        poolsByCustomer.computeIfAbsent(p.getCustomer(), c -> new ArrayList<>()).add(p.getName());
    }

    /** Takes a pool out of its customer's index. */
    void unindex(Pool p) {
        List<String> of = poolsByCustomer.get(p.getCustomer());
        if (of == null) return;
        of.remove(p.getName());
        if (of.isEmpty()) poolsByCustomer.remove(p.getCustomer());
    }

    /** Forgets the counts of a removed pool. */
    void forget(String pool) {
        capacity.remove(pool);
        running.remove(pool);
    }

    /**
     * Keeps the pool's counts in step with a node entering {@code to} from {@code from} (null: new or gone);
     * returns the pool's new capacity when it changed, else -1.
     */
    int recount(String pool, NodeState from, NodeState to) {
        int run = (to == NodeState.RUNNING ? 1 : 0) - (from == NodeState.RUNNING ? 1 : 0);
        if (run != 0) running.merge(pool, run, Integer::sum);
        int delta = (to != null && to.countsAsCapacity() ? 1 : 0) - (from != null && from.countsAsCapacity() ? 1 : 0);
        return delta == 0 ? -1 : capacity.merge(pool, delta, Integer::sum);
    }

    /** The nodes counting as capacity in {@code pool}, as the actuators reported them. */
    int capacity(String pool) {
        return capacity.getOrDefault(pool, 0);
    }

    /** The RUNNING nodes of {@code pool}. */
    int running(String pool) {
        return running.getOrDefault(pool, 0);
    }

    /** The nodes counting as capacity across the pools of {@code customer}. */
    long heldBy(String customer) {
        long sum = 0;
        for (String pool : poolsByCustomer.getOrDefault(customer, List.of())) sum += capacity(pool);
        return sum;
    }

    /** The names of the pools of {@code customer}. */
    List<String> poolsOf(String customer) {
        return poolsByCustomer.getOrDefault(customer, List.of());
    }

    /** Records the unhealthy RUNNING nodes per pool found at a whole second (pools with none left out). */
    void unhealthy(Map<String, Integer> byPool) {
        Map<String, Integer> next = Map.copyOf(byPool);
        if (!next.equals(unhealthy)) unhealthy = next;
    }

    /**
     * How the pool's running nodes looked at the last whole second: how many, and how many of them had a failed
     * last probe or had been silent past the grace period after having sent samples.
     */
    PoolHealth health(String pool) {
        return new PoolHealth(running(pool), unhealthy.getOrDefault(pool, 0));
    }
}
