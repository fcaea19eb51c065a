package io.baton.engine.session;

import io.baton.engine.guard.BudgetStatus;
import io.baton.engine.guard.Budgets;
import io.baton.engine.guard.CustomerFleet;
import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.guard.Guardrails;
import io.baton.engine.guard.PoolHealth;
import io.baton.engine.guard.ReplacementPolicy;
import io.baton.engine.guard.Verdict;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.Node;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.model.PoolMetric;
import io.baton.engine.model.Sample;
import io.baton.engine.port.Actuator;
import io.baton.engine.rules.RuleSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule engine proper, single-threaded: samples and events change the facts, then each
 * {@link #evaluate(long)} runs the three steps of a decision:
 * <ol>
 *   <li><b>decide</b>: the rules fire, at most {@code fireLimit} times, and insert decision facts;</li>
 *   <li><b>normalize</b>: the guardrails clamp, delay or suppress each decision;</li>
 *   <li><b>act</b>: what is left goes to the pool's actuator, if it is ready; only once the actuator
 *       accepted it is it EXECUTED and do its cooldowns start.</li>
 * </ol>
 * Every decision lands in the journal with its reason. {@link EngineLoop} runs this on its own thread
 * for the service; tests and scenarios drive it directly on the pseudo clock.
 */
public final class RuleEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);
    private final EngineSettings settings;
    private final RuleSession session;
    private final FleetFacts facts;
    private final Guardrails guardrails;
    private final DecisionJournal journal;
    private final Function<Pool, Actuator> actuators;
    private final WhatIf whatIf;
    private final ForecastFacts forecasts;
    private final Standings standings = new Standings();
    private final TargetTracker targets;
    /** The newest set that finished an evaluation within the fire limit: what a looping set is rolled back to. */
    private RuleSet proven;
    private Consumer<RunawayRules> onRunaway = r -> { };
    private Consumer<RuleSet> onRetired = r -> { };
    private long newestEventTime = Long.MIN_VALUE;
    private long samples;

    /**
     * An engine where no customer has a quota.
     *
     * @param actuators the actuator of a pool, or null when it has none
     * @param guardrailSettings the guardrail settings of a pool by name
     */
    public RuleEngine(EngineSettings settings, RuleSet rules, Collection<Pool> pools, Function<Pool, Actuator> actuators,
                      Function<String, GuardrailSettings> guardrailSettings, DecisionJournal journal, long start) {
        this(settings, rules, pools, actuators, guardrailSettings, c -> Long.MAX_VALUE, journal, start);
    }

    /** @param quotas the quota of nodes of a customer across its pools ({@link Long#MAX_VALUE} for none) */
    public RuleEngine(EngineSettings settings, RuleSet rules, Collection<Pool> pools, Function<Pool, Actuator> actuators,
                      Function<String, GuardrailSettings> guardrailSettings, ToLongFunction<String> quotas,
                      DecisionJournal journal, long start) {
        this(settings, rules, pools, actuators, guardrailSettings, quotas, Budgets.NONE, journal, start);
    }

    /** @param budgets the cost budget per day of a customer (none when it returns null) */
    public RuleEngine(EngineSettings settings, RuleSet rules, Collection<Pool> pools, Function<Pool, Actuator> actuators,
                      Function<String, GuardrailSettings> guardrailSettings, ToLongFunction<String> quotas, Budgets budgets,
                      DecisionJournal journal, long start) {
        this.settings = settings;
        this.session = new RuleSession(rules, settings.pseudoClock(), start, standings);
        this.facts = new FleetFacts(settings, session, pools, session.now());
        this.whatIf = new WhatIf(session, facts, settings.fireLimit());
        this.forecasts = new ForecastFacts(session);
        this.guardrails = new Guardrails(guardrailSettings, whatIf::wouldScaleOut, quotas, facts::heldBy, standings::floor, budgets,
                new CustomerFleet() {
                    @Override public Collection<Pool> poolsOf(String customer) { return facts.poolsOf(customer); }
                    @Override public int capacity(String pool) { return facts.capacity(pool); }
                });
        this.targets = new TargetTracker(settings.targetWindowSeconds(), settings.targetTolerance());
        this.journal = journal;
        this.actuators = actuators;
        this.proven = rules;
    }

    /** The guardrails (their scale times are restored and kept by the owner under HA). */
    public Guardrails guardrails() { return guardrails; }

    /** Called (on the engine thread) when a rule set kept firing and was rolled back. */
    public void onRunaway(Consumer<RunawayRules> listener) { this.onRunaway = listener; }

    /** Called (on the engine thread) with a set the engine no longer needs, even as a fallback, for release. */
    public void onRetired(Consumer<RuleSet> listener) { this.onRetired = listener; }

    /** Folds samples into the facts; nothing fires until {@link #evaluate(long)}. */
    public void ingest(List<Sample> batch) {
        for (Sample s : batch) {
            facts.sample(s);
            if (s.getTimestamp() > newestEventTime && s.getTimestamp() <= facts.now() + settings.maxFutureMillis()) {
                newestEventTime = s.getTimestamp();
            }
        }
        samples += batch.size();
    }

    /** Below this many samples a group is folded in on the calling thread alone: handing half over would cost more than it saves. */
    static final int LANES_FROM = 1024;

    /**
     * Folds the batches of {@code group} in, in their order, as {@link #ingest(List)} would one after the other. With
     * {@code lanes} and a group of at least {@link #LANES_FROM} samples, half the pools are folded in on the lanes'
     * thread meanwhile (see {@link IngestLanes}); raw samples, which go into the session one by one, keep one thread.
     */
    public void ingest(List<List<Sample>> group, IngestLanes lanes) {
        int n = 0;
        for (List<Sample> b : group) n += b.size();
        if (lanes == null || n < LANES_FROM || settings.rawSamples()) {
            for (List<Sample> b : group) ingest(b);
            return;
        }
        long newest = facts.sample(group, lanes, settings.maxFutureMillis());
        if (newest > newestEventTime) newestEventTime = newest;
        samples += n;
    }

    /** Folds a probe result into the node's status. */
    public void health(NodeHealth h) {
        facts.health(h);
        if (h.getTimestamp() > newestEventTime && h.getTimestamp() <= facts.now() + settings.maxFutureMillis()) {
            newestEventTime = h.getTimestamp();
        }
    }

    /** Applies a node transition reported by an actuator: the only source of nodes. */
    public void lifecycle(LifecycleEvent e) {
        Pool pool = facts.pool(e.pool());
        int before = pool == null ? 0 : facts.capacity(pool.getName());
        FleetFacts.Change change = facts.lifecycle(e);
        guardrails.lifecycle(e);
        if (change == FleetFacts.Change.CRASHED) guardrails.replacements().crashed(e.node(), before);
    }

    /**
     * Runs decide, normalize and act at engine time {@code now} (the pseudo clock moves there first).
     * Returns the journal entries made. A rule set that fires {@code fireLimit} times in one evaluation
     * is taken to loop, and one whose consequence throws is broken: either way nothing it decided is
     * acted on, and the newest set that ran well comes back (see {@link #onRunaway}); with no set to go
     * back to, {@link RunawayRules} (or the consequence's exception) is thrown.
     */
    public List<JournalEntry> evaluate(long now) {
        session.advanceTo(now);
        long t = session.now();
        facts.tick(t);
        facts.flush();
        List<Decision> decided = decide();
        List<JournalEntry> out = new ArrayList<>(decided.size());
        for (Decision d : decided) out.add(normalizeAndAct(d, t));
        for (Decision d : floorDecisions()) out.add(normalizeAndAct(d, t));
        if (!standings.targetPools().isEmpty()) {
            for (Decision d : targets.decide(t, standings, facts, p -> guardrails.settings(p).scaleInStabilization().toMillis())) {
                out.add(normalizeAndAct(d, t));
            }
        }
        return out.isEmpty() ? List.of() : out;
    }

    /** A scale-out for each pool below the floor a rule keeps (journaled as the rule's {@code scale_out}). */
    private List<Decision> floorDecisions() {
        List<Decision> out = new ArrayList<>();
        for (String pool : standings.floorPools()) {
            io.baton.engine.model.Floor f = standings.floor(pool);
            int held = facts.capacity(pool);
            if (f != null && facts.pool(pool) != null && held < f.getNodes()) out.add(Decision.toFloor(f, f.getNodes() - held));
        }
        return out;
    }

    private List<Decision> decide() {
        RuleSet current = session.ruleSet();
        RuleSession.Fired fired;
        try {
            fired = session.fire(settings.fireLimit());
        } catch (RuntimeException e) {
            if (current == proven) throw e;
            return rollBack(RunawayRules.threw(current, e, proven));
        }
        if (!fired.runaway()) {
            if (current != proven) {
                RuleSet retired = proven;
                proven = current;
                onRetired.accept(retired);
            }
            return fired.decisions();
        }
        if (current == proven) throw new RunawayRules(current, fired.topRules(), settings.fireLimit(), null);
        return rollBack(new RunawayRules(current, fired.topRules(), settings.fireLimit(), proven));
    }

    /** Nothing the misbehaving set decided is acted on; the newest set that ran well comes back. */
    private List<Decision> rollBack(RunawayRules why) {
        log.error("{}; rolling back to rules version {}", why.getMessage(), proven.version());
        session.swap(proven);
        onRunaway.accept(why);
        return List.of();
    }

    /** A planned request from a person or a script: the same guardrails, then the actuator. */
    public JournalEntry submit(Decision d) {
        return normalizeAndAct(d, session.now());
    }

    private JournalEntry normalizeAndAct(Decision d, long now) {
        Pool pool = facts.pool(d.getPool());
        if (pool == null) {
            return journal.record(now, d, 0, Outcome.SKIPPED, List.of("unknown pool " + d.getPool()));
        }
        Actuator actuator = actuators.apply(pool);
        if (actuator == null) {
            return journal.record(now, d, 0, Outcome.SKIPPED, List.of("pool has no actuator"));
        }
        if (!actuator.ready(pool)) {
            if (d.getNode() != null) facts.touch(d.getNode());
            return journal.record(now, d, 0, Outcome.SKIPPED, List.of("actuator " + actuator.type() + " not ready"));
        }
        NodeState state = nodeState(d.getNode());
        JournalEntry refused = forecasts.refuse(d, facts.capacity(pool.getName()), now, journal);
        if (refused != null) return refused;
        Verdict v = guardrails.normalize(d, pool, facts.capacity(pool.getName()), now, state, facts.health(pool.getName()));
        if (v.dispatch() && d.getForecast() == io.baton.engine.model.ForecastMode.FORECAST_ONLY) {
            List<String> reasons = new ArrayList<>(v.reasons());
            reasons.add("forecast-only: the pool's forecast mode records forecast decisions and nothing acts");
            return journal.record(now, v.decision(), v.approved(), Outcome.FORECAST, reasons, v.limits());
        }
        if (!v.dispatch()) {
            settle(d, state);
            return journal.record(now, v.decision(), v.approved(), v.outcome(), v.reasons(), v.limits());
        }
        Decision dispatched = ReplacementPolicy.dispatchable(v.decision(), state);
        guardrails.dispatching(dispatched, pool, now);
        try {
            actuator.apply(pool, dispatched);
        } catch (RuntimeException e) {
            guardrails.failed(v);
            if (d.getNode() != null) facts.touch(d.getNode());
            log.warn("actuator {} failed on {}: {}", actuator.type(), v.decision(), e.toString());
            List<String> reasons = new ArrayList<>(v.reasons());
            reasons.add("actuator error: " + e.getMessage());
            return journal.record(now, v.decision(), 0, Outcome.FAILED, reasons, v.limits());
        }
        guardrails.accepted(v, pool, now, state);
        settle(d, state);
        return journal.record(now, v.decision(), v.approved(), v.outcome(), v.reasons(), v.limits());
    }

    /** A decision about a crashed node that is final (carried out or not needed) lets its fact go. */
    private void settle(Decision d, NodeState state) {
        if (d.getKind() == DecisionKind.REPLACE_NODE && state == NodeState.FAILED) facts.forgetCrashed(d.getNode());
    }

    private NodeState nodeState(String id) {
        if (id == null) return null;
        Node n = facts.node(id);
        return n == null ? null : n.getState();
    }

    /**
     * Swaps in a new rule set in place: facts, and already-fired matches stay, so nothing already done
     * is done again. Returns the set it replaced when nothing needs it any more (the caller releases
     * it), or null while it is still the fallback: the newest set that evaluated within the fire limit
     * stays until a newer one has, however many sets are swapped in meanwhile.
     */
    public RuleSet swap(RuleSet next) {
        RuleSet previous = session.swap(next);
        return previous == proven ? null : previous;
    }

    public RuleSet ruleSet() { return session.ruleSet(); }
    public DecisionJournal journal() { return journal; }
    /** Engine time, epoch millis. */
    public long now() { return session.now(); }
    /** The newest timestamp of any sample or probe seen (future-dated ones left out). */
    public long newestEventTime() { return newestEventTime; }
    public long samplesIngested() { return samples; }
    /** Samples and probes left out of the engine, by reason (safe to read from any thread). */
    public Map<DropReason, Long> dropped() { return facts.drops(); }
    public long factCount() { return session.factCount(); }
    public Collection<Pool> pools() { return facts.pools(); }
    public Pool pool(String name) { return facts.pool(name); }
    /** Adds a pool, or changes one in place (its nodes, metrics and windows stay); the guardrails read its new settings. */
    public void putPool(Pool pool) { facts.putPool(pool); }
    /** Removes a pool that holds no live nodes; throws {@link IllegalStateException} when it still has one. */
    public void removePool(String name) { facts.removePool(name); }
    public Collection<Node> nodes() { return facts.nodes(); }
    /** How many metrics the engine keeps for {@code pool} (at most {@code maxMetricsPerPool}). */
    public int metricCount(String pool) { return facts.metricCount(pool); }
    /** Whether telemetry-driven replacements are paused in {@code pool} (healing circuit breaker; any thread). */
    public boolean healingPaused(String pool) {
        return ReplacementPolicy.paused(facts.health(pool), guardrails.settings(pool));
    }
    /** Puts in the newest forecast of a pool's metric, in the place of the one before (null values: none, the old one goes). */
    public void forecast(String pool, String metric, io.baton.engine.model.Forecast f) {
        if (facts.pool(pool) != null || f == null) forecasts.put(pool, metric, f);
    }

    /** The forecast the rules see for a pool's metric, or null. */
    public io.baton.engine.model.Forecast forecast(String pool, String metric) { return forecasts.get(pool, metric); }

    /** Where {@code customer} stands against its cost budget now, or null when it has none (engine thread). */
    public BudgetStatus budget(String customer) { return guardrails.budget(customer, session.now()); }
    /** How the pool's running nodes look (for views). */
    public PoolHealth health(String pool) { return facts.health(pool); }
    /** When {@code node} last sent a sample (epoch millis; its creation time until then), 0 when unknown (for views). */
    public long lastSeen(String node) { return facts.lastSeen(node); }
    /** The pool metric fact for {@code pool} and {@code metric}, or null (for views and tests). */
    public PoolMetric poolMetric(String pool, String metric) { return facts.poolMetric(pool, metric); }

    @Override public void close() { session.close(); }

}
