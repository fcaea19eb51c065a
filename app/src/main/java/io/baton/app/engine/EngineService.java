package io.baton.app.engine;

import io.baton.app.config.BatonProperties;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.guard.BudgetStatus;
import io.baton.engine.guard.Budgets;
import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.model.Decision;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.Node;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.model.Sample;
import io.baton.engine.port.Actuator;
import io.baton.engine.port.Leadership;
import io.baton.engine.port.LeadershipListener;
import io.baton.engine.port.SharedState;
import io.baton.engine.port.LifecycleListener;
import io.baton.engine.port.MetricSink;
import io.baton.engine.rules.PolicyManager;
import io.baton.engine.session.EngineLoop;
import io.baton.engine.session.DropReason;
import io.baton.engine.session.RuleEngine;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The rule engine as a service: its own thread, fed by the collectors (as a {@link MetricSink}) and
 * the actuators (as a {@link LifecycleListener}), with rule reloads and API calls run on that thread.
 * On start it reads every pool's nodes from its actuator, so a restarted Baton decides from what is
 * really running.
 *
 * <p>This class follows leadership and answers the API: {@link EngineFactory} builds a leader's engine,
 * {@link Actuators} holds the actuators, {@link RuleSwap} takes reloaded rules to the engine, {@link CatalogSync}
 * follows the catalog and {@link PoolViews} builds what the API shows.
 */
public final class EngineService implements MetricSink, LifecycleListener, SmartLifecycle, LeadershipListener {
    private static final Logger log = LoggerFactory.getLogger(EngineService.class);
    private final BatonProperties props;
    private final PolicyManager policies;
    private final DecisionJournal journal;
    private final Actuators actuators;
    private final PoolCatalog catalog;
    /** The catalog's pools as engine facts, kept in step with the catalog (the engine's own facts while leading). */
    private final Map<String, Pool> pools = new ConcurrentSkipListMap<>();
    private final Leadership leadership;
    private final EngineFactory engines;
    private final Budgets budgets;
    private volatile MetricSink follower = new MetricSink() {
        @Override public void accept(List<Sample> samples) { }
        @Override public void health(NodeHealth health) { }
    };
    private volatile RuleEngine engine;
    private volatile EngineLoop loop;
    private final RuleSwap rules = new RuleSwap(() -> loop);
    private long ledEpoch;
    private volatile boolean running;

    /** One process that always leads, keeping its state in memory (tests, tools). */
    public EngineService(BatonProperties props, PoolCatalog catalog, PolicyManager policies, DecisionJournal journal, List<Actuator> actuators) {
        this(props, catalog, policies, journal, actuators, Leadership.single("local"), null);
    }

    /**
     * @param leadership whether this replica leads: only the leader runs an engine and acts
     * @param shared where the guardrails' scale times are kept for the next leader (null: in memory only)
     */
    public EngineService(BatonProperties props, PoolCatalog catalog, PolicyManager policies, DecisionJournal journal,
                         List<Actuator> actuators, Leadership leadership, SharedState shared) {
        this(props, catalog, policies, journal, actuators, leadership, shared, Budgets.NONE);
    }

    /** @param budgets the customers' cost budgets per day, a guardrail inside the engine */
    public EngineService(BatonProperties props, PoolCatalog catalog, PolicyManager policies, DecisionJournal journal,
                         List<Actuator> actuators, Leadership leadership, SharedState shared, Budgets budgets) {
        this.budgets = budgets;
        this.props = props;
        this.catalog = catalog;
        this.policies = policies;
        this.journal = journal;
        this.leadership = leadership;
        this.actuators = new Actuators(actuators, catalog, leadership);
        this.engines = new EngineFactory(props, catalog, policies, journal, budgets, this.actuators, new SharedScaleTimes(shared));
        for (PoolSpec p : catalog.pools()) pools.put(p.name(), p.toPool());
        catalog.onChange(new CatalogSync(pools, () -> loop, this.actuators));
    }

    /** Where samples go while this replica follows (the leader's engine, through a forwarder). */
    public void whileFollowing(MetricSink sink) { this.follower = sink; }

    @Override public synchronized void start() {
        rules.start(policies.load());
        policies.onSwap(rules);
        policies.watch(props.rules().reloadInterval());
        running = true;
        leadership.onChange(this);
        if (leadership.mayAct()) leading(leadership.epoch());
        else log.info("engine waiting for leadership (replica {}): {} pools, rules version {}", leadership.replicaId(), pools.size(), policies.status().version());
    }

    /** This replica leads: its actuators reload the shared state, then a fresh engine reads their nodes and acts. */
    @Override public synchronized void leading(long epoch) {
        if (!running || epoch == ledEpoch || !leadership.mayAct() || leadership.epoch() != epoch) return;
        retire();
        if (catalog instanceof LeadershipListener c) c.leading(epoch); // the YAML's pools seeded, the stored catalog read
        actuators.leading(epoch);
        RuleEngine en = engines.build(rules.current(), pools.values());
        engine = en;
        loop = engines.start(en);
        ledEpoch = epoch;
        log.info("engine running under epoch {} (replica {}): {} pools, rules version {} ({})", epoch, leadership.replicaId(), pools.size(),
                policies.status().version(), policies.status().files());
    }

    /** This replica stopped leading: its engine stops at once, and its actuators stop acting. */
    @Override public synchronized void following(String why) {
        if (ledEpoch == 0) return;
        log.warn("engine stopped (replica {} no longer leads): {}", leadership.replicaId(), why);
        ledEpoch = 0;
        retire();
        actuators.following(why);
    }

    /**
     * Removes a pool from the catalog, only while it holds no live node: checked and done on the engine
     * thread, so no decision can add a node in between. Stored fenced; if the store refuses, the engine
     * takes the pool back.
     *
     * @param store removes the pool from the stored catalog (and tells the listeners)
     * @throws IllegalStateException naming the nodes the pool still holds
     */
    public void removePool(String name, Runnable store) {
        live().call(en -> {
            Pool old = en.pool(name);
            en.removePool(name); // throws while a node of the pool is not yet terminated
            try {
                store.run();
            } catch (RuntimeException e) {
                if (old != null) en.putPool(old);
                throw e;
            }
            return null;
        });
    }

    /** Whether this replica has an actuator of {@code type}. */
    public boolean hasActuator(String type) { return actuators.has(type); }

    /** The catalog. */
    public PoolCatalog catalog() { return catalog; }

    /** The names of the pools of {@code customer}. */
    public List<String> poolsOf(String customer) {
        return catalog.pools().stream().filter(p -> p.customer().equals(customer)).map(PoolSpec::name).toList();
    }

    private void retire() {
        EngineLoop l = loop;
        RuleEngine en = engine;
        loop = null;
        engine = null;
        if (l != null) l.close();
        if (en != null) en.close();
    }

    /** Whether this replica runs the engine now. */
    public boolean leads() { return loop != null && leadership.mayAct(); }

    public Leadership leadership() { return leadership; }

    /** A customer's quota of nodes across its pools; unlimited for a customer with no entry. */
    public long quota(String customer) { return engines.quota(customer); }

    @Override public void accept(List<Sample> samples) {
        EngineLoop l = loop;
        if (l != null) l.accept(samples);
        else follower.accept(samples);
    }
    @Override public void health(NodeHealth health) { EngineLoop l = loop; if (l != null) l.health(health); }
    @Override public void onLifecycle(LifecycleEvent event) { EngineLoop l = loop; if (l != null) l.onLifecycle(event); }

    /** Puts in a pool's newest forecast for the rules (null: it has none now); nothing while this replica does not lead. */
    public void forecast(String pool, String metric, io.baton.engine.model.Forecast f) {
        EngineLoop l = loop;
        if (l != null) l.call(e -> {
            e.forecast(pool, metric, f);
            return null;
        });
    }

    /** Whether {@code customer} has a cost budget. */
    public boolean hasBudget(String customer) { return budgets.of(customer) != null; }

    /** Where {@code customer} stands against its cost budget now, from the engine (null: no budget); the leader answers. */
    public BudgetStatus budget(String customer) { return live().call(e -> e.budget(customer)); }

    /** A planned request, through the same guardrails as the rules. */
    public JournalEntry submit(Decision d) { return live().call(e -> e.submit(d)); }

    private EngineLoop live() {
        EngineLoop l = loop;
        if (l == null) throw new NotLeading(leadership.replicaId());
        return l;
    }

    /** This replica runs no engine now (it follows, or has not led yet). */
    public static final class NotLeading extends IllegalStateException {
        public NotLeading(String replica) { super("replica " + replica + " does not lead"); }
    }

    /** A consistent view of the pools and nodes. */
    public List<PoolView> pools() {
        EngineLoop l = loop;
        if (l == null) return PoolViews.fromActuators(pools.values(), actuators);
        return l.call(e -> PoolViews.of(e, actuators));
    }

    public Pool pool(String name) { return pools.get(name); }
    public Map<String, Pool> poolMap() { return pools; }
    public DecisionJournal journal() { return journal; }
    public PolicyManager policies() { return policies; }
    public Actuator actuatorOf(String pool) { return actuators.of(pool); }
    public long backlog() { return loop == null ? 0 : loop.backlog(); }
    public long queueDropped() { return loop == null ? 0 : loop.dropped(); }

    /** Nodes holding capacity, per pool. */
    public int capacityOf(String pool) {
        EngineLoop l = loop;
        if (l == null) return PoolViews.fromActuators(pools.values(), actuators).stream().filter(v -> v.name().equals(pool)).mapToInt(PoolView::nodes).sum();
        return l.call(e -> e.pool(pool) == null ? 0 : e.pool(pool).getNodes());
    }

    /** Samples and probes the engine left out, by reason (read without a round-trip to the engine thread). */
    public Map<DropReason, Long> dropped() { return engine == null ? Map.of() : engine.dropped(); }

    /** Whether telemetry-driven replacements are paused in {@code pool} (read without a round-trip). */
    public boolean healingPaused(String pool) { return engine != null && engine.healingPaused(pool); }

    /**
     * A pool's guardrails now, for the console: its settings, when its scale-out cooldown and scale-in
     * stabilization end (epoch millis, 0 when not running), and whether healing is paused and why.
     */
    public record GuardrailView(GuardrailSettings settings, long scaleOutCooldownEnds, long scaleInStabilizationEnds,
                                boolean healingPaused, String health) { }

    /** The pool's guardrails now, or null on a replica that runs no engine. */
    public GuardrailView guardrailView(String pool) {
        EngineLoop l = loop;
        if (l == null) return null;
        return l.call(e -> PoolViews.guardrails(e, pool));
    }

    /** When each node of {@code pool} last sent a sample (epoch millis; its start until then); empty on a follower. */
    public Map<String, Long> lastSamples(String pool) {
        EngineLoop l = loop;
        if (l == null) return Map.of();
        return l.call(e -> PoolViews.lastSamples(e, pool));
    }

    /** How many metrics the engine keeps for {@code pool}. */
    public int metricCount(String pool) { return live().call(e -> e.metricCount(pool)); }

    @Override public synchronized void stop() {
        running = false;
        policies.close();
        retire();
        ledEpoch = 0;
    }

    @Override public boolean isRunning() { return running; }

    /** Starts after the actuators and collectors are built, stops before them. */
    @Override public int getPhase() { return 0; }

    /** A pool and its nodes as the API shows them. */
    public record PoolView(String name, String customer, String service, String software, String actuator, int min, int max,
                           int cores, int nodes, double cpu, List<NodeView> members) {
        static PoolView of(Pool p, String actuator, List<Node> nodes, double cpu) {
            List<NodeView> members = nodes.stream()
                    .map(n -> new NodeView(n.getId(), n.getState().name(), n.getStartedAt())).toList();
            return new PoolView(p.getName(), p.getCustomer(), p.getService(), p.getSoftware(), actuator, p.getMin(), p.getMax(),
                    p.getCores(), p.getNodes(), Double.isNaN(cpu) ? -1 : Math.round(cpu * 10) / 10.0, members);
        }
    }

    /** A node as the engine sees it. */
    public record NodeView(String id, String state, long since) { }

    static boolean countsAsCapacity(NodeState s) { return s.countsAsCapacity(); }
}
