package io.baton.actuators.kubernetes;

import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Leadership;
import io.baton.engine.port.LifecycleListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Wires the Kubernetes actuator (unless {@code baton.kubernetes.enabled=false}). It uses a
 * {@link KubernetesClient} bean when there is one, else builds one from the usual kubeconfig /
 * in-cluster configuration on first use. With a {@link Leadership} bean, each edit carries its epoch
 * ({@code baton.io/epoch}); without one the process is a single leader at epoch 1.
 */
@AutoConfiguration
@ConditionalOnClass(KubernetesClient.class)
@ConditionalOnProperty(prefix = "baton.kubernetes", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(KubernetesProperties.class)
public class KubernetesActuatorAutoConfiguration {

    /** The Kubernetes actuator over the pools whose {@code actuator} is {@code kubernetes}. */
    @Bean
    public KubernetesActuator kubernetesActuator(KubernetesProperties props, ObjectProvider<KubernetesClient> clients,
                                                 ObjectProvider<LifecycleListener> listeners,
                                                 ObjectProvider<Leadership> leadership) {
        List<Pool> pools = new ArrayList<>();
        Map<String, KubernetesSettings> settings = new HashMap<>();
        props.pools().forEach((name, keys) -> {
            if (keys.kubernetes() != null) settings.put(name, keys.kubernetes().toSettings());
            if (KubernetesActuator.TYPE.equals(keys.actuator())) {
                if (keys.kubernetes() == null) throw new IllegalArgumentException("pool " + name + ": actuator kubernetes needs baton.pools." + name + ".kubernetes.name");
                pools.add(keys.toPool(name));
            }
        });
        Supplier<KubernetesClient> client = new Supplier<>() {
            private KubernetesClient built;

            @Override public synchronized KubernetesClient get() {
                if (built == null) built = clients.getIfAvailable(() -> new KubernetesClientBuilder().build());
                return built;
            }
        };
        Leadership leader = leadership.getIfAvailable();
        LongSupplier epoch = leader == null ? () -> 1 : leader::epoch;
        return new KubernetesActuator(client, pools, settings::get,
                new LifecyclePublisher(() -> listeners.orderedStream().toList()), Clock.systemUTC(), epoch);
    }
}
