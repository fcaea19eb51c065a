package io.baton.app.engine;

import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.Node;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Actuator;
import io.baton.engine.port.Leadership;
import io.baton.engine.port.LeadershipListener;
import io.baton.engine.session.RuleEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's actuators by type, the one each pool of the catalog names, and what they tell the engine: the
 * pools' nodes, and a change of leadership. Logs as {@link EngineService}, whose messages these are.
 */
final class Actuators {
    private static final Logger log = LoggerFactory.getLogger(EngineService.class);
    private final Map<String, Actuator> byType = new HashMap<>();
    private final PoolCatalog catalog;
    private final Leadership leadership;

    Actuators(List<Actuator> actuators, PoolCatalog catalog, Leadership leadership) {
        this.catalog = catalog;
        this.leadership = leadership;
        for (Actuator a : actuators) byType.put(a.type(), a);
    }

    /** Whether this replica has an actuator of {@code type}. */
    boolean has(String type) { return byType.containsKey(type); }

    /** The actuator of {@code type}, or null. */
    Actuator ofType(String type) { return byType.get(type); }

    /** The actuator type the catalog names for {@code pool}, or null for a pool it does not hold. */
    String typeOf(String pool) { return catalog.find(pool).map(PoolSpec::actuator).orElse(null); }

    /** The actuator of {@code pool}, or null (a pool the catalog does not hold, or no actuator of its type here). */
    Actuator of(String pool) {
        String type = typeOf(pool);
        return type == null ? null : byType.get(type);
    }

    /** The actuator of {@code p} as the engine gets it: fenced by leadership ({@link FencedActuator}), or null. */
    Actuator fencedOf(Pool p) { return FencedActuator.of(of(p.getName()), leadership); }

    /** Tells the actuators that listen that this replica leads under {@code epoch} (they reload the shared state). */
    void leading(long epoch) {
        for (Actuator a : byType.values()) {
            if (a instanceof LeadershipListener l) l.leading(epoch);
        }
    }

    /** Tells the actuators that listen that this replica no longer leads, and why: they stop acting. */
    void following(String why) {
        for (Actuator a : byType.values()) {
            if (a instanceof LeadershipListener l) l.following(why);
        }
    }

    /**
     * The engine learns the nodes of {@code p} from its actuator, the only source of nodes: each node not yet
     * terminated, as a lifecycle event. A pool without an actuator, or whose nodes cannot be read, is logged.
     */
    void readNodes(RuleEngine en, Pool p) {
        Actuator a = of(p.getName());
        if (a == null) {
            log.warn("pool {}: no actuator of type '{}' is available; its decisions will be skipped", p.getName(), typeOf(p.getName()));
            return;
        }
        try {
            for (Node n : a.status(p)) {
                if (!n.getState().isFinal()) en.lifecycle(LifecycleEvent.of(p, n.getId(), n.getState(), "", System.currentTimeMillis(), ""));
            }
        } catch (RuntimeException ex) {
            log.warn("pool {}: could not read its nodes: {}", p.getName(), ex.getMessage());
        }
    }
}
