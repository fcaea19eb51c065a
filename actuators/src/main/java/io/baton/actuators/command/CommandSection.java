package io.baton.actuators.command;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** A pool's {@code command.*} keys, with their defaults. */
record CommandSection(String provision, String deprovision, String replace, String status, URI webhookUrl,
                      @DefaultValue("5m") Duration timeout, @DefaultValue("3") @Min(1) @Max(100) int maxAttempts,
                      @DefaultValue("1s") Duration retryBackoff, @DefaultValue("false") boolean dryRun,
                      List<String> passEnv) {

    CommandSettings toSettings() {
        return new CommandSettings(provision, deprovision, replace, status, webhookUrl, timeout, maxAttempts, retryBackoff, dryRun, passEnv);
    }
}
