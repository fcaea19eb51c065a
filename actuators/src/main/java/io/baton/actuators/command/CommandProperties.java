package io.baton.actuators.command;

import io.baton.engine.model.Pool;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The keys the command actuator reads: {@code baton.pools.<name>.command.*} and the pool's own keys. */
@ConfigurationProperties("baton")
@Validated
public record CommandProperties(Map<String, @Valid PoolKeys> pools) {

    public CommandProperties {
        pools = pools == null ? Map.of() : pools;
    }

    /** One pool's keys. */
    public record PoolKeys(String actuator, String customer, String service, String software,
                           @DefaultValue("0") @Min(0) int min, @DefaultValue("1000") @Min(0) int max,
                           @DefaultValue("1") @Min(1) int cores, @Valid PoolCommand command) {
        Pool toPool(String name) {
            return new Pool(name, customer, service, software, min, Math.max(min, max), cores);
        }
    }

    /** {@code baton.pools.<name>.command.*}. */
    public record PoolCommand(String provision, String deprovision, String replace, String status, URI webhookUrl,
                              @DefaultValue("5m") Duration timeout, @DefaultValue("3") @Min(1) @Max(100) int maxAttempts,
                              @DefaultValue("1s") Duration retryBackoff, @DefaultValue("false") boolean dryRun,
                              List<String> passEnv) {
        CommandSettings toSettings() {
            return new CommandSettings(provision, deprovision, replace, status, webhookUrl, timeout, maxAttempts, retryBackoff, dryRun, passEnv);
        }
    }
}
