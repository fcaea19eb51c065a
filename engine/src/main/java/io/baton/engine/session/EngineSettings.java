package io.baton.engine.session;

import java.util.Set;

/**
 * How the engine keeps its state.
 *
 * @param historySeconds how far back pool metrics reach (the longest rule window must fit)
 * @param nodeHistorySeconds how far back per-node metrics reach
 * @param nodeMetrics the metrics kept per node as {@code NodeMetric} facts (others only per pool)
 * @param rawSamples also insert every sample into the session as an event, for hand-written
 *        DRL that reasons over raw samples (slower; samples expire after 15 minutes)
 * @param pseudoClock run on the pseudo clock (tests, scenarios, benchmarks) instead of the wall clock
 * @param journalCapacity how many decisions the journal keeps
 * @param silenceGraceSeconds a node silent this long starts to count its silent seconds (see
 *        {@code NodeStatus.silentSeconds}); silence rules are exact from here on
 */
public record EngineSettings(int historySeconds, int nodeHistorySeconds, Set<String> nodeMetrics,
                             boolean rawSamples, boolean pseudoClock, int journalCapacity, int silenceGraceSeconds) {

    public static EngineSettings defaults() {
        return new EngineSettings(720, 300, Set.of("latency_p95"), false, false, 10_000, 15);
    }

    public EngineSettings {
        if (historySeconds < 60) throw new IllegalArgumentException("history must be at least 60 s");
        if (nodeHistorySeconds < 60) throw new IllegalArgumentException("node history must be at least 60 s");
        if (silenceGraceSeconds < 1) throw new IllegalArgumentException("silence grace must be at least 1 s");
        nodeMetrics = Set.copyOf(nodeMetrics);
    }

    public EngineSettings withPseudoClock(boolean on) {
        return new EngineSettings(historySeconds, nodeHistorySeconds, nodeMetrics, rawSamples, on, journalCapacity, silenceGraceSeconds);
    }

    public EngineSettings withRawSamples(boolean on) {
        return new EngineSettings(historySeconds, nodeHistorySeconds, nodeMetrics, on, pseudoClock, journalCapacity, silenceGraceSeconds);
    }
}
