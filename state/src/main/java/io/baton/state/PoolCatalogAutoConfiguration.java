package io.baton.state;

import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.loop.DaemonLoop;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The one pool catalog every module reads. With the shared database it is the {@link PoolCatalogStore}
 * (seeded from {@code baton.pools.*}, changed through the API, refreshed on followers every renew
 * interval); without one, the YAML's pools as they are.
 */
@AutoConfiguration(after = StateAutoConfiguration.class)
public class PoolCatalogAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(PoolCatalogAutoConfiguration.class);

    @Bean
    @ConditionalOnBean(StateDatabase.class)
    PoolCatalogStore batonPoolCatalog(StateDatabase db, Fence fence, Environment env) {
        return new PoolCatalogStore(db.jdbc(), fence, PoolBinding.fromEnvironment(env));
    }

    /** Followers read the leader's changes; the leader sees its own at once. */
    @Bean
    @ConditionalOnBean(PoolCatalogStore.class)
    SmartLifecycle batonPoolCatalogRefresh(PoolCatalogStore store, HaProperties ha) {
        return new Refresh(store, ha.renew().toMillis());
    }

    /** Reads the catalog again every {@code every} ms; a failed read is logged at debug and tried again then. */
    private static final class Refresh extends DaemonLoop implements SmartLifecycle {
        private final PoolCatalogStore store;
        private final long every;

        Refresh(PoolCatalogStore store, long every) {
            super("pool-catalog-refresh");
            this.store = store;
            this.every = every;
        }

        @Override protected long round() {
            try {
                store.refresh();
            } catch (RuntimeException e) {
                log.debug("pool catalog not refreshed: {}", e.getMessage());
            }
            return every;
        }
    }

    /** No shared database: the YAML's pools, fixed. */
    @Bean
    @ConditionalOnMissingBean(PoolCatalog.class)
    PoolCatalog batonYamlPoolCatalog(Environment env) {
        List<PoolSpec> pools = new ArrayList<>();
        PoolBinding.fromEnvironment(env).forEach((name, keys) -> pools.add(PoolBinding.bind(name, keys, false)));
        return PoolCatalog.of(pools);
    }
}
