package io.baton.engine.session;

import io.baton.engine.model.Clock;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.Pool;
import io.baton.engine.model.PoolMetric;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;

/**
 * Asks the running rules a what-if question in a scratch session: if the pool had {@code after} nodes
 * carrying the same total load, would any rule scale it out? This is the flap guard's estimate, in
 * the spirit of Azure's: per-node metrics grow by current/after, everything else stays. A what-if
 * whose rules keep firing answers yes, so the scale-in waits (fail closed).
 */
final class WhatIf {
    private final RuleSession session;
    private final FleetFacts facts;

    private final int fireLimit;

    WhatIf(RuleSession session, FleetFacts facts, int fireLimit) {
        this.session = session;
        this.facts = facts;
        this.fireLimit = fireLimit;
    }

    String wouldScaleOut(String poolName, int current, int after) {
        Pool pool = facts.pool(poolName);
        if (pool == null || after <= 0) return null;
        KieSession scratch = session.scratchSession(session.now());
        try {
            List<Decision> decided = new ArrayList<>();
            scratch.addEventListener(new DefaultRuleRuntimeEventListener() {
                @Override public void objectInserted(ObjectInsertedEvent e) {
                    if (e.getObject() instanceof Decision d) decided.add(d);
                }
            });
            Pool shrunk = new Pool(pool.getName(), pool.getCustomer(), pool.getService(), pool.getSoftware(),
                    pool.getMin(), pool.getMax(), pool.getCores());
            shrunk.setNodes(after);
            scratch.insert(shrunk);
            scratch.insert(new Clock(session.now()));
            double factor = (double) current / after;
            for (PoolMetric m : facts.poolMetrics(poolName)) scratch.insert(m.projected(factor));
            if (scratch.fireAllRules(fireLimit) >= fireLimit) return "rules that kept firing in a what-if";
            for (Decision d : decided) {
                if (!d.getPool().equals(poolName)) continue;
                if (d.getKind() == DecisionKind.SCALE_OUT
                        || (d.getKind() == DecisionKind.SET_CAPACITY && d.getAmount() > after)) return d.getRule();
            }
            return null;
        } finally {
            scratch.dispose();
        }
    }
}
