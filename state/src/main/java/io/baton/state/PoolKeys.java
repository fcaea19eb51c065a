package io.baton.state;

import io.baton.engine.guard.GuardrailSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A pool's own keys and their defaults, bound the same way from the YAML ({@code baton.pools.<name>.*})
 * and from the API's JSON: the one place they are defined.
 */
record PoolKeys(@NotBlank String customer, @DefaultValue("") String service, @DefaultValue("") String software,
                @DefaultValue("local") @Pattern(regexp = "local|kubernetes|command", message = "must be local, kubernetes or command") String actuator,
                @DefaultValue("1") @Min(0) int min, @DefaultValue("10") @Min(1) int max, @DefaultValue("1") @Min(1) int cores,
                @Valid @DefaultValue Guardrails guardrails) {

    @AssertTrue(message = "min must not exceed max")
    public boolean isMinNotAboveMax() { return min <= max; }

    /**
     * Guardrails of one pool.
     *
     * @param unhealthyThreshold above this share of unhealthy or silent running nodes, replacements pause
     * @param maxReplacing the most nodes being replaced at once; 0 for max(1, 20% of the pool)
     */
    record Guardrails(@DefaultValue("180s") Duration scaleOutCooldown, @DefaultValue("300s") Duration scaleInStabilization,
                      @DefaultValue("10") @Min(1) int maxStep, @DefaultValue("false") boolean dryRun,
                      @DefaultValue("true") boolean flapProtection,
                      @DefaultValue("0.5") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") double unhealthyThreshold,
                      @DefaultValue("0") @Min(0) int maxReplacing) {

        @AssertTrue(message = "cooldowns must not be negative")
        public boolean isNotNegative() { return !scaleOutCooldown.isNegative() && !scaleInStabilization.isNegative(); }

        GuardrailSettings settings() {
            return new GuardrailSettings(scaleOutCooldown, scaleInStabilization, maxStep, dryRun, flapProtection, unhealthyThreshold, maxReplacing);
        }
    }
}
