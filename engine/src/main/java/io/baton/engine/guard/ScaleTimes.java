package io.baton.engine.guard;

/**
 * When a pool last scaled out, and last scaled at all (epoch millis, 0 for never): what its cooldown
 * and scale-in stabilization count from.
 */
public record ScaleTimes(long lastScaleOut, long lastScale) {

    /** Told when a pool's scale times change. */
    public interface Listener {
        void scaled(String pool, ScaleTimes times);
    }
}
