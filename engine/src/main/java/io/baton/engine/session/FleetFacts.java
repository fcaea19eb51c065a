package io.baton.engine.session;

import io.baton.engine.guard.PoolHealth;
import io.baton.engine.model.Clock;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.Node;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.NodeStatus;
import io.baton.engine.model.Pool;
import io.baton.engine.model.PoolMetric;
import io.baton.engine.model.Sample;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    /** The capacity, running and unhealthy counts, and the pools of each customer, kept in step with every transition. */
    private final FleetCounts counts = new FleetCounts();
    private final Map<String, PoolAggregate> aggregates = new HashMap<>();
    /** The nodes actuators reported, by id: each with its facts, found with one lookup. */
    private final Map<String, NodeEntry> entries = new HashMap<>();
    private final Collection<Node> nodeView = new AbstractCollection<>() {
        @Override public Iterator<Node> iterator() {
            Iterator<NodeEntry> it = entries.values().iterator();
            return new Iterator<>() {
                @Override public boolean hasNext() { return it.hasNext(); }
                @Override public Node next() { return it.next().node; }
            };
        }

        @Override public int size() { return entries.size(); }
    };
    /** The engine thread's lane: what it changed; {@link #lanes} while two lanes fold samples in. */
    private final Lane main = new Lane(false);
    /** The two lanes of {@link #sample(List, IngestLanes, long)}, each folding the samples of half the pools. */
    private final Lane[] lanes = {new Lane(true), new Lane(true)};
    private final Map<String, Boolean> gone = new LinkedHashMap<>(16, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) { return size() > GONE_MEMORY; }
    };
    private final Map<String, Long> crashedAt = new LinkedHashMap<>();
    private static final long CRASH_MEMORY_MS = 600_000;
    private final Clock clock;
    private final FactRef clockRef;
    private final Drops drops = new Drops();
    private final SampleFold fold;

    /** What a lifecycle event did to the facts. */
    enum Change { NONE, CHANGED, CRASHED, GONE }

    FleetFacts(EngineSettings settings, RuleSession session, Collection<Pool> configured, long now) {
        this.settings = settings;
        this.session = session;
        this.clock = new Clock(now);
        this.clockRef = session.insertRef(clock);
        this.fold = new SampleFold(settings, session, entries, aggregates, counts, clock, drops);
        for (Pool p : configured) {
            pools.put(p.getName(), p);
            aggregates.put(p.getName(), new PoolAggregate(p.getName(), settings.historySeconds(), settings.maxMetricsPerPool()));
            session.insert(p);
        }
        for (Pool p : pools.values()) counts.index(p);
    }

    /**
     * Adds a pool, or puts a changed one in the place of the old: its nodes, metrics and windows stay,
     * only its configuration (customer, limits) changes.
     */
    void putPool(Pool p) {
        Pool old = pools.get(p.getName());
        if (old != null) {
            p.setNodes(counts.capacity(p.getName()));
            session.delete(old);
            counts.unindex(old);
        } else {
            aggregates.put(p.getName(), new PoolAggregate(p.getName(), settings.historySeconds(), settings.maxMetricsPerPool()));
        }
        pools.put(p.getName(), p);
        counts.index(p);
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
        for (NodeEntry e : entries.values()) {
            Node n = e.node;
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
        counts.unindex(old);
        pools.remove(name);
        counts.forget(name);
    }

    Pool pool(String name) { return pools.get(name); }
    Collection<Pool> pools() { return pools.values(); }
    Node node(String id) {
        NodeEntry e = entries.get(id);
        return e == null ? null : e.node;
    }

    Collection<Node> nodes() { return nodeView; }
    long now() { return clock.getNow(); }

    /**
     * Folds a sample in, after checking it: its pool must be configured, its node (when it names one)
     * must be one an actuator reported, its value finite and its time within the window the engine
     * keeps and not ahead of engine time by more than {@code maxFutureMillis}. A sample with no node is
     * a pool-level reading. Anything else is dropped and counted: telemetry never creates capacity.
     */
    void sample(Sample s) {
        fold.sample(s, main);
    }

    /**
     * Folds the samples of {@code group} in as {@link #sample(Sample)} does one by one, on two lanes (see {@link SampleFold});
     * returns the newest sample time not ahead of engine time by more than {@code maxFutureMillis} (or {@code Long.MIN_VALUE}).
     */
    long sample(List<List<Sample>> group, IngestLanes threads, long maxFutureMillis) {
        return fold.group(group, threads, lanes, maxFutureMillis);
    }

    /** A fact changed: it goes to the session at the next flush, once. */
    private void dirty(FactRef ref) {
        main.dirty(ref);
    }

    /** {@link #dirty(FactRef)} for a fact whose reference the engine does not keep at hand (a pool). */
    private void dirtyFact(Object fact) {
        dirty(session.ref(fact));
    }

    /** Folds a probe result in; a probe of a node no actuator reported is dropped and counted. */
    void health(NodeHealth h) {
        NodeEntry e = h.getNode() == null ? null : entries.get(h.getNode());
        NodeStatus status = e == null ? null : e.status;
        if (status == null || !status.getPool().equals(h.getPool())) {
            drops.drop(pools.containsKey(h.getPool()) ? DropReason.UNKNOWN_NODE : DropReason.UNKNOWN_POOL, h);
            return;
        }
        status.setConsecutiveFailures(h.isUp() ? 0 : status.getConsecutiveFailures() + 1);
        status.setProbeLatencyMs(h.getLatencyMs());
        dirty(e.statusRef);
        if (settings.rawSamples()) session.insertEvent(h);
    }

    /**
     * Applies a node transition reported by an actuator: the only way a node comes to exist. A node
     * that ended is not brought back by a late event.
     */
    Change lifecycle(LifecycleEvent e) {
        Pool pool = pools.get(e.pool());
        if (pool == null || e.node() == null || e.node().isEmpty()) return Change.NONE;
        NodeEntry entry = entries.get(e.node());
        Node node = entry == null ? null : entry.node;
        if (e.state() == NodeState.FAILED && node != null && node.getState() == NodeState.RUNNING) {
            crashed(pool, entry, e.time());
            return Change.CRASHED;
        }
        if (e.state().isFinal()) {
            gone.put(e.node(), Boolean.TRUE);
            if (node != null) {
                recount(pool, node.getState(), null);
                forget(entry, e.time());
            }
            return Change.GONE;
        }
        if (node == null && gone.containsKey(e.node())) return Change.NONE;
        if (node == null) {
            node = new Node(e.node(), pool.getName(), e.state(), e.time());
            FactRef nodeRef = session.insertRef(node);
            NodeStatus status = new NodeStatus(pool.getName(), node.getId(), e.time());
            entries.put(node.getId(), new NodeEntry(node, nodeRef, aggregates.get(pool.getName()), status, session.insertRef(status)));
            recount(pool, null, e.state());
        } else {
            recount(pool, node.getState(), e.state());
            node.setState(e.state());
            if (e.state() == NodeState.RUNNING) {
                node.setStartedAt(e.time());
                NodeStatus status = entry.status;
                if (status != null && status.getLastSeen() < e.time()) {
                    status.setLastSeen(e.time());
                    dirty(entry.statusRef);
                }
            }
            dirty(entry.nodeRef);
        }
        return Change.CHANGED;
    }

    /**
     * A running node died on its own: its metrics and status go, but its {@code Node} fact stays in
     * state FAILED so that a rule can replace it; {@link #forgetCrashed(String)} drops it afterwards.
     */
    private void crashed(Pool pool, NodeEntry entry, long time) {
        Node node = entry.node;
        gone.put(node.getId(), Boolean.TRUE);
        recount(pool, node.getState(), NodeState.FAILED);
        node.setState(NodeState.FAILED);
        dirty(entry.nodeRef);
        dropReadings(entry, time);
        crashedAt.put(node.getId(), time);
    }

    /** Makes the rules look at a node's fact again (a decision about it failed and may be retried). */
    void touch(String nodeId) {
        NodeEntry e = entries.get(nodeId);
        if (e != null) dirty(e.nodeRef);
    }

    /** Drops a crashed node's fact once a decision about it was made, or when it is old. */
    void forgetCrashed(String nodeId) {
        if (crashedAt.remove(nodeId) == null) return;
        NodeEntry e = entries.remove(nodeId);
        if (e != null) session.delete(e.node);
    }

    /** Drops what a node reported: its status, its node metrics, and its share of the pool's aggregates. */
    private void dropReadings(NodeEntry e, long time) {
        if (e.status != null) session.delete(e.status);
        for (FactRef nm : e.metrics) session.delete(nm.fact);
        e.forgetReadings();
        for (PoolAggregate.MetricState m : e.aggregate.removeNode(e.node.getId(), time)) main.dirtyMetric(m);
    }

    private void forget(NodeEntry e, long time) {
        entries.remove(e.node.getId());
        session.delete(e.node);
        dropReadings(e, time);
    }

    /** Keeps the pool's capacity count in step with a node entering {@code to} from {@code from} (null: new or gone). */
    private void recount(Pool pool, NodeState from, NodeState to) {
        int held = counts.recount(pool.getName(), from, to);
        if (held >= 0) {
            pool.setNodes(held);
            dirtyFact(pool);
        }
    }

    /**
     * Moves the clock fact to {@code now} when a new second begins, and refreshes the silence of the
     * nodes that have sent nothing for at least the grace period.
     */
    void tick(long now) {
        if (now / 1000 != clock.getNow() / 1000 && now > clock.getNow()) {
            clock.setNow(now);
            dirty(clockRef);
            if (!crashedAt.isEmpty()) {
                for (String id : new ArrayList<>(crashedAt.keySet())) {
                    if (now - crashedAt.get(id) > CRASH_MEMORY_MS) forgetCrashed(id);
                }
            }
            for (Pool p : pools.values()) {
                int n = capacity(p.getName());
                if (p.getNodes() != n) {
                    p.setNodes(n);
                    dirtyFact(p);
                }
            }
            Map<String, Integer> bad = null;
            for (NodeEntry e : entries.values()) {
                NodeStatus st = e.status;
                if (st == null) continue;
                long silent = st.isReported() ? (now - st.getLastSeen()) / 1000 : 0;
                int value = silent >= settings.silenceGraceSeconds() ? (int) Math.min(silent, Integer.MAX_VALUE) : 0;
                if (value != st.getSilentSeconds()) {
                    st.setSilentSeconds(value);
                    dirty(e.statusRef);
                }
                if (value > 0 || st.getConsecutiveFailures() > 0) {
                    if (e.node.getState() == NodeState.RUNNING) {
                        if (bad == null) bad = new HashMap<>();
                        bad.merge(st.getPool(), 1, Integer::sum);
                    }
                }
            }
            counts.unhealthy(bad == null ? Map.of() : bad);
        }
    }

    /**
     * How the pool's running nodes looked at the last whole second (safe to read from any thread): how many, and how many of them
     * had a failed last probe or had been silent past the grace period after having sent samples.
     */
    PoolHealth health(String pool) {
        return counts.health(pool);
    }

    /** The nodes counting as capacity across the pools of {@code customer}. */
    long heldBy(String customer) {
        return counts.heldBy(customer);
    }

    /** The pools of {@code customer}. */
    List<Pool> poolsOf(String customer) {
        List<Pool> out = new ArrayList<>();
        for (String pool : counts.poolsOf(customer)) out.add(pools.get(pool));
        return out;
    }

    /** The nodes counting as capacity in {@code pool}, as the actuators reported them. */
    int capacity(String pool) {
        return counts.capacity(pool);
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
        flush(main);
        for (Lane l : lanes) flush(l);
    }

    private void flush(Lane lane) {
        for (PoolAggregate.MetricState m : lane.dirtyMetrics) {
            if (!m.dirty) continue; // its pool was removed
            m.dirty = false;
            m.refreshMedian();
            if (m.generation != session.generation()) {
                m.generation = session.generation();
                m.visible = session.sees(m.fact.getMetric());
            }
            if (m.visible) session.update(m.ref); // no pattern sees the others: the network would drop them at once
        }
        lane.dirtyMetrics.clear();
        for (FactRef r : lane.dirty) {
            if (!r.dirty) continue;
            r.dirty = false;
            session.update(r);
        }
        lane.dirty.clear();
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
        NodeEntry e = entries.get(node);
        return e == null || e.status == null ? 0 : e.status.getLastSeen();
    }
}
