package io.baton.engine.guard;

import java.time.Duration;

/**
 * The limits the engine puts on a pool's decisions.
 *
 * @param scaleOutCooldown no rule scale-out sooner than this after the previous scale-out
 * @param scaleInStabilization no rule scale-in sooner than this after any scaling (Kubernetes HPA's 300 s)
 * @param maxStep the most nodes one decision may add or remove
 * @param dryRun record decisions but dispatch nothing
 * @param flapProtection defer a scale-in that would at once make the rules scale out again
 */
public record GuardrailSettings(Duration scaleOutCooldown, Duration scaleInStabilization, int maxStep,
                                boolean dryRun, boolean flapProtection) {

    public static final GuardrailSettings DEFAULTS =
            new GuardrailSettings(Duration.ofSeconds(180), Duration.ofSeconds(300), 10, false, true);

    public GuardrailSettings {
        if (scaleOutCooldown == null || scaleOutCooldown.isNegative()) throw new IllegalArgumentException("scale-out cooldown must be 0 or more");
        if (scaleInStabilization == null || scaleInStabilization.isNegative()) throw new IllegalArgumentException("scale-in stabilization must be 0 or more");
        if (maxStep < 1) throw new IllegalArgumentException("max step must be at least 1, got " + maxStep);
    }

    public GuardrailSettings withDryRun(boolean on) {
        return new GuardrailSettings(scaleOutCooldown, scaleInStabilization, maxStep, on, flapProtection);
    }
}
