package io.baton.app.ha;

import io.baton.actuators.kubernetes.lease.KubernetesLeadership;
import io.baton.state.HaProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code baton.ha.backend: kubernetes}: leadership through a coordination.k8s.io Lease (fabric8's
 * LeaderElector), its epoch from the Lease's transitions. The state stays in the shared database, whose
 * lease row follows the Lease so every write is fenced the same way.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "baton.ha.backend", havingValue = "kubernetes")
class KubernetesLeaseConfiguration {

    @Bean(destroyMethod = "close")
    KubernetesLeadership batonLeadership(HaProperties ha, ObjectProvider<KubernetesClient> client,
                                         @Value("${baton.ha.kubernetes-namespace:}") String namespace) {
        KubernetesClient c = client.getIfAvailable(() -> new KubernetesClientBuilder().build());
        String ns = namespace.isBlank() ? c.getNamespace() : namespace;
        return new KubernetesLeadership(c, ns == null ? "default" : ns, ha.kubernetesLease(), ha.replicaId(),
                KubernetesLeadership.Timing.of(ha.lease(), ha.renew())).start();
    }

    /** Stops first at shutdown, after only the local nodes' stop (when not under HA): the Lease is released before anything else stops, for a quick handover. */
    @Bean
    SmartLifecycle batonKubernetesLeaseRelease(KubernetesLeadership leadership) {
        return new SmartLifecycle() {
            private volatile boolean running;
            @Override public void start() { running = true; }
            @Override public void stop() { running = false; leadership.close(); }
            @Override public boolean isRunning() { return running; }
            @Override public int getPhase() { return Integer.MAX_VALUE - 1; } // after the local nodes' stop
        };
    }
}
