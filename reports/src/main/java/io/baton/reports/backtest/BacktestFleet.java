package io.baton.reports.backtest;

import io.baton.engine.model.Decision;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.Node;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Actuator;
import io.baton.engine.port.LifecycleListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The actuator of a backtest, over imaginary nodes: a scale-out's nodes are REQUESTED and STARTING at once and
 * become RUNNING the provisioning delay later; a scale-in removes nodes at once, the newest first (nodes not yet
 * RUNNING before running ones); a replacement's node is RUNNING at once, so the pool keeps its count. Every
 * transition is reported as a real actuator would, and billing runs from RUNNING to the end, as the usage
 * report counts it. Idempotent by decision id. Not thread-safe: one run's engine owns it.
 */
final class BacktestFleet implements Actuator {
    private final LifecycleListener listener;
    private final long delay;
    private final Map<String, Nodes> pools = new LinkedHashMap<>();
    private final Set<String> applied = new HashSet<>();
    private long now;

    /** One pool's nodes: RUNNING ones with the time they became so, oldest first, and the ones still provisioning. */
    private static final class Nodes {
        final Pool pool;
        final LinkedHashMap<String, Long> running = new LinkedHashMap<>();
        final Deque<Pending> pending = new ArrayDeque<>();
        int serial;
        long billed;

        Nodes(Pool pool) { this.pool = pool; }
    }

    private record Pending(String node, long due, String decision) { }

    BacktestFleet(Collection<Pool> pools, LifecycleListener listener, long delayMillis, long start) {
        this.listener = listener;
        this.delay = delayMillis;
        this.now = start;
        for (Pool p : pools) this.pools.put(p.getName(), new Nodes(p));
    }

    @Override public String type() { return "backtest"; }

    @Override public boolean ready(Pool pool) { return true; }

    /** Starts the pool with these RUNNING nodes, or with {@code min} fresh ones when none are given. */
    void seed(String pool, List<String> recorded, int min) {
        Nodes n = pools.get(pool);
        if (recorded.isEmpty()) {
            for (int i = 0; i < min; i++) start(n, fresh(n), "", true);
        } else {
            for (String node : recorded) start(n, node, "", true);
        }
    }

    /** Moves the clock to {@code t}: nodes whose provisioning delay is over become RUNNING. */
    void advance(long t) {
        now = t;
        for (Nodes n : pools.values()) {
            while (!n.pending.isEmpty() && n.pending.peekFirst().due() <= t) {
                Pending p = n.pending.pollFirst();
                n.running.put(p.node(), t);
                move(n, p.node(), NodeState.RUNNING, p.decision());
            }
        }
    }

    @Override public void apply(Pool pool, Decision d) {
        if (!applied.add(d.getId())) return;
        Nodes n = pools.get(pool.getName());
        switch (d.getKind()) {
            case SCALE_OUT -> { for (int i = 0; i < d.getAmount(); i++) start(n, fresh(n), d.getId(), delay == 0); }
            case SCALE_IN -> {
                for (int i = 0; i < d.getAmount(); i++) {
                    if (!n.pending.isEmpty()) stop(n, n.pending.pollLast().node(), d.getId(), false);
                    else if (!n.running.isEmpty()) stop(n, newest(n), d.getId(), true);
                }
            }
            case REPLACE_NODE -> {
                start(n, fresh(n), d.getId(), true);
                if (n.running.containsKey(d.getNode())) stop(n, d.getNode(), d.getId(), true);
                else if (n.pending.removeIf(p -> p.node().equals(d.getNode()))) stop(n, d.getNode(), d.getId(), false);
            }
            default -> throw new IllegalArgumentException("the engine sends deltas, not " + d.getKind());
        }
    }

    @Override public List<Node> status(Pool pool) {
        Nodes n = pools.get(pool.getName());
        List<Node> out = new ArrayList<>();
        n.running.forEach((id, since) -> out.add(new Node(id, pool.getName(), NodeState.RUNNING, since)));
        n.pending.forEach(p -> out.add(new Node(p.node(), pool.getName(), NodeState.STARTING, 0)));
        return out;
    }

    /** The pool's RUNNING nodes, oldest first (a live view: do not keep it across a decision). */
    Collection<String> running(String pool) { return pools.get(pool).running.keySet(); }

    /** Billed node-milliseconds of the pool from the start up to {@code end}, the nodes still RUNNING counted up to it. */
    long billedMillis(String pool, long end) {
        Nodes n = pools.get(pool);
        long sum = n.billed;
        for (long since : n.running.values()) sum += Math.max(0, end - since);
        return sum;
    }

    private String fresh(Nodes n) {
        return n.pool.getName() + "-sim-" + (++n.serial);
    }

    private static String newest(Nodes n) {
        String last = null;
        for (String id : n.running.keySet()) last = id;
        return last;
    }

    private void start(Nodes n, String node, String decision, boolean runningNow) {
        move(n, node, NodeState.REQUESTED, decision);
        move(n, node, NodeState.STARTING, decision);
        if (runningNow) {
            n.running.put(node, now);
            move(n, node, NodeState.RUNNING, decision);
        } else {
            n.pending.addLast(new Pending(node, now + delay, decision));
        }
    }

    private void stop(Nodes n, String node, String decision, boolean wasRunning) {
        if (wasRunning) {
            Long since = n.running.remove(node);
            if (since != null) n.billed += now - since;
            move(n, node, NodeState.DRAINING, decision);
        }
        move(n, node, NodeState.TERMINATED, decision);
    }

    private void move(Nodes n, String node, NodeState state, String decision) {
        listener.onLifecycle(LifecycleEvent.of(n.pool, node, state, decision, now, ""));
    }
}
