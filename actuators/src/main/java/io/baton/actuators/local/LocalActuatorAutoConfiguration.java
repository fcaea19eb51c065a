package io.baton.actuators.local;

import io.baton.actuators.env.ChildEnvironment;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.spring.PoolSections;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolCheck;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Leadership;
import io.baton.engine.port.LifecycleListener;
import io.baton.engine.port.SharedState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Wires the local actuator (on unless {@code baton.local.enabled=false}) and, when
 * {@code baton.local.front-port} is set, its load-balancing front. With a {@link SharedState} bean the pools'
 * state is kept in it (document {@code node-book}/{@code <pool>}) instead of {@code <data>/nodes/<pool>.json};
 * with a {@link Leadership} bean the actuator waits for {@link LocalActuator#leading} when it starts as a
 * follower. It does not register itself with the Leadership: whoever wires leadership calls
 * {@code leading}/{@code following} on it.
 */
@AutoConfiguration(afterName = "io.baton.state.PoolCatalogAutoConfiguration")
@ConditionalOnProperty(prefix = "baton.local", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(LocalProperties.class)
public class LocalActuatorAutoConfiguration {

    /** The local actuator over the catalog's pools whose {@code actuator} is {@code local}, following the catalog's changes. */
    @Bean(destroyMethod = "")
    public LocalActuator localActuator(LocalProperties props, PoolCatalog catalog, ObjectProvider<LifecycleListener> listeners,
                                       ObjectProvider<SharedState> sharedState, ObjectProvider<Leadership> leadership) {
        LocalSettings fallback = LocalSettings.defaults(20000);
        Function<String, LocalSettings> settings = name -> catalog.find(name).filter(p -> p.has("local"))
                .map(p -> PoolSections.bind(p, "local", LocalSection.class, LocalSection::toSettings)).orElse(fallback);
        for (PoolSpec p : catalog.pools()) {
            if (LocalActuator.TYPE.equals(p.actuator())) settings.apply(p.name()); // bad settings stop the start, naming the key
        }
        Leadership lead = leadership.getIfAvailable();
        LongSupplier epoch = lead == null ? () -> 1 : lead::epoch;
        LocalActuator[] made = new LocalActuator[1];
        List<Pool> pools = PoolSections.follow(catalog, LocalActuator.TYPE, p -> made[0].configure(p), n -> made[0].forget(n));
        made[0] = new LocalActuator(Path.of(props.local().dataDir()), pools, settings,
                new LifecyclePublisher(() -> listeners.orderedStream().toList()), Clock.systemUTC(), ChildEnvironment.system(),
                sharedState.getIfAvailable(), epoch);
        return made[0];
    }

    /** Whether a pool's {@code local.*} keys would run. */
    @Bean
    PoolCheck localPoolCheck() {
        return pool -> {
            if (!LocalActuator.TYPE.equals(pool.actuator())) return List.of();
            List<String> problems = new ArrayList<>();
            if (!Adoption.validId(pool.name())) problems.add("name: a local pool's name must be letters, digits and dashes (it names files and node ids)");
            PoolSections.bind(pool, "local", LocalSection.class, LocalSection::toSettings, problems);
            return problems;
        };
    }

    /**
     * Stops the nodes on shutdown (unless {@code baton.local.stop-nodes-on-shutdown=false}), then the
     * actuator. Under HA ({@code baton.ha.enabled}) nodes are never stopped at shutdown: a planned
     * handover leaves them running for the next leader, which adopts them.
     */
    @Bean
    LocalShutdown localActuatorShutdown(LocalActuator actuator, LocalProperties props,
                                        @org.springframework.beans.factory.annotation.Value("${baton.ha.enabled:false}") boolean ha) {
        return new LocalShutdown(actuator, props.local().stopNodesOnShutdown() && !ha);
    }

    /** The front: {@code /work} round-robin to RUNNING nodes, {@code /nodes} as a registry. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "baton.local", name = "front-port")
    public Front localFront(LocalActuator actuator, LocalProperties props) throws IOException {
        return new Front(props.local().frontPort(), actuator::running);
    }

    /**
     * Stops the nodes first when the context stops, in the highest lifecycle phase: before the leadership's
     * lease release (the phase below), since a replica that no longer leads leaves its nodes to the next
     * leader. Closes the actuator when the context closes.
     */
    static final class LocalShutdown implements org.springframework.context.SmartLifecycle,
            org.springframework.beans.factory.DisposableBean {
        private final LocalActuator actuator;
        private final boolean stopNodes;
        private volatile boolean running;

        LocalShutdown(LocalActuator actuator, boolean stopNodes) {
            this.actuator = actuator;
            this.stopNodes = stopNodes;
        }

        @Override public void start() { running = true; }

        @Override public void stop() {
            running = false;
            if (stopNodes) actuator.terminateAll(30_000);
        }

        @Override public boolean isRunning() { return running; }

        @Override public int getPhase() { return Integer.MAX_VALUE; }

        @Override public void destroy() {
            if (stopNodes && running) actuator.terminateAll(30_000); // a context closed without a stop
            actuator.close();
        }
    }
}
