package io.baton.engine.scenario;

import io.baton.engine.model.Decision;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.Node;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Actuator;
import io.baton.engine.port.LifecycleListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * An actuator over imaginary nodes, for rule scenarios and benchmarks: nodes start and stop at once,
 * with every lifecycle transition reported as a real actuator would. Scale-in removes the newest
 * nodes. Idempotent by decision id.
 */
public final class SimulatedFleet implements Actuator {
    private final LifecycleListener listener;
    private final LongSupplier clock;
    private final Map<String, Map<String, NodeState>> pools = new LinkedHashMap<>();
    private final Map<String, Integer> serial = new LinkedHashMap<>();
    private final Set<String> applied = new HashSet<>();
    private final List<Decision> decisions = new ArrayList<>();

    public SimulatedFleet(LifecycleListener listener, LongSupplier clock) {
        this.listener = listener;
        this.clock = clock;
    }

    @Override public String type() { return "simulated"; }

    @Override public boolean ready(Pool pool) { return true; }

    /** Starts the pool with {@code n} running nodes named {@code pool-1..pool-n}. */
    public void seed(Pool pool, int n) {
        for (int i = 0; i < n; i++) start(pool, "");
    }

    @Override public void apply(Pool pool, Decision d) {
        if (!applied.add(d.getId())) return;
        decisions.add(d);
        switch (d.getKind()) {
            case SCALE_OUT -> { for (int i = 0; i < d.getAmount(); i++) start(pool, d.getId()); }
            case SCALE_IN -> {
                List<String> running = running(pool.getName());
                for (int i = 0; i < d.getAmount() && !running.isEmpty(); i++) {
                    stop(pool, running.remove(running.size() - 1), d.getId());
                }
            }
            case REPLACE_NODE -> {
                start(pool, d.getId());
                stop(pool, d.getNode(), d.getId());
            }
            default -> throw new IllegalArgumentException("the engine sends deltas, not " + d.getKind());
        }
    }

    @Override public List<Node> status(Pool pool) {
        List<Node> out = new ArrayList<>();
        pools.getOrDefault(pool.getName(), Map.of()).forEach((id, st) -> out.add(new Node(id, pool.getName(), st, 0)));
        return out;
    }

    /** Running nodes of the pool, oldest first. */
    public List<String> running(String pool) {
        List<String> out = new ArrayList<>();
        pools.getOrDefault(pool, Map.of()).forEach((id, st) -> { if (st == NodeState.RUNNING) out.add(id); });
        return out;
    }

    /** Every decision this fleet carried out, in order. */
    public List<Decision> decisions() { return List.copyOf(decisions); }

    /** Marks a node as crashed, as a real actuator would on a dead process. */
    public void crash(Pool pool, String node) {
        if (pools.getOrDefault(pool.getName(), Map.of()).get(node) == NodeState.RUNNING) move(pool, node, NodeState.FAILED, "");
    }

    private void start(Pool pool, String decision) {
        int n = serial.merge(pool.getName(), 1, Integer::sum);
        String id = pool.getName() + "-" + n;
        move(pool, id, NodeState.REQUESTED, decision);
        move(pool, id, NodeState.STARTING, decision);
        move(pool, id, NodeState.RUNNING, decision);
    }

    private void stop(Pool pool, String node, String decision) {
        NodeState st = pools.getOrDefault(pool.getName(), Map.of()).get(node);
        if (st == null || st.isFinal()) return;
        move(pool, node, NodeState.DRAINING, decision);
        move(pool, node, NodeState.TERMINATED, decision);
    }

    private void move(Pool pool, String node, NodeState state, String decision) {
        Map<String, NodeState> nodes = pools.computeIfAbsent(pool.getName(), k -> new LinkedHashMap<>());
        if (state.isFinal()) nodes.remove(node);
        else nodes.put(node, state);
        listener.onLifecycle(LifecycleEvent.of(pool, node, state, decision, clock.getAsLong(), ""));
    }
}
