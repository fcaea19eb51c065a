package io.baton.engine.session;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.guard.Guardrails;
import io.baton.engine.guard.Verdict;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.Node;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.Pool;
import io.baton.engine.model.Sample;
import io.baton.engine.port.Actuator;
import io.baton.engine.rules.RuleSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule engine proper, single-threaded: samples and events change the facts, then each
 * {@link #evaluate(long)} runs the three steps of a decision:
 * <ol>
 *   <li><b>decide</b>: the rules fire and insert decision facts;</li>
 *   <li><b>normalize</b>: the guardrails clamp, delay or suppress each decision;</li>
 *   <li><b>act</b>: what is left goes to the pool's actuator, if it is ready.</li>
 * </ol>
 * Every decision lands in the journal with its reason. {@link EngineLoop} runs this on its own thread
 * for the service; tests and scenarios drive it directly on the pseudo clock.
 */
public final class RuleEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);
    private final RuleSession session;
    private final FleetFacts facts;
    private final Guardrails guardrails;
    private final DecisionJournal journal;
    private final Function<Pool, Actuator> actuators;
    private final WhatIf whatIf;
    private long newestEventTime = Long.MIN_VALUE;
    private long samples;

    /**
     * @param actuators the actuator of a pool, or null when it has none
     * @param guardrailSettings the guardrail settings of a pool by name
     */
    public RuleEngine(EngineSettings settings, RuleSet rules, Collection<Pool> pools, Function<Pool, Actuator> actuators,
                      Function<String, GuardrailSettings> guardrailSettings, DecisionJournal journal, long start) {
        this.session = new RuleSession(rules, settings.pseudoClock(), start);
        this.facts = new FleetFacts(settings, session, pools, session.now());
        this.whatIf = new WhatIf(session, facts);
        this.guardrails = new Guardrails(guardrailSettings, whatIf::wouldScaleOut);
        this.journal = journal;
        this.actuators = actuators;
    }

    /** Folds samples into the facts; nothing fires until {@link #evaluate(long)}. */
    public void ingest(List<Sample> batch) {
        for (Sample s : batch) {
            facts.sample(s);
            if (s.getTimestamp() > newestEventTime) newestEventTime = s.getTimestamp();
        }
        samples += batch.size();
    }

    /** Folds a probe result into the node's status. */
    public void health(NodeHealth h) {
        facts.health(h);
        if (h.getTimestamp() > newestEventTime) newestEventTime = h.getTimestamp();
    }

    /** Applies a node transition reported by an actuator. */
    public void lifecycle(LifecycleEvent e) {
        if (facts.lifecycle(e)) guardrails.nodeGone(e.node());
    }

    /**
     * Runs decide, normalize and act at engine time {@code now} (the pseudo clock moves there first).
     * Returns the journal entries made.
     */
    public List<JournalEntry> evaluate(long now) {
        session.advanceTo(now);
        long t = session.now();
        facts.tick(t);
        facts.flush();
        List<Decision> decided = session.fire();
        if (decided.isEmpty()) return List.of();
        List<JournalEntry> out = new ArrayList<>(decided.size());
        for (Decision d : decided) out.add(normalizeAndAct(d, t));
        return out;
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
            return journal.record(now, d, 0, Outcome.SKIPPED, List.of("actuator " + actuator.type() + " not ready"));
        }
        if (d.getKind() == DecisionKind.REPLACE_NODE && facts.crashedCapacity(d.getNode()) >= 0
                && pool.getNodes() >= facts.crashedCapacity(d.getNode())) {
            facts.forgetCrashed(d.getNode());
            return journal.record(now, d, 0, Outcome.SUPPRESSED,
                    List.of("pool already back to " + pool.getNodes() + " nodes since " + d.getNode() + " crashed"));
        }
        Verdict v = guardrails.normalize(d, pool, now, id -> {
            Node n = facts.node(id);
            return n == null ? null : n.getState();
        });
        JournalEntry entry = journal.record(now, v.decision(), v.approved(), v.outcome(), v.reasons());
        if (d.getKind() == DecisionKind.REPLACE_NODE) facts.forgetCrashed(d.getNode());
        if (v.dispatch()) {
            try {
                actuator.apply(pool, Guardrails.dispatchable(v.decision(), facts.node(d.getNode())));
            } catch (RuntimeException e) {
                log.warn("actuator {} failed on {}: {}", actuator.type(), v.decision(), e.toString());
                return journal.record(now, v.decision(), 0, Outcome.FAILED, List.of("actuator error: " + e.getMessage()));
            }
        }
        return entry;
    }

    /**
     * Swaps in a new rule set in place: facts and already-fired matches stay, so nothing already done
     * is done again. Returns the previous set, which the caller releases.
     */
    public RuleSet swap(RuleSet next) {
        return session.swap(next);
    }

    public RuleSet ruleSet() { return session.ruleSet(); }
    public DecisionJournal journal() { return journal; }
    /** Engine time, epoch millis. */
    public long now() { return session.now(); }
    /** The newest timestamp of any sample or probe seen. */
    public long newestEventTime() { return newestEventTime; }
    public long samplesIngested() { return samples; }
    public long unknownPoolSamples() { return facts.unknownPoolSamples; }
    public long factCount() { return session.factCount(); }
    public Collection<Pool> pools() { return facts.pools(); }
    public Pool pool(String name) { return facts.pool(name); }
    public Collection<Node> nodes() { return facts.nodes(); }
    /** The pool metric fact for {@code pool} and {@code metric}, or null (for views and tests). */
    public io.baton.engine.model.PoolMetric poolMetric(String pool, String metric) { return facts.poolMetric(pool, metric); }

    @Override public void close() { session.close(); }
}
