package io.baton.actuators.kubernetes;

import io.baton.engine.model.Pool;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The keys the Kubernetes actuator reads: {@code baton.pools.<name>.kubernetes.*} and the pool's own keys. */
@ConfigurationProperties("baton")
@Validated
public record KubernetesProperties(Map<String, @Valid PoolKeys> pools) {

    public KubernetesProperties {
        pools = pools == null ? Map.of() : pools;
    }

    /** One pool's keys. */
    public record PoolKeys(String actuator, String customer, String service, String software,
                           @DefaultValue("0") @Min(0) int min, @DefaultValue("1000") @Min(0) int max,
                           @DefaultValue("1") @Min(1) int cores, @Valid PoolKubernetes kubernetes) {
        Pool toPool(String name) {
            return new Pool(name, customer, service, software, min, Math.max(min, max), cores);
        }
    }

    /** {@code baton.pools.<name>.kubernetes.*}. */
    public record PoolKubernetes(@DefaultValue("default") String namespace,
                                 @DefaultValue("Deployment") @Pattern(regexp = "(?i)deployment|statefulset") String kind,
                                 String name, @DefaultValue("false") boolean dryRun,
                                 @DefaultValue("5m") Duration startTimeout) {
        KubernetesSettings toSettings() {
            return new KubernetesSettings(namespace, kind, name, dryRun, startTimeout);
        }
    }
}
