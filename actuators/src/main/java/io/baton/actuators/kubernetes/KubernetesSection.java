package io.baton.actuators.kubernetes;

import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** A pool's {@code kubernetes.*} keys, with their defaults. */
record KubernetesSection(@DefaultValue("default") String namespace,
                         @DefaultValue("Deployment") @Pattern(regexp = "(?i)deployment|statefulset", message = "must be Deployment or StatefulSet") String kind,
                         String name, @DefaultValue("false") boolean dryRun,
                         @DefaultValue("5m") Duration startTimeout) {

    KubernetesSettings toSettings() {
        return new KubernetesSettings(namespace, kind, name, dryRun, startTimeout);
    }
}
