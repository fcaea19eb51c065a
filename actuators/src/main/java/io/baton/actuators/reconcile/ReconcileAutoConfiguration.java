package io.baton.actuators.reconcile;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * Reconciles every actuator at start-up and every {@code baton.reconcile.interval} (default 30s);
 * off with {@code baton.reconcile.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "io.baton.actuators.local.LocalActuatorAutoConfiguration",
        "io.baton.actuators.kubernetes.KubernetesActuatorAutoConfiguration",
        "io.baton.actuators.command.CommandActuatorAutoConfiguration"})
@ConditionalOnProperty(prefix = "baton.reconcile", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ReconcileProperties.class)
public class ReconcileAutoConfiguration {

    @Bean
    public ReconcileScheduler reconcileScheduler(ObjectProvider<Reconcilable> targets, ReconcileProperties props,
                                                 ObjectProvider<io.baton.engine.port.Leadership> leadership) {
        ReconcileScheduler s = new ReconcileScheduler(() -> targets.orderedStream().toList(), props.interval());
        leadership.ifAvailable(l -> s.activeWhile(l::mayAct));
        return s;
    }

    /** Starts the scheduler with the context and stops it before the actuators go. */
    @Bean
    SmartLifecycle reconcileLifecycle(ReconcileScheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override public void start() {
                scheduler.start();
                running = true;
            }

            @Override public void stop() {
                scheduler.close();
                running = false;
            }

            @Override public boolean isRunning() { return running; }
        };
    }
}
