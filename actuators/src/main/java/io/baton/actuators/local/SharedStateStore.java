package io.baton.actuators.local;

import io.baton.engine.port.SharedState;
import tools.jackson.core.JacksonException;

/**
 * One local pool's state as the document {@value #KIND}/{@code <pool>} of the replicas' shared state, in
 * the JSON of the state file. Writes are fenced by the shared state: a replica that no longer leads gets
 * {@link io.baton.engine.port.StaleEpochException} and writes nothing.
 */
final class SharedStateStore implements StateStore {
    static final String KIND = "node-book";
    private final SharedState shared;
    private final String pool;
    private final FileStateStore legacy;

    /** @param legacy the pool's state file of a Baton from before the shared state, imported once when the document is missing */
    SharedStateStore(SharedState shared, String pool, FileStateStore legacy) {
        this.shared = shared;
        this.pool = pool;
        this.legacy = legacy;
    }

    @Override public PoolState load() {
        String doc = shared.read(KIND, pool);
        if (doc == null && legacy != null && java.nio.file.Files.exists(legacy.file())) {
            PoolState imported = legacy.load();
            org.slf4j.LoggerFactory.getLogger(SharedStateStore.class).info(
                    "local pool {}: no node book in the shared state; the state file {} is imported (it is left in place, unused from now on)",
                    pool, legacy.file().getFileName());
            return imported;
        }
        if (doc == null) return PoolState.empty();
        try {
            return JSON.readValue(doc, PoolState.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("the " + KIND + " document of local pool " + pool + " in the shared state is not valid: "
                    + e.getOriginalMessage() + " (delete it to start this pool empty; its node processes will be adopted)", e);
        }
    }

    @Override public void save(PoolState state) {
        shared.write(KIND, pool, JSON.writeValueAsString(state));
    }
}
