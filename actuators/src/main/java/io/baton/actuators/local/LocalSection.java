package io.baton.actuators.local;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** A pool's {@code local.*} keys, with their defaults. */
record LocalSection(
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
        return new LocalSettings(portStart, portCount, startTimeout, drainTimeout, stopGrace, maxStartAttempts, retryBackoff, dryRun, jvmOptions);
    }
}
