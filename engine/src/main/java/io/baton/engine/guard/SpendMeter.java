package io.baton.engine.guard;

import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The RUNNING time of every node the engine saw, per pool, from the actuators' transitions: a node runs
 * from its RUNNING transition to the next transition out of RUNNING. Intervals that ended more than two
 * days before the newest question are forgotten. Not thread-safe: the engine owns it.
 */
final class SpendMeter {
    private static final long KEEP_MS = 2L * 24 * 3_600_000;
    private record Open(String pool, long since) { }
    private record Ran(long from, long to) { }
    private final Map<String, Open> open = new HashMap<>();
    private final Map<String, Map<String, Long>> openByPool = new HashMap<>();
    private final Map<String, List<Ran>> closed = new HashMap<>();

    void lifecycle(LifecycleEvent e) {
        if (e.node() == null) return;
        if (e.state() == NodeState.RUNNING) {
            if (open.putIfAbsent(e.node(), new Open(e.pool(), e.time())) == null) {
                openByPool.computeIfAbsent(e.pool(), p -> new HashMap<>()).put(e.node(), e.time());
            }
            return;
        }
        Open o = open.remove(e.node());
        if (o == null) return;
        Map<String, Long> of = openByPool.get(o.pool());
        if (of != null && of.remove(e.node()) != null && of.isEmpty()) openByPool.remove(o.pool());
        if (e.time() > o.since()) closed.computeIfAbsent(o.pool(), p -> new ArrayList<>()).add(new Ran(o.since(), e.time()));
    }

    /** The node-hours {@code pool} ran between {@code from} and {@code to} (epoch ms). */
    double nodeHours(String pool, long from, long to) {
        long ms = 0;
        List<Ran> ran = closed.get(pool);
        if (ran != null) {
            for (Iterator<Ran> it = ran.iterator(); it.hasNext(); ) {
                Ran r = it.next();
                if (r.to() < to - KEEP_MS) it.remove();
                else ms += overlap(r.from(), r.to(), from, to);
            }
        }
        for (long since : openByPool.getOrDefault(pool, Map.of()).values()) ms += overlap(since, to, from, to);
        return ms / 3_600_000.0;
    }

    private static long overlap(long a, long b, long from, long to) {
        return Math.max(0, Math.min(b, to) - Math.max(a, from));
    }
}
