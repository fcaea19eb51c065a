package io.baton.app.engine;

import io.baton.engine.catalog.CatalogListener;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.model.Pool;
import io.baton.engine.session.EngineLoop;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pools in step with the catalog: the service's pools at once, and the running engine's on its thread,
 * in place, keeping the other pools' windows and a changed pool's own. Logs as {@link EngineService}.
 */
final class CatalogSync implements CatalogListener {
    private static final Logger log = LoggerFactory.getLogger(EngineService.class);
    private final Map<String, Pool> pools;
    private final Supplier<EngineLoop> loop;
    private final Actuators actuators;

    /**
     * @param pools the service's pools by name, changed here
     * @param loop the loop of the engine running now, or null
     * @param actuators where a pool added, or moved to another actuator, reads its nodes from
     */
    CatalogSync(Map<String, Pool> pools, Supplier<EngineLoop> loop, Actuators actuators) {
        this.pools = pools;
        this.loop = loop;
        this.actuators = actuators;
    }

    /**
     * A pool of the catalog was added, changed or removed: the engine takes it in place; a pool new to it, or
     * now on another actuator, reads its nodes. The actuators were told before (they listen first). A change
     * the engine refuses is logged.
     */
    @Override public void changed(PoolSpec before, PoolSpec after) {
        String name = after != null ? after.name() : before.name();
        Pool fresh = after == null ? null : after.toPool();
        if (fresh == null) pools.remove(name);
        else pools.put(name, fresh);
        EngineLoop l = loop.get();
        if (l == null) return;
        try {
            l.call(en -> {
                if (fresh == null) {
                    en.removePool(name);
                } else {
                    boolean added = en.pool(name) == null;
                    en.putPool(fresh);
                    if (added || !before.actuator().equals(after.actuator())) actuators.readNodes(en, fresh);
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.error("pool {}: the engine did not take the catalog's change: {}", name, e.getMessage());
        }
    }
}
