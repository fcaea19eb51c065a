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
 * @param unhealthyThreshold when more than this share of a pool's running nodes look unhealthy or silent
 *        at once, Baton treats it as a feed or zone failure and pauses replacements in the pool
 *        (crashes the actuator saw itself are still healed)
 * @param maxReplacing the most nodes of a pool being replaced at once; 0 means max(1, 20% of the pool)
 */
public record GuardrailSettings(Duration scaleOutCooldown, Duration scaleInStabilization, int maxStep,
                                boolean dryRun, boolean flapProtection, double unhealthyThreshold, int maxReplacing) {

    public static final double DEFAULT_UNHEALTHY_THRESHOLD = 0.5;

    public static final GuardrailSettings DEFAULTS =
            new GuardrailSettings(Duration.ofSeconds(180), Duration.ofSeconds(300), 10, false, true);

    public GuardrailSettings {
        if (scaleOutCooldown == null || scaleOutCooldown.isNegative()) throw new IllegalArgumentException("scale-out cooldown must be 0 or more");
        if (scaleInStabilization == null || scaleInStabilization.isNegative()) throw new IllegalArgumentException("scale-in stabilization must be 0 or more");
        if (maxStep < 1) throw new IllegalArgumentException("max step must be at least 1, got " + maxStep);
        if (!(unhealthyThreshold > 0 && unhealthyThreshold <= 1)) {
            throw new IllegalArgumentException("unhealthy threshold must be above 0 and at most 1 (a share), got " + unhealthyThreshold);
        }
        if (maxReplacing < 0) throw new IllegalArgumentException("max replacing must be 0 (automatic) or more, got " + maxReplacing);
    }

    /** The settings with the default healing limits: a 50% unhealthy threshold and max(1, 20%) replacing. */
    public GuardrailSettings(Duration scaleOutCooldown, Duration scaleInStabilization, int maxStep, boolean dryRun, boolean flapProtection) {
        this(scaleOutCooldown, scaleInStabilization, maxStep, dryRun, flapProtection, DEFAULT_UNHEALTHY_THRESHOLD, 0);
    }

    public GuardrailSettings withDryRun(boolean on) {
        return new GuardrailSettings(scaleOutCooldown, scaleInStabilization, maxStep, on, flapProtection, unhealthyThreshold, maxReplacing);
    }

    /** How many nodes of a pool with {@code nodes} nodes may be replaced at once. */
    public int replacementBudget(int nodes) {
        return maxReplacing > 0 ? maxReplacing : Math.max(1, nodes / 5);
    }
}
