package io.baton.engine.schema;

/** The measurement names Baton writes and reads. */
public final class Measurements {
    private Measurements() { }

    /** Records: a node entering a state ({@link Fields#STATE}, {@link Fields#CORES}, {@link Fields#DECISION}). */
    public static final String NODE_LIFECYCLE = "node_lifecycle";
    /** Records: one journaled decision, with its outcome and reasons. */
    public static final String DECISION = "decision";
    /** Records: one attempt to swap in new rules, with its outcome and errors. */
    public static final String RULE_RELOAD = "rule_reload";
    /** Records: how many nodes of a pool are in each state, written at a fixed interval by the leader. */
    public static final String POOL_NODES = "pool_nodes";
    /** Records: one failed round of a PromQL source (no value was taken), with its error. */
    public static final String PROMQL_FAILURE = "promql_failure";
    /** Records: a probe's result, 1 for up and 0 for down. */
    public static final String UP = "up";
    /** Records: how long a probe took, in milliseconds. */
    public static final String PROBE_LATENCY_MS = "probe_latency_ms";

    /** Metrics: CPU use of a node in percent (the node server's gauge, or computed from the process). */
    public static final String CPU = "cpu";
    /** Metrics: the CPU-seconds counter of a node; the usage report bills its increase. */
    public static final String CPU_SECONDS_TOTAL = "cpu_seconds_total";
    /** Metrics: the 95th percentile request latency of a node, in milliseconds. */
    public static final String LATENCY_P95 = "latency_p95";
    /** Metrics: requests a node is serving now. */
    public static final String REQUESTS_IN_FLIGHT = "requests_in_flight";
    /** Metrics: requests a node has served. */
    public static final String REQUESTS_TOTAL = "requests_total";
    /** Metrics: requests per second of a node; the engine derives {@code rps_per_node} of its pool from it. */
    public static final String RPS = "rps";
    /** Metrics: a node's resident memory in bytes. */
    public static final String MEM_BYTES = "mem_bytes";
}
