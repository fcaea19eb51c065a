package io.baton.actuators.kubernetes;

import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.spring.PoolSections;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolCheck;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Leadership;
import io.baton.engine.port.LifecycleListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Wires the Kubernetes actuator (unless {@code baton.kubernetes.enabled=false}). It uses a
 * {@link KubernetesClient} bean when there is one, else builds one from the usual kubeconfig /
 * in-cluster configuration on first use. With a {@link Leadership} bean, each edit carries its epoch
 * ({@code baton.io/epoch}); without one the process is a single leader at epoch 1.
 */
@AutoConfiguration(afterName = "io.baton.state.PoolCatalogAutoConfiguration")
@ConditionalOnClass(KubernetesClient.class)
@ConditionalOnProperty(prefix = "baton.kubernetes", name = "enabled", havingValue = "true", matchIfMissing = true)
public class KubernetesActuatorAutoConfiguration {

    /** The Kubernetes actuator over the pools whose {@code actuator} is {@code kubernetes}. */
    @Bean
    public KubernetesActuator kubernetesActuator(PoolCatalog catalog, ObjectProvider<KubernetesClient> clients,
                                                 ObjectProvider<LifecycleListener> listeners,
                                                 ObjectProvider<Leadership> leadership) {
        Function<String, KubernetesSettings> settings = name -> catalog.find(name).filter(p -> p.has("kubernetes"))
                .map(p -> PoolSections.bind(p, "kubernetes", KubernetesSection.class, KubernetesSection::toSettings)).orElse(null);
        for (PoolSpec p : catalog.pools()) {
            List<String> problems = problems(p);
            if (!problems.isEmpty()) throw new IllegalArgumentException("pool " + p.name() + ": " + String.join("; ", problems));
        }
        KubernetesActuator[] made = new KubernetesActuator[1];
        List<Pool> pools = PoolSections.follow(catalog, KubernetesActuator.TYPE, p -> made[0].configure(p), n -> made[0].forget(n));
        Supplier<KubernetesClient> client = new Supplier<>() {
            private KubernetesClient built;

            @Override public synchronized KubernetesClient get() {
                if (built == null) built = clients.getIfAvailable(() -> new KubernetesClientBuilder().build());
                return built;
            }
        };
        Leadership leader = leadership.getIfAvailable();
        LongSupplier epoch = leader == null ? () -> 1 : leader::epoch;
        made[0] = new KubernetesActuator(client, pools, settings,
                new LifecyclePublisher(() -> listeners.orderedStream().toList()), Clock.systemUTC(), epoch);
        return made[0];
    }

    /** Whether a pool's {@code kubernetes.*} keys would run. */
    @Bean
    PoolCheck kubernetesPoolCheck() {
        return KubernetesActuatorAutoConfiguration::problems;
    }

    static List<String> problems(PoolSpec pool) {
        List<String> problems = new ArrayList<>();
        boolean mine = KubernetesActuator.TYPE.equals(pool.actuator());
        if (mine && !pool.has("kubernetes")) {
            problems.add("kubernetes.name: actuator kubernetes needs the workload's name");
        } else if (pool.has("kubernetes")) {
            PoolSections.bind(pool, "kubernetes", KubernetesSection.class, KubernetesSection::toSettings, problems);
        }
        return problems;
    }
}
