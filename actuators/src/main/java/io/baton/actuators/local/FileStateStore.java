package io.baton.actuators.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tools.jackson.core.JacksonException;

/**
 * The small state file of one local pool, {@code <data>/nodes/<pool>.json} (the store of a single process,
 * used when no {@link io.baton.engine.port.SharedState} is given). Written atomically (temp file, then rename).
 */
final class FileStateStore implements StateStore {
    private final Path file;

    FileStateStore(Path dataDir, String pool) {
        this.file = dataDir.resolve("nodes").resolve(pool + ".json");
    }

    Path file() { return file; }

    /** The stored state, or an empty one when there is no file yet. A corrupt file is an error: nothing is lost silently. */
    @Override public PoolState load() {
        if (!Files.exists(file)) return PoolState.empty();
        try {
            return JSON.readValue(Files.readAllBytes(file), PoolState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JacksonException e) {
            throw new IllegalStateException("state file " + file + " is not valid: " + e.getOriginalMessage()
                    + " (move it away to start this pool empty; its node processes will be adopted)", e);
        }
    }

    @Override public synchronized void save(PoolState state) {
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
