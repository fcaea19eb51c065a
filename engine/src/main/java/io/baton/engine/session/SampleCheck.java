package io.baton.engine.session;

import io.baton.engine.model.Sample;

/** The checks a sample passes before it reaches the engine's state, in the order they are made. */
final class SampleCheck {
    private final long maxFutureMillis;
    private final long historyMillis;

    SampleCheck(EngineSettings settings) {
        this.maxFutureMillis = settings.maxFutureMillis();
        this.historyMillis = settings.historySeconds() * 1000L;
    }

    /** Why {@code s}, for a pool known or not, is dropped at engine time {@code now}; null when it passes. */
    DropReason reject(Sample s, boolean poolKnown, long now) {
        if (!poolKnown) return DropReason.UNKNOWN_POOL;
        if (!Double.isFinite(s.getValue())) return DropReason.NON_FINITE;
        if (s.getTimestamp() > now + maxFutureMillis) return DropReason.FUTURE;
        if (s.getTimestamp() < now - historyMillis) return DropReason.STALE;
        return null;
    }
}
