package io.baton.actuators.local;

import io.baton.engine.model.Pool;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The keys the local actuator reads: {@code baton.local.*} and, for each pool,
 * {@code baton.pools.<name>.{actuator,customer,service,software,min,max,cores}} and
 * {@code baton.pools.<name>.local.*}. Other keys are ignored.
 */
@ConfigurationProperties("baton")
@Validated
public record LocalProperties(Map<String, @Valid PoolKeys> pools, @Valid @DefaultValue Local local) {

    public LocalProperties {
        pools = pools == null ? Map.of() : pools;
    }

    /** {@code baton.local.*}. */
    public record Local(
            @DefaultValue("true") boolean enabled,
            @Min(0) @Max(65535) Integer frontPort,
            @NotBlank @DefaultValue("data") String dataDir,
            @DefaultValue("true") boolean stopNodesOnShutdown) { }

    /** One pool's keys. */
    public record PoolKeys(String actuator, String customer, String service, String software,
                           @DefaultValue("0") @Min(0) int min, @DefaultValue("1000") @Min(0) int max,
                           @DefaultValue("1") @Min(1) int cores, @Valid @DefaultValue PoolLocal local) {
        Pool toPool(String name) {
            return new Pool(name, customer, service, software, min, Math.max(min, max), cores);
        }
    }

    /** {@code baton.pools.<name>.local.*}. */
    public record PoolLocal(
            @DefaultValue("20000") @Min(1024) @Max(65535) int portStart,
            @DefaultValue("1000") @Min(1) @Max(64511) int portCount,
            @DefaultValue("10s") Duration startTimeout,
            @DefaultValue("10s") Duration drainTimeout,
            @DefaultValue("3s") Duration stopGrace,
            @DefaultValue("3") @Min(1) @Max(100) int maxStartAttempts,
            @DefaultValue("200ms") Duration retryBackoff,
            @DefaultValue("false") boolean dryRun,
            List<String> jvmOptions) {
        LocalSettings toSettings() {
            return new LocalSettings(portStart, portCount, startTimeout, drainTimeout, stopGrace, maxStartAttempts,
                    retryBackoff, dryRun, jvmOptions);
        }
    }
}
