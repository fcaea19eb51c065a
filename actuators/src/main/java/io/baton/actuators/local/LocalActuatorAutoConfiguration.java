package io.baton.actuators.local;

import io.baton.actuators.env.ChildEnvironment;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Leadership;
import io.baton.engine.port.LifecycleListener;
import io.baton.engine.port.SharedState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
@AutoConfiguration
@ConditionalOnProperty(prefix = "baton.local", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(LocalProperties.class)
public class LocalActuatorAutoConfiguration {

    /** The local actuator over the configured pools whose {@code actuator} is {@code local}. */
    @Bean(destroyMethod = "")
    public LocalActuator localActuator(LocalProperties props, ObjectProvider<LifecycleListener> listeners,
                                       ObjectProvider<SharedState> sharedState, ObjectProvider<Leadership> leadership) {
        List<Pool> pools = new ArrayList<>();
        Map<String, LocalSettings> settings = new HashMap<>();
        props.pools().forEach((name, keys) -> {
            settings.put(name, keys.local().toSettings());
            if (LocalActuator.TYPE.equals(keys.actuator())) pools.add(keys.toPool(name));
        });
        LocalSettings fallback = LocalSettings.defaults(20000);
        Leadership lead = leadership.getIfAvailable();
        LongSupplier epoch = lead == null ? () -> 1 : lead::epoch;
        return new LocalActuator(Path.of(props.local().dataDir()), pools, name -> settings.getOrDefault(name, fallback),
                new LifecyclePublisher(() -> listeners.orderedStream().toList()), Clock.systemUTC(), ChildEnvironment.system(),
                sharedState.getIfAvailable(), epoch);
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

    /** Closes the actuator when the context closes. */
    static final class LocalShutdown implements org.springframework.beans.factory.DisposableBean {
        private final LocalActuator actuator;
        private final boolean stopNodes;

        LocalShutdown(LocalActuator actuator, boolean stopNodes) {
            this.actuator = actuator;
            this.stopNodes = stopNodes;
        }

        @Override public void destroy() {
            if (stopNodes) actuator.terminateAll(30_000);
            actuator.close();
        }
    }
}
