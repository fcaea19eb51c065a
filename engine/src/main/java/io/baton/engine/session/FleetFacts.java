package io.baton.engine.session;

import io.baton.engine.schema.Measurements;
import io.baton.engine.guard.PoolHealth;
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
import io.baton.engine.model.Target;
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
    /** The pool names of each customer, kept in step with {@link #putPool} and {@link #removePool}, so a quota check walks only those. */
    private final Map<String, List<String>> poolsByCustomer = new HashMap<>();
    private final Map<String, PoolAggregate> aggregates = new HashMap<>();
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, NodeStatus> statuses = new HashMap<>();
    private final Map<String, Map<String, NodeMetric>> nodeMetrics = new HashMap<>();
    private final Set<Object> dirty = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The pool metrics changed since the last flush, each once (its {@code dirty} flag), in the order they changed. */
    private final List<PoolAggregate.MetricState> dirtyMetrics = new ArrayList<>();
    private final Map<String, Boolean> gone = new LinkedHashMap<>(16, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) { return size() > GONE_MEMORY; }
    };
    private final Map<String, Long> crashedAt = new LinkedHashMap<>();
    private static final long CRASH_MEMORY_MS = 600_000;
    private final Clock clock;
    private final boolean[] created = new boolean[1];
    private final Drops drops = new Drops();
    private final SampleCheck check;
    /**
     * Nodes counting as capacity per pool: the engine's own count, from actuator transitions only. The
     * {@code Pool} facts show it to the rules, but guardrails read it from here, so a rule that changes
     * a fact cannot talk them into removing capacity; a tampered fact is set right within a second.
     */
    private final Map<String, Integer> capacity = new java.util.concurrent.ConcurrentHashMap<>();
    /** RUNNING nodes per pool, kept in step with every transition (read from any thread). */
    private final Map<String, Integer> running = new java.util.concurrent.ConcurrentHashMap<>();
    /** Unhealthy or silent RUNNING nodes per pool at the last whole second, only pools that have any. */
    private volatile Map<String, Integer> unhealthy = Map.of();

    /** What a lifecycle event did to the facts. */
    enum Change { NONE, CHANGED, CRASHED, GONE }

    FleetFacts(EngineSettings settings, RuleSession session, Collection<Pool> configured, long now) {
        this.settings = settings;
        this.session = session;
        this.clock = new Clock(now);
        this.check = new SampleCheck(settings);
        session.insert(clock);
        for (Pool p : configured) {
            pools.put(p.getName(), p);
            aggregates.put(p.getName(), new PoolAggregate(p.getName(), settings.historySeconds(), settings.maxMetricsPerPool()));
            session.insert(p);
        }
        for (Pool p : pools.values()) index(p);
    }

    private void index(Pool p) {
        poolsByCustomer.computeIfAbsent(p.getCustomer(), c -> new ArrayList<>()).add(p.getName());
    }

    private void unindex(Pool p) {
        List<String> of = poolsByCustomer.get(p.getCustomer());
        if (of == null) return;
        of.remove(p.getName());
        if (of.isEmpty()) poolsByCustomer.remove(p.getCustomer());
    }

    /**
     * Adds a pool, or puts a changed one in the place of the old: its nodes, metrics and windows stay,
     * only its configuration (customer, limits) changes.
     */
    void putPool(Pool p) {
        Pool old = pools.get(p.getName());
        if (old != null) {
            p.setNodes(capacity.getOrDefault(p.getName(), 0));
            session.delete(old);
            dirty.remove(old);
            unindex(old);
        } else {
            aggregates.put(p.getName(), new PoolAggregate(p.getName(), settings.historySeconds(), settings.maxMetricsPerPool()));
        }
        pools.put(p.getName(), p);
        index(p);
        session.insert(p);
    }

    /**
     * Removes a pool that holds no live nodes, with its metrics.
     *
     * @throws IllegalStateException when a node of the pool is not yet terminated
     */
    void removePool(String name) {
        Pool old = pools.get(name);
        if (old == null) return;
        for (Node n : nodes.values()) {
            if (n.getPool().equals(name)) throw new IllegalStateException("pool " + name + " still has node " + n.getId() + " (" + n.getState() + ")");
        }
        PoolAggregate agg = aggregates.remove(name);
        if (agg != null) {
            for (PoolAggregate.MetricState m : agg.states()) {
                session.delete(m.fact);
                m.dirty = false; // the flush passes it over
            }
        }
        session.delete(old);
        dirty.remove(old);
        unindex(old);
        pools.remove(name);
        capacity.remove(name);
        running.remove(name);
    }

    Pool pool(String name) { return pools.get(name); }
    Collection<Pool> pools() { return pools.values(); }
    Node node(String id) { return nodes.get(id); }
    Collection<Node> nodes() { return nodes.values(); }
    long now() { return clock.getNow(); }

    /**
     * Folds a sample in, after checking it: its pool must be configured, its node (when it names one)
     * must be one an actuator reported, its value finite and its time within the window the engine
     * keeps and not ahead of engine time by more than {@code maxFutureMillis}. A sample with no node is
     * a pool-level reading. Anything else is dropped and counted: telemetry never creates capacity.
     */
    void sample(Sample s) {
        Pool pool = pools.get(s.getPool());
        DropReason rejected = check.reject(s, pool, clock.getNow());
        if (rejected != null) {
            drops.drop(rejected, s);
            return;
        }
        String nodeId = s.getNode() == null ? PoolAggregate.POOL_LEVEL : s.getNode();
        NodeStatus status = null;
        if (!nodeId.isEmpty()) {
            status = statuses.get(nodeId);
            Node node = nodes.get(nodeId);
            if (status == null || node == null || !node.getPool().equals(pool.getName())) {
                drops.drop(DropReason.UNKNOWN_NODE, s);
                return;
            }
        }
        PoolAggregate.MetricState pm = aggregates.get(pool.getName()).record(nodeId, s.getMetric(), s.getValue(), s.getTimestamp(), created);
        if (pm == null) {
            drops.drop(DropReason.METRIC_CAP, s);
            return;
        }
        changed(pm, created[0]);
        if (REQUEST_RATE.equals(s.getMetric())) perNode(pool, s.getTimestamp());
        if (status == null) {
            if (settings.rawSamples()) session.insertEvent(s);
            return;
        }
        if (!status.isReported()) status.markReported();
        if (s.getTimestamp() > status.getLastSeen()) {
            status.setLastSeen(s.getTimestamp());
            if (status.getSilentSeconds() != 0) {
                status.setSilentSeconds(0);
                dirty.add(status);
            }
        }
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

    /** The metric of request rates; {@code rps_per_node} is derived from it. */
    static final String REQUEST_RATE = Measurements.RPS;

    /**
     * Records the pool's request rate per running node ({@code rps_per_node}, a pool-level series): its
     * total rate (see {@link PoolAggregate#total}) over the nodes running now.
     */
    private void perNode(Pool pool, long time) {
        int run = running.getOrDefault(pool.getName(), 0);
        PoolAggregate agg = aggregates.get(pool.getName());
        double total = agg.total(REQUEST_RATE);
        if (run <= 0 || Double.isNaN(total)) return;
        PoolAggregate.MetricState pm = agg.record(PoolAggregate.POOL_LEVEL, Target.RPS_PER_NODE, total / run, time, created);
        if (pm == null) return;
        changed(pm, created[0]);
    }

    /** A pool metric changed: a new one goes into the session now, a known one at the next flush. */
    private void changed(PoolAggregate.MetricState m, boolean created) {
        if (created) m.ref = session.insertRef(m.fact);
        else dirtyMetric(m);
    }

    private void dirtyMetric(PoolAggregate.MetricState m) {
        if (m.dirty) return;
        m.dirty = true;
        dirtyMetrics.add(m);
    }

    /** Folds a probe result in; a probe of a node no actuator reported is dropped and counted. */
    void health(NodeHealth h) {
        NodeStatus status = h.getNode() == null ? null : statuses.get(h.getNode());
        if (status == null || !status.getPool().equals(h.getPool())) {
            drops.drop(pools.containsKey(h.getPool()) ? DropReason.UNKNOWN_NODE : DropReason.UNKNOWN_POOL, h);
            return;
        }
        status.setConsecutiveFailures(h.isUp() ? 0 : status.getConsecutiveFailures() + 1);
        status.setProbeLatencyMs(h.getLatencyMs());
        dirty.add(status);
        if (settings.rawSamples()) session.insertEvent(h);
    }

    /**
     * Applies a node transition reported by an actuator: the only way a node comes to exist. A node
     * that ended is not brought back by a late event.
     */
    Change lifecycle(LifecycleEvent e) {
        Pool pool = pools.get(e.pool());
        if (pool == null || e.node() == null || e.node().isEmpty()) return Change.NONE;
        Node node = nodes.get(e.node());
        if (e.state() == NodeState.FAILED && node != null && node.getState() == NodeState.RUNNING) {
            crashed(pool, node, e.time());
            return Change.CRASHED;
        }
        if (e.state().isFinal()) {
            gone.put(e.node(), Boolean.TRUE);
            if (node != null) {
                recount(pool, node.getState(), null);
                forget(pool, node, e.time());
            }
            return Change.GONE;
        }
        if (node == null && gone.containsKey(e.node())) return Change.NONE;
        if (node == null) {
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
        return Change.CHANGED;
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
    }

    /** Makes the rules look at a node's fact again (a decision about it failed and may be retried). */
    void touch(String nodeId) {
        Node node = nodes.get(nodeId);
        if (node != null) dirty.add(node);
    }

    /** Drops a crashed node's fact once a decision about it was made, or when it is old. */
    void forgetCrashed(String nodeId) {
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
        for (PoolAggregate.MetricState m : aggregates.get(pool.getName()).removeNode(nodeId, time)) dirtyMetric(m);
    }

    private void forget(Pool pool, Node node, long time) {
        nodes.remove(node.getId());
        session.delete(node);
        dirty.remove(node);
        dropReadings(pool, node.getId(), time);
    }

    /** Keeps the pool's capacity count in step with a node entering {@code to} from {@code from} (null: new or gone). */
    private void recount(Pool pool, NodeState from, NodeState to) {
        int run = (to == NodeState.RUNNING ? 1 : 0) - (from == NodeState.RUNNING ? 1 : 0);
        if (run != 0) running.merge(pool.getName(), run, Integer::sum);
        int delta = (to != null && to.countsAsCapacity() ? 1 : 0) - (from != null && from.countsAsCapacity() ? 1 : 0);
        if (delta != 0) {
            pool.setNodes(capacity.merge(pool.getName(), delta, Integer::sum));
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
            for (Pool p : pools.values()) {
                int n = capacity(p.getName());
                if (p.getNodes() != n) {
                    p.setNodes(n);
                    dirty.add(p);
                }
            }
            Map<String, Integer> bad = null;
            for (NodeStatus st : statuses.values()) {
                long silent = st.isReported() ? (now - st.getLastSeen()) / 1000 : 0;
                int value = silent >= settings.silenceGraceSeconds() ? (int) Math.min(silent, Integer.MAX_VALUE) : 0;
                if (value != st.getSilentSeconds()) {
                    st.setSilentSeconds(value);
                    dirty.add(st);
                }
                if (value > 0 || st.getConsecutiveFailures() > 0) {
                    Node node = nodes.get(st.getNode());
                    if (node != null && node.getState() == NodeState.RUNNING) {
                        if (bad == null) bad = new HashMap<>();
                        bad.merge(st.getPool(), 1, Integer::sum);
                    }
                }
            }
            Map<String, Integer> next = bad == null ? Map.of() : Map.copyOf(bad);
            if (!next.equals(unhealthy)) unhealthy = next;
        }
    }

    /**
     * How the pool's running nodes looked at the last whole second (safe to read from any thread): how many, and how many of them
     * had a failed last probe or had been silent past the grace period after having sent samples.
     */
    PoolHealth health(String pool) {
        return new PoolHealth(running.getOrDefault(pool, 0), unhealthy.getOrDefault(pool, 0));
    }

    /** The nodes counting as capacity across the pools of {@code customer}. */
    long heldBy(String customer) {
        long sum = 0;
        for (String pool : poolsByCustomer.getOrDefault(customer, List.of())) sum += capacity(pool);
        return sum;
    }

    /** The pools of {@code customer}. */
    List<Pool> poolsOf(String customer) {
        List<Pool> out = new ArrayList<>();
        for (String pool : poolsByCustomer.getOrDefault(customer, List.of())) out.add(pools.get(pool));
        return out;
    }

    /** The nodes counting as capacity in {@code pool}, as the actuators reported them. */
    int capacity(String pool) {
        return capacity.getOrDefault(pool, 0);
    }

    /** What was dropped so far, by reason (safe to read from any thread). */
    Map<DropReason, Long> drops() { return drops.all(); }

    /** How many metrics the engine keeps for {@code pool}. */
    int metricCount(String pool) {
        PoolAggregate agg = aggregates.get(pool);
        return agg == null ? 0 : agg.metricCount();
    }

    /** Hands every changed fact to the session. */
    void flush() {
        for (PoolAggregate.MetricState m : dirtyMetrics) {
            if (!m.dirty) continue; // its pool was removed
            m.dirty = false;
            m.refreshMedian();
            if (m.generation != session.generation()) {
                m.generation = session.generation();
                m.visible = session.sees(m.fact.getMetric());
            }
            if (m.visible) session.update(m.ref); // no pattern sees the others: the network would drop them at once
        }
        dirtyMetrics.clear();
        if (dirty.isEmpty()) return;
        for (Object f : dirty) session.update(f);
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

    /** When the node last sent a sample (epoch millis; its creation time until then), or 0 for an unknown node. */
    long lastSeen(String node) {
        NodeStatus s = statuses.get(node);
        return s == null ? 0 : s.getLastSeen();
    }
}
