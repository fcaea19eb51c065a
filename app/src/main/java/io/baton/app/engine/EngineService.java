package io.baton.app.engine;

import io.baton.app.config.BatonProperties;
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
import io.baton.engine.port.LifecycleListener;
import io.baton.engine.port.MetricSink;
import io.baton.engine.rules.PolicyManager;
import io.baton.engine.session.EngineLoop;
import io.baton.engine.session.DropReason;
import io.baton.engine.session.EngineSettings;
import io.baton.engine.session.RuleEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The rule engine as a service: its own thread, fed by the collectors (as a {@link MetricSink}) and
 * the actuators (as a {@link LifecycleListener}), with rule reloads and API calls run on that thread.
 * On start it reads every pool's nodes from its actuator, so a restarted Baton decides from what is
 * really running.
 */
public final class EngineService implements MetricSink, LifecycleListener, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EngineService.class);
    private final BatonProperties props;
    private final PolicyManager policies;
    private final DecisionJournal journal;
    private final Map<String, Actuator> actuatorsByType = new HashMap<>();
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private RuleEngine engine;
    private EngineLoop loop;
    private volatile boolean running;

    public EngineService(BatonProperties props, PolicyManager policies, DecisionJournal journal, List<Actuator> actuators) {
        this.props = props;
        this.policies = policies;
        this.journal = journal;
        for (Actuator a : actuators) actuatorsByType.put(a.type(), a);
        props.pools().forEach((name, p) -> pools.put(name, new Pool(name, p.customer(), p.service(), p.software(), p.min(), p.max(), p.cores())));
    }

    @Override public synchronized void start() {
        BatonProperties.Engine e = props.engine();
        EngineSettings settings = new EngineSettings(e.historySeconds(), e.nodeHistorySeconds(), e.nodeMetrics(), e.rawSamples(),
                false, e.journalCapacity(), e.silenceGraceSeconds(), e.maxFuture().toMillis(), e.maxMetricsPerPool(), e.fireLimit());
        Function<Pool, Actuator> router = p -> actuatorsByType.get(props.pools().get(p.getName()).actuator());
        engine = new RuleEngine(settings, policies.load(), pools.values(), router, this::guardrails, this::quota, journal, System.currentTimeMillis());
        engine.onRunaway(r -> policies.rolledBack(r.ruleSet(), r.restored(), r.getMessage()));
        engine.onRetired(policies::release);
        for (Pool p : pools.values()) {
            Actuator a = router.apply(p);
            if (a == null) {
                log.warn("pool {}: no actuator of type '{}' is available; its decisions will be skipped", p.getName(), props.pools().get(p.getName()).actuator());
                continue;
            }
            try {
                for (Node n : a.status(p)) {
                    if (!n.getState().isFinal()) engine.lifecycle(LifecycleEvent.of(p, n.getId(), n.getState(), "", System.currentTimeMillis(), ""));
                }
            } catch (RuntimeException ex) {
                log.warn("pool {}: could not read its nodes at start: {}", p.getName(), ex.getMessage());
            }
        }
        loop = new EngineLoop(engine, true, e.tick(), e.queueCapacity()).start();
        policies.onSwap(next -> loop.call(en -> en.swap(next)));
        policies.watch(props.rules().reloadInterval());
        running = true;
        log.info("engine running: {} pools, rules version {} ({})", pools.size(), policies.status().version(), policies.status().files());
    }

    private GuardrailSettings guardrails(String pool) {
        BatonProperties.Pool p = props.pools().get(pool);
        BatonProperties.Guardrails g = p == null ? null : p.guardrails();
        if (g == null) return GuardrailSettings.DEFAULTS.withDryRun(props.dryRun());
        return new GuardrailSettings(g.scaleOutCooldown(), g.scaleInStabilization(), g.maxStep(), g.dryRun() || props.dryRun(),
                g.flapProtection(), g.unhealthyThreshold(), g.maxReplacing());
    }

    /** A customer's quota of nodes across its pools; unlimited for a customer with no entry. */
    public long quota(String customer) {
        BatonProperties.Customer c = props.customers().get(customer);
        return c == null ? Long.MAX_VALUE : c.quota();
    }

    @Override public void accept(List<Sample> samples) { if (loop != null) loop.accept(samples); }
    @Override public void health(NodeHealth health) { if (loop != null) loop.health(health); }
    @Override public void onLifecycle(LifecycleEvent event) { if (loop != null) loop.onLifecycle(event); }

    /** A planned request, through the same guardrails as the rules. */
    public JournalEntry submit(Decision d) { return loop.call(e -> e.submit(d)); }

    /** A consistent view of the pools and nodes. */
    public List<PoolView> pools() {
        return loop.call(e -> {
            List<PoolView> out = new ArrayList<>();
            for (Pool p : e.pools()) {
                List<Node> nodes = e.nodes().stream().filter(n -> n.getPool().equals(p.getName())).toList();
                var cpu = e.poolMetric(p.getName(), "cpu");
                out.add(PoolView.of(p, props.pools().get(p.getName()).actuator(), nodes, cpu == null ? Double.NaN : cpu.getValue()));
            }
            return out;
        });
    }

    public Pool pool(String name) { return pools.get(name); }
    public Map<String, Pool> poolMap() { return pools; }
    public DecisionJournal journal() { return journal; }
    public PolicyManager policies() { return policies; }
    public Actuator actuatorOf(String pool) {
        BatonProperties.Pool p = props.pools().get(pool);
        return p == null ? null : actuatorsByType.get(p.actuator());
    }
    public long backlog() { return loop == null ? 0 : loop.backlog(); }
    public long queueDropped() { return loop == null ? 0 : loop.dropped(); }

    /** Nodes holding capacity, per pool. */
    public int capacityOf(String pool) {
        return loop.call(e -> e.pool(pool) == null ? 0 : e.pool(pool).getNodes());
    }

    /** Samples and probes the engine left out, by reason (read without a round-trip to the engine thread). */
    public Map<DropReason, Long> dropped() { return engine == null ? Map.of() : engine.dropped(); }

    /** Whether telemetry-driven replacements are paused in {@code pool} (read without a round-trip). */
    public boolean healingPaused(String pool) { return engine != null && engine.healingPaused(pool); }

    /** How many metrics the engine keeps for {@code pool}. */
    public int metricCount(String pool) { return loop.call(e -> e.metricCount(pool)); }

    @Override public synchronized void stop() {
        running = false;
        policies.close();
        if (loop != null) loop.close();
        if (engine != null) engine.close();
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
