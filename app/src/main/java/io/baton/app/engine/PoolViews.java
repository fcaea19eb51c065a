package io.baton.app.engine;

import io.baton.app.engine.EngineService.GuardrailView;
import io.baton.app.engine.EngineService.NodeView;
import io.baton.app.engine.EngineService.PoolView;
import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.guard.ReplacementPolicy;
import io.baton.engine.guard.ScaleTimes;
import io.baton.engine.model.Node;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Actuator;
import io.baton.engine.schema.Measurements;
import io.baton.engine.session.RuleEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link EngineService} shows of the pools, their nodes and guardrails: read from the engine on the leader
 * (the methods taking a {@link RuleEngine} run on its thread), from the actuators' node books on a follower.
 */
final class PoolViews {
    private static final Logger log = LoggerFactory.getLogger(EngineService.class);

    private PoolViews() { }

    /** The engine's pools with their nodes and CPU now. */
    static List<PoolView> of(RuleEngine e, Actuators actuators) {
        List<PoolView> out = new ArrayList<>();
        for (Pool p : e.pools()) {
            List<Node> nodes = e.nodes().stream().filter(n -> n.getPool().equals(p.getName())).toList();
            var cpu = e.poolMetric(p.getName(), Measurements.CPU);
            out.add(PoolView.of(p, actuators.typeOf(p.getName()), nodes, cpu == null ? Double.NaN : cpu.getValue()));
        }
        return out;
    }

    /**
     * On a follower: {@code pools} as their actuators' shared node books have them, without the nodes terminated
     * (no metrics: those live on the leader). A pool whose nodes cannot be read shows none.
     */
    static List<PoolView> fromActuators(Collection<Pool> pools, Actuators actuators) {
        List<PoolView> out = new ArrayList<>();
        for (Pool p : pools) {
            String type = actuators.typeOf(p.getName());
            Actuator a = actuators.ofType(type);
            List<Node> nodes = List.of();
            try {
                if (a != null) nodes = a.status(p).stream().filter(n -> !n.getState().isFinal()).toList();
            } catch (RuntimeException ex) {
                log.debug("pool {}: nodes unreadable on a follower: {}", p.getName(), ex.getMessage());
            }
            int capacity = (int) nodes.stream().filter(n -> n.getState().countsAsCapacity()).count();
            List<NodeView> members = nodes.stream().map(n -> new NodeView(n.getId(), n.getState().name(), n.getStartedAt())).toList();
            out.add(new PoolView(p.getName(), p.getCustomer(), p.getService(), p.getSoftware(), type, p.getMin(), p.getMax(), p.getCores(),
                    capacity, -1, members));
        }
        return out;
    }

    /** The guardrails of {@code pool} now: when its cooldown and stabilization end, and whether healing is paused. */
    static GuardrailView guardrails(RuleEngine e, String pool) {
        GuardrailSettings s = e.guardrails().settings(pool);
        ScaleTimes t = e.guardrails().scaleTimes(pool);
        var h = e.health(pool);
        return new GuardrailView(s, t.lastScaleOut() == 0 ? 0 : t.lastScaleOut() + s.scaleOutCooldown().toMillis(),
                t.lastScale() == 0 ? 0 : t.lastScale() + s.scaleInStabilization().toMillis(),
                ReplacementPolicy.paused(h, s), h.toString());
    }

    /** When each node of {@code pool} last sent a sample (epoch millis; its start until then), by node id. */
    static Map<String, Long> lastSamples(RuleEngine e, String pool) {
        Map<String, Long> out = new TreeMap<>();
        for (Node n : e.nodes()) if (n.getPool().equals(pool)) out.put(n.getId(), e.lastSeen(n.getId()));
        return out;
    }
}
