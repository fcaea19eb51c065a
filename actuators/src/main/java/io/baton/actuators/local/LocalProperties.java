package io.baton.actuators.local;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The local actuator's own keys, {@code baton.local.*}; each pool's {@code local.*} section comes from the pool catalog. */
@ConfigurationProperties("baton")
@Validated
public record LocalProperties(@Valid @DefaultValue Local local) {

    /** {@code baton.local.*}. */
    public record Local(
            @DefaultValue("true") boolean enabled,
            @Min(0) @Max(65535) Integer frontPort,
            @NotBlank @DefaultValue("data") String dataDir,
            @DefaultValue("true") boolean stopNodesOnShutdown) { }
}
