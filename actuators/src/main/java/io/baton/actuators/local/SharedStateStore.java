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

    SharedStateStore(SharedState shared, String pool) {
        this.shared = shared;
        this.pool = pool;
    }

    @Override public PoolState load() {
        String doc = shared.read(KIND, pool);
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
