package io.baton.actuators.local;

import io.baton.actuators.lifecycle.NodeInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The small state file of one local pool, {@code <data>/nodes/<pool>.json}: its nodes (id, state, pid,
 * address, decision, time), the decision ids already acted on, the events persisted but maybe not yet
 * published, and which new node replaces which old one. Written atomically (temp file, then rename).
 */
final class StateStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Path file;

    /**
     * What the file holds.
     *
     * @param unpublished written by earlier versions: the node whose current state was maybe not published (read only)
     * @param pending the events booked but maybe not yet published, oldest first
     */
    record PoolState(List<NodeInfo> nodes, List<String> decisions, String unpublished, Map<String, String> replacing,
                     List<NodeInfo> pending) {
        PoolState {
            nodes = nodes == null ? List.of() : nodes;
            decisions = decisions == null ? List.of() : decisions;
            replacing = replacing == null ? Map.of() : replacing;
            pending = pending == null ? List.of() : pending;
        }
    }

    StateStore(Path dataDir, String pool) {
        this.file = dataDir.resolve("nodes").resolve(pool + ".json");
    }

    Path file() { return file; }

    /** The stored state, or an empty one when there is no file yet. A corrupt file is an error: nothing is lost silently. */
    PoolState load() {
        if (!Files.exists(file)) return new PoolState(List.of(), List.of(), null, Map.of(), List.of());
        try {
            return JSON.readValue(Files.readAllBytes(file), PoolState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JacksonException e) {
            throw new IllegalStateException("state file " + file + " is not valid: " + e.getOriginalMessage()
                    + " (move it away to start this pool empty; its node processes will be adopted)", e);
        }
    }

    synchronized void save(PoolState state) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(state));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
