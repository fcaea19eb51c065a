package io.baton.engine.session;

import io.baton.engine.model.Clock;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.Node;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.NodeMetric;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.NodeStatus;
import io.baton.engine.model.Pool;
import io.baton.engine.model.PoolMetric;
import io.baton.engine.model.Sample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the rules see, kept in Java and mirrored into the session: pools, nodes, their liveness,
 * the rolling metric aggregates and the clock. Samples and probes change the Java side at once;
 * {@link #flush()} hands the changed facts to the session in one go before the rules fire.
 */
final class FleetFacts {
    private static final int GONE_MEMORY = 10_000;
    private final EngineSettings settings;
    private final RuleSession session;
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final Map<String, PoolAggregate> aggregates = new HashMap<>();
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, NodeStatus> statuses = new HashMap<>();
    private final Map<String, Map<String, NodeMetric>> nodeMetrics = new HashMap<>();
    private final Set<Object> dirty = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Boolean> gone = new LinkedHashMap<>(16, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) { return size() > GONE_MEMORY; }
    };
    private final Map<String, Long> crashedAt = new LinkedHashMap<>();
    private final Map<String, Integer> crashedCapacity = new HashMap<>();
    private static final long CRASH_MEMORY_MS = 600_000;
    private final Clock clock;
    private final boolean[] created = new boolean[1];
    long unknownPoolSamples;

    FleetFacts(EngineSettings settings, RuleSession session, Collection<Pool> configured, long now) {
        this.settings = settings;
        this.session = session;
        this.clock = new Clock(now);
        session.insert(clock);
        for (Pool p : configured) {
            pools.put(p.getName(), p);
            aggregates.put(p.getName(), new PoolAggregate(p.getName(), settings.historySeconds()));
            session.insert(p);
        }
    }

    Pool pool(String name) { return pools.get(name); }
    Collection<Pool> pools() { return pools.values(); }
    Node node(String id) { return nodes.get(id); }
    Collection<Node> nodes() { return nodes.values(); }
    long now() { return clock.getNow(); }

    void sample(Sample s) {
        Pool pool = pools.get(s.getPool());
        if (pool == null) {
            unknownPoolSamples++;
            return;
        }
        String nodeId = s.getNode();
        if (nodeId == null || gone.containsKey(nodeId)) return;
        NodeStatus status = statuses.get(nodeId);
        if (status == null) {
            adopt(pool, nodeId, s.getTimestamp());
            status = statuses.get(nodeId);
        }
        if (s.getTimestamp() > status.getLastSeen()) {
            status.setLastSeen(s.getTimestamp());
            if (status.getSilentSeconds() != 0) {
                status.setSilentSeconds(0);
                dirty.add(status);
            }
        }
        PoolMetric pm = aggregates.get(pool.getName()).record(nodeId, s.getMetric(), s.getValue(), s.getTimestamp(), created);
        if (created[0]) session.insert(pm);
        else dirty.add(pm);
        if (settings.nodeMetrics().contains(s.getMetric())) {
            Map<String, NodeMetric> byMetric = nodeMetrics.computeIfAbsent(nodeId, k -> new HashMap<>(4));
            NodeMetric nm = byMetric.get(s.getMetric());
            boolean fresh = nm == null;
            if (fresh) {
                nm = new NodeMetric(pool.getName(), nodeId, s.getMetric(), settings.nodeHistorySeconds());
                byMetric.put(s.getMetric(), nm);
            }
            nm.series().record(s.getTimestamp(), s.getValue());
            if (fresh) session.insert(nm);
            else dirty.add(nm);
        }
        if (settings.rawSamples()) session.insertEvent(s);
    }

    void health(NodeHealth h) {
        if (h.getNode() == null || gone.containsKey(h.getNode())) return;
        NodeStatus status = statuses.get(h.getNode());
        if (status == null) {
            Pool pool = pools.get(h.getPool());
            if (pool == null) return;
            adopt(pool, h.getNode(), h.getTimestamp());
            status = statuses.get(h.getNode());
        }
        status.setConsecutiveFailures(h.isUp() ? 0 : status.getConsecutiveFailures() + 1);
        status.setProbeLatencyMs(h.getLatencyMs());
        dirty.add(status);
        if (settings.rawSamples()) session.insertEvent(h);
    }

    /** Applies a node transition; returns true when the node is gone for good. */
    boolean lifecycle(LifecycleEvent e) {
        Pool pool = pools.get(e.pool());
        if (pool == null) return false;
        Node node = nodes.get(e.node());
        if (e.state() == NodeState.FAILED && node != null && node.getState() == NodeState.RUNNING) {
            crashed(pool, node, e.time());
            return false;
        }
        if (e.state().isFinal()) {
            gone.put(e.node(), Boolean.TRUE);
            if (node != null) {
                recount(pool, node.getState(), null);
                forget(pool, node, e.time());
            }
            return true;
        }
        if (node == null) {
            gone.remove(e.node());
            node = new Node(e.node(), pool.getName(), e.state(), e.time());
            nodes.put(node.getId(), node);
            session.insert(node);
            NodeStatus status = new NodeStatus(pool.getName(), node.getId(), e.time());
            statuses.put(node.getId(), status);
            session.insert(status);
            recount(pool, null, e.state());
        } else {
            recount(pool, node.getState(), e.state());
            node.setState(e.state());
            if (e.state() == NodeState.RUNNING) {
                node.setStartedAt(e.time());
                NodeStatus status = statuses.get(node.getId());
                if (status.getLastSeen() < e.time()) {
                    status.setLastSeen(e.time());
                    dirty.add(status);
                }
            }
            dirty.add(node);
        }
        return false;
    }

    /**
     * A running node died on its own: its metrics and status go, but its {@code Node} fact stays in
     * state FAILED so that a rule can replace it; {@link #forgetCrashed(String)} drops it afterwards.
     */
    private void crashed(Pool pool, Node node, long time) {
        gone.put(node.getId(), Boolean.TRUE);
        recount(pool, node.getState(), NodeState.FAILED);
        node.setState(NodeState.FAILED);
        dirty.add(node);
        dropReadings(pool, node.getId(), time);
        crashedAt.put(node.getId(), time);
        crashedCapacity.put(node.getId(), pool.getNodes() + 1);
    }

    /** The pool's capacity just before {@code nodeId} crashed, or -1 if it did not crash. */
    int crashedCapacity(String nodeId) {
        Integer c = crashedCapacity.get(nodeId);
        return c == null ? -1 : c;
    }

    /** Drops a crashed node's fact once a decision about it was made, or when it is old. */
    void forgetCrashed(String nodeId) {
        crashedCapacity.remove(nodeId);
        if (crashedAt.remove(nodeId) == null) return;
        Node node = nodes.remove(nodeId);
        if (node != null) {
            dirty.remove(node);
            session.delete(node);
        }
    }

    /** Drops what a node reported: its status, its node metrics, and its share of the pool's aggregates. */
    private void dropReadings(Pool pool, String nodeId, long time) {
        NodeStatus status = statuses.remove(nodeId);
        if (status != null) {
            session.delete(status);
            dirty.remove(status);
        }
        Map<String, NodeMetric> nms = nodeMetrics.remove(nodeId);
        if (nms != null) {
            for (NodeMetric nm : nms.values()) {
                session.delete(nm);
                dirty.remove(nm);
            }
        }
        for (PoolMetric pm : aggregates.get(pool.getName()).removeNode(nodeId, time)) dirty.add(pm);
    }

    private void adopt(Pool pool, String nodeId, long time) {
        lifecycle(LifecycleEvent.of(pool, nodeId, NodeState.RUNNING, "", time, ""));
    }

    private void forget(Pool pool, Node node, long time) {
        nodes.remove(node.getId());
        session.delete(node);
        dirty.remove(node);
        dropReadings(pool, node.getId(), time);
    }

    /** Keeps the pool's capacity count in step with a node entering {@code to} from {@code from} (null: new or gone). */
    private void recount(Pool pool, NodeState from, NodeState to) {
        int delta = (to != null && to.countsAsCapacity() ? 1 : 0) - (from != null && from.countsAsCapacity() ? 1 : 0);
        if (delta != 0) {
            pool.setNodes(pool.getNodes() + delta);
            dirty.add(pool);
        }
    }

    /**
     * Moves the clock fact to {@code now} when a new second begins, and refreshes the silence of the
     * nodes that have sent nothing for at least the grace period.
     */
    void tick(long now) {
        if (now / 1000 != clock.getNow() / 1000 && now > clock.getNow()) {
            clock.setNow(now);
            dirty.add(clock);
            if (!crashedAt.isEmpty()) {
                for (String id : new ArrayList<>(crashedAt.keySet())) {
                    if (now - crashedAt.get(id) > CRASH_MEMORY_MS) forgetCrashed(id);
                }
            }
            for (NodeStatus st : statuses.values()) {
                long silent = (now - st.getLastSeen()) / 1000;
                int value = silent >= settings.silenceGraceSeconds() ? (int) Math.min(silent, Integer.MAX_VALUE) : 0;
                if (value != st.getSilentSeconds()) {
                    st.setSilentSeconds(value);
                    dirty.add(st);
                }
            }
        }
    }

    /** Hands every changed fact to the session. */
    void flush() {
        if (dirty.isEmpty()) return;
        for (Object f : dirty) {
            if (f instanceof PoolMetric pm) aggregates.get(pm.getPool()).refreshMedian(pm);
            session.update(f);
        }
        dirty.clear();
    }

    /** The pool's metrics, for what-if questions. */
    List<PoolMetric> poolMetrics(String pool) {
        List<PoolMetric> out = new ArrayList<>();
        PoolAggregate agg = aggregates.get(pool);
        if (agg != null) agg.facts().forEach(out::add);
        return out;
    }

    /** The pool's metric by name, or null. */
    PoolMetric poolMetric(String pool, String metric) {
        for (PoolMetric m : poolMetrics(pool)) if (m.getMetric().equals(metric)) return m;
        return null;
    }
}
