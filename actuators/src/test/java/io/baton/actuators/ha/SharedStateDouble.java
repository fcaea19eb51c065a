package io.baton.actuators.ha;

import io.baton.engine.port.SharedState;
import io.baton.engine.port.StaleEpochException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One shared database for unit tests, in memory, seen by several replicas ({@link #replica}), each
 * writing under its own epoch. It keeps the fencing contract of {@link SharedState}: a write or claim
 * whose writer's epoch is older than the current leader's epoch ({@link #leaderEpoch(long)}), or that is
 * made with no epoch at all (0: a follower), throws {@link StaleEpochException} and changes nothing.
 * Reads are never fenced.
 */
public final class SharedStateDouble {
    private final Map<String, Map<String, String>> documents = new LinkedHashMap<>();
    private final Map<String, Set<String>> claims = new LinkedHashMap<>();
    private long leaderEpoch;
    private int refused;

    /** @param leaderEpoch the epoch of the leader at the start */
    public SharedStateDouble(long leaderEpoch) {
        this.leaderEpoch = leaderEpoch;
    }

    /** A newer leader took over (or the lease moved on): writes under older epochs are refused from now on. */
    public synchronized void leaderEpoch(long epoch) {
        this.leaderEpoch = epoch;
    }

    public synchronized long leaderEpoch() { return leaderEpoch; }

    /** Writes and claims refused so far. */
    public synchronized int refused() { return refused; }

    /** A document stored without any fence (test set-up, a corrupt document). */
    public synchronized void put(String kind, String key, String document) {
        documents.computeIfAbsent(kind, k -> new TreeMap<>()).put(key, document);
    }

    /** The ids claimed in {@code ledger}. */
    public synchronized Set<String> claimed(String ledger) {
        return Set.copyOf(claims.getOrDefault(ledger, Set.of()));
    }

    /** A replica's view of the database, writing under {@code epoch} (changed with {@link Replica#epoch(long)}). */
    public Replica replica(long epoch) {
        return new Replica(epoch);
    }

    private synchronized void fence(long writer, String what) {
        if (writer <= 0 || leaderEpoch > writer) {
            refused++;
            throw new StaleEpochException(writer, what + " refused: epoch " + writer + " is not the leader's (" + leaderEpoch + ")");
        }
    }

    /** One replica's connection: its epoch is what its Leadership would report (0 while it follows). */
    public final class Replica implements SharedState {
        private volatile long epoch;

        private Replica(long epoch) {
            this.epoch = epoch;
        }

        /** What this replica's Leadership reports now. */
        public long epoch() { return epoch; }

        /** This replica took the lease under {@code e} (or, with 0, follows). */
        public void epoch(long e) { this.epoch = e; }

        @Override public String read(String kind, String key) {
            synchronized (SharedStateDouble.this) {
                return documents.getOrDefault(kind, Map.of()).get(key);
            }
        }

        @Override public Map<String, String> readAll(String kind) {
            synchronized (SharedStateDouble.this) {
                return new TreeMap<>(documents.getOrDefault(kind, Map.of()));
            }
        }

        @Override public void write(String kind, String key, String document) {
            synchronized (SharedStateDouble.this) {
                fence(epoch, "write of " + kind + " " + key);
                documents.computeIfAbsent(kind, k -> new TreeMap<>()).put(key, document);
            }
        }

        @Override public boolean claim(String ledger, String id) {
            synchronized (SharedStateDouble.this) {
                fence(epoch, "claim of " + id + " in " + ledger);
                return claims.computeIfAbsent(ledger, k -> new HashSet<>()).add(id);
            }
        }
    }
}
