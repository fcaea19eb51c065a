package io.baton.app.engine;

import io.baton.app.config.BatonProperties;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.guard.Budgets;
import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.model.Pool;
import io.baton.engine.rules.PolicyManager;
import io.baton.engine.rules.RuleSet;
import io.baton.engine.session.EngineLoop;
import io.baton.engine.session.EngineSettings;
import io.baton.engine.session.RuleEngine;
import java.util.Collection;

/**
 * Builds the rule engine of a term of leadership, wired to the rest of the service: its settings from
 * {@code baton.engine}, the journal its decisions go to, the fenced actuators that carry them out, the pools'
 * guardrails, the customers' quotas and cost budgets, the policy manager (told of a runaway rule set and of a
 * retired one) and the scale times the last leader left; then the loop that runs it on its own thread.
 */
final class EngineFactory {
    private final BatonProperties props;
    private final PoolCatalog catalog;
    private final PolicyManager policies;
    private final DecisionJournal journal;
    private final Budgets budgets;
    private final Actuators actuators;
    private final SharedScaleTimes scaleTimes;

    EngineFactory(BatonProperties props, PoolCatalog catalog, PolicyManager policies, DecisionJournal journal, Budgets budgets,
                  Actuators actuators, SharedScaleTimes scaleTimes) {
        this.props = props;
        this.catalog = catalog;
        this.policies = policies;
        this.journal = journal;
        this.budgets = budgets;
        this.actuators = actuators;
        this.scaleTimes = scaleTimes;
    }

    /** A fresh engine running {@code rules} over {@code pools}, which has read their nodes from their actuators. */
    RuleEngine build(RuleSet rules, Collection<Pool> pools) {
        BatonProperties.Engine e = props.engine();
        EngineSettings settings = new EngineSettings(e.historySeconds(), e.nodeHistorySeconds(), e.nodeMetrics(), e.rawSamples(),
                false, e.journalCapacity(), e.silenceGraceSeconds(), e.maxFuture().toMillis(), e.maxMetricsPerPool(), e.fireLimit(),
                (int) e.targetWindow().toSeconds(), e.targetTolerance());
        RuleEngine en = new RuleEngine(settings, rules, pools, actuators::fencedOf, this::guardrails, this::quota, budgets, journal, System.currentTimeMillis());
        en.onRunaway(r -> policies.rolledBack(r.ruleSet(), r.restored(), r.getMessage()));
        en.onRetired(policies::release);
        scaleTimes.restoreInto(en);
        for (Pool p : pools) {
            actuators.readNodes(en, p);
        }
        return en;
    }

    /** Starts the loop that runs {@code en} in real time: its tick, the capacity of its queue and its ingest threads. */
    EngineLoop start(RuleEngine en) {
        BatonProperties.Engine e = props.engine();
        return new EngineLoop(en, true, e.tick(), e.queueCapacity(), e.ingestThreads()).start();
    }

    /** The guardrails of {@code pool} as the catalog sets them (the defaults for a pool it does not hold), dry run under {@code baton.dry-run}. */
    GuardrailSettings guardrails(String pool) {
        GuardrailSettings g = catalog.find(pool).map(PoolSpec::guardrails).orElse(GuardrailSettings.DEFAULTS);
        return props.dryRun() ? g.withDryRun(true) : g;
    }

    /** A customer's quota of nodes across its pools; unlimited for a customer with no entry. */
    long quota(String customer) {
        BatonProperties.Customer c = props.customers().get(customer);
        return c == null ? Long.MAX_VALUE : c.quota();
    }
}
