package io.baton.engine.guard;

/**
 * How a pool's running nodes look right now, for the healing circuit breaker.
 *
 * @param running nodes in state RUNNING
 * @param unhealthy of those, the ones whose last probe failed or that have been silent past the grace
 *        period after having sent samples
 */
public record PoolHealth(int running, int unhealthy) {

    public static final PoolHealth UNKNOWN = new PoolHealth(0, 0);

    /** Whether more than {@code threshold} (a share) of the running nodes are unhealthy at once. */
    public boolean breached(double threshold) {
        return running > 0 && unhealthy > threshold * running;
    }

    @Override public String toString() {
        return unhealthy + " of " + running + " running nodes unhealthy or silent";
    }
}
