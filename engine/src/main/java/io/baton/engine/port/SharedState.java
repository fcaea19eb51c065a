package io.baton.engine.port;

import java.util.Map;

/**
 * Small documents that must outlive this process and be shared by every replica: node books, the
 * guardrails' scale times. Writes are fenced: under HA each checks the writer's epoch in the same
 * transaction and throws {@link StaleEpochException} when a newer leader exists.
 */
public interface SharedState {

    /** The document stored under {@code kind}/{@code key}, or null. */
    String read(String kind, String key);

    /** Every document of {@code kind}, by key. */
    Map<String, String> readAll(String kind);

    /** Stores (or replaces) a document, fenced by the current epoch. */
    void write(String kind, String key, String document);

    /**
     * Claims {@code id} in {@code ledger} once across all replicas and restarts, fenced by the current
     * epoch: true the first time, false for every repeat.
     */
    boolean claim(String ledger, String id);
}
