package io.baton.collectors.ingest;

/**
 * Whether this replica takes writes now. Under HA a follower forwards samples to the leader's engine;
 * while no leader is known it must refuse with 503 and Retry-After (so Telegraf and the Prometheus
 * remote-write client retry and nothing is lost) rather than accept what no engine will see.
 */
public interface IngestGate {

    /** Null when writes are accepted now; otherwise why not, for the 503 answer. */
    String unavailable();

    /** A gate that always accepts (one process). */
    IngestGate OPEN = () -> null;
}
