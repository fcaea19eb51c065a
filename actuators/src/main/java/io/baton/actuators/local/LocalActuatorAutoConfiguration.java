package io.baton.actuators.local;

import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.engine.model.Pool;
import io.baton.engine.port.LifecycleListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Wires the local actuator (on unless {@code baton.local.enabled=false}) and, when
 * {@code baton.local.front-port} is set, its load-balancing front.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "baton.local", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(LocalProperties.class)
public class LocalActuatorAutoConfiguration {

    /** The local actuator over the configured pools whose {@code actuator} is {@code local}. */
    @Bean(destroyMethod = "")
    public LocalActuator localActuator(LocalProperties props, ObjectProvider<LifecycleListener> listeners) {
        List<Pool> pools = new ArrayList<>();
        Map<String, LocalSettings> settings = new HashMap<>();
        props.pools().forEach((name, keys) -> {
            settings.put(name, keys.local().toSettings());
            if (LocalActuator.TYPE.equals(keys.actuator())) pools.add(keys.toPool(name));
        });
        LocalSettings fallback = LocalSettings.defaults(20000);
        return new LocalActuator(Path.of(props.local().dataDir()), pools, name -> settings.getOrDefault(name, fallback),
                new LifecyclePublisher(() -> listeners.orderedStream().toList()), Clock.systemUTC());
    }

    /** Stops the nodes on shutdown (unless {@code baton.local.stop-nodes-on-shutdown=false}), then the actuator. */
    @Bean
    LocalShutdown localActuatorShutdown(LocalActuator actuator, LocalProperties props) {
        return new LocalShutdown(actuator, props.local().stopNodesOnShutdown());
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
