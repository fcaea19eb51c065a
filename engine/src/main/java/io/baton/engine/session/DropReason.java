package io.baton.engine.session;

import java.util.Locale;

/** Why the engine left a sample or probe out of what the rules see (it may still be stored in InfluxDB). */
public enum DropReason {
    /** The sample names a pool that is not configured. */
    UNKNOWN_POOL,
    /** The sample names a node that no actuator reports: telemetry never creates capacity. */
    UNKNOWN_NODE,
    /** Dated further ahead of engine time than {@code maxFutureMillis}. */
    FUTURE,
    /** Older than the longest window ({@code historySeconds}). */
    STALE,
    /** NaN or infinite. */
    NON_FINITE,
    /** A new metric of a pool that already has {@code maxMetricsPerPool} metrics. */
    METRIC_CAP;

    /** The label value, e.g. {@code unknown_node}. */
    public String label() { return name().toLowerCase(Locale.ROOT); }
}
