package io.baton.actuators.local;

import io.baton.actuators.lifecycle.NodeInfo;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where one local pool's state is kept between runs, and between leaders: its nodes (id, state, pid,
 * address, decision, time), the decision ids already acted on, the events persisted but maybe not yet
 * published, and which new node replaces which old one. The same JSON in a file of the data dir
 * ({@link FileStateStore}) or in a document of the replicas' shared state ({@link SharedStateStore}).
 */
interface StateStore {
    JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What the store holds.
     *
     * @param unpublished written by earlier versions: the node whose current state was maybe not published (read only)
     * @param pending the events booked but maybe not yet published, oldest first
     */
    record PoolState(List<NodeInfo> nodes, List<String> decisions, String unpublished, Map<String, String> replacing,
                     List<NodeInfo> pending) {
        public PoolState {
            nodes = nodes == null ? List.of() : nodes;
            decisions = decisions == null ? List.of() : decisions;
            replacing = replacing == null ? Map.of() : replacing;
            pending = pending == null ? List.of() : pending;
        }

        static PoolState empty() {
            return new PoolState(List.of(), List.of(), null, Map.of(), List.of());
        }
    }

    /** The stored state, or an empty one when nothing is stored yet. A corrupt one is an error: nothing is lost silently. */
    PoolState load();

    /** Replaces the stored state (a fenced store throws {@link io.baton.engine.port.StaleEpochException} for a stale leader). */
    void save(PoolState state);
}
