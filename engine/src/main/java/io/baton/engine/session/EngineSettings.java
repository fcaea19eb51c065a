package io.baton.engine.session;

import io.baton.engine.schema.Measurements;
import java.util.Set;

/**
 * How the engine keeps its state, and the bounds on what it lets in.
 *
 * @param historySeconds how far back pool metrics reach (the longest rule window must fit); a sample
 *        older than this is dropped as stale
 * @param nodeHistorySeconds how far back per-node metrics reach
 * @param nodeMetrics the metrics kept per node as {@code NodeMetric} facts (others only per pool)
 * @param rawSamples also insert every sample into the session as an event, for hand-written
 *        DRL that reasons over raw samples (slower; samples expire after 15 minutes)
 * @param pseudoClock run on the pseudo clock (tests, scenarios, benchmarks) instead of the wall clock
 * @param journalCapacity how many decisions the journal keeps
 * @param silenceGraceSeconds a node silent this long starts to count its silent seconds (see
 *        {@code NodeStatus.silentSeconds}); silence rules are exact from here on
 * @param maxFutureMillis a sample dated more than this ahead of engine time is dropped
 * @param maxMetricsPerPool the most distinct metrics the engine keeps per pool; samples of further
 *        metrics are dropped
 * @param fireLimit the most rule firings one evaluation may make; a rule set that reaches it is
 *        rolled back (see {@link RuleEngine#evaluate(long)})
 * @param targetWindowSeconds target tracking ({@code keep CPU of the pool near ...}) judges the pool's
 *        mean over this many seconds ({@code baton.engine.target-window}, 60 s)
 * @param targetTolerance target tracking acts only when |average / target - 1| is above this
 *        ({@code baton.engine.target-tolerance}, 0.1, as Kubernetes' HPA)
 */
public record EngineSettings(int historySeconds, int nodeHistorySeconds, Set<String> nodeMetrics,
                             boolean rawSamples, boolean pseudoClock, int journalCapacity, int silenceGraceSeconds,
                             long maxFutureMillis, int maxMetricsPerPool, int fireLimit,
                             int targetWindowSeconds, double targetTolerance) {

    public static final int DEFAULT_TARGET_WINDOW_SECONDS = 60;
    public static final double DEFAULT_TARGET_TOLERANCE = 0.1;

    public static EngineSettings defaults() {
        return new EngineSettings(720, 300, Set.of(Measurements.LATENCY_P95), false, false, 10_000, 15, 10_000, 64, 10_000);
    }

    /** Settings with the default target tracking (a 60 s window, a 10% tolerance). */
    public EngineSettings(int historySeconds, int nodeHistorySeconds, Set<String> nodeMetrics,
                          boolean rawSamples, boolean pseudoClock, int journalCapacity, int silenceGraceSeconds,
                          long maxFutureMillis, int maxMetricsPerPool, int fireLimit) {
        this(historySeconds, nodeHistorySeconds, nodeMetrics, rawSamples, pseudoClock, journalCapacity, silenceGraceSeconds,
                maxFutureMillis, maxMetricsPerPool, fireLimit, DEFAULT_TARGET_WINDOW_SECONDS, DEFAULT_TARGET_TOLERANCE);
    }

    public EngineSettings {
        if (historySeconds < 60) throw new IllegalArgumentException("history must be at least 60 s");
        if (nodeHistorySeconds < 60) throw new IllegalArgumentException("node history must be at least 60 s");
        if (silenceGraceSeconds < 1) throw new IllegalArgumentException("silence grace must be at least 1 s");
        if (maxFutureMillis < 0) throw new IllegalArgumentException("max future must be 0 or more");
        if (maxMetricsPerPool < 1) throw new IllegalArgumentException("max metrics per pool must be at least 1");
        if (fireLimit < 1) throw new IllegalArgumentException("fire limit must be at least 1");
        if (targetWindowSeconds < 1 || targetWindowSeconds > historySeconds) {
            throw new IllegalArgumentException("target window must be from 1 s to the history (" + historySeconds + " s), got " + targetWindowSeconds + " s");
        }
        if (!(targetTolerance >= 0 && targetTolerance < 1)) throw new IllegalArgumentException("target tolerance must be from 0 to below 1, got " + targetTolerance);
        nodeMetrics = Set.copyOf(nodeMetrics);
    }

    public EngineSettings withPseudoClock(boolean on) {
        return new EngineSettings(historySeconds, nodeHistorySeconds, nodeMetrics, rawSamples, on, journalCapacity,
                silenceGraceSeconds, maxFutureMillis, maxMetricsPerPool, fireLimit, targetWindowSeconds, targetTolerance);
    }

    public EngineSettings withRawSamples(boolean on) {
        return new EngineSettings(historySeconds, nodeHistorySeconds, nodeMetrics, on, pseudoClock, journalCapacity,
                silenceGraceSeconds, maxFutureMillis, maxMetricsPerPool, fireLimit, targetWindowSeconds, targetTolerance);
    }

    public EngineSettings withFireLimit(int limit) {
        return new EngineSettings(historySeconds, nodeHistorySeconds, nodeMetrics, rawSamples, pseudoClock, journalCapacity,
                silenceGraceSeconds, maxFutureMillis, maxMetricsPerPool, limit, targetWindowSeconds, targetTolerance);
    }

    public EngineSettings withMaxFutureMillis(long millis) {
        return new EngineSettings(historySeconds, nodeHistorySeconds, nodeMetrics, rawSamples, pseudoClock, journalCapacity,
                silenceGraceSeconds, millis, maxMetricsPerPool, fireLimit, targetWindowSeconds, targetTolerance);
    }

    /** The same settings with target tracking over {@code windowSeconds} and within {@code tolerance}. */
    public EngineSettings withTargetTracking(int windowSeconds, double tolerance) {
        return new EngineSettings(historySeconds, nodeHistorySeconds, nodeMetrics, rawSamples, pseudoClock, journalCapacity,
                silenceGraceSeconds, maxFutureMillis, maxMetricsPerPool, fireLimit, windowSeconds, tolerance);
    }
}
