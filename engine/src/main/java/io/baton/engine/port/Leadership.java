package io.baton.engine.port;

/**
 * Whether this replica leads, and under which fencing epoch. Only the leader acts: the engine, the
 * scrapes, the probes and the reconcilers check {@link #mayAct()} first. Every takeover increments the
 * epoch; state writes carry it and are refused once a newer leader exists ({@link StaleEpochException}).
 */
public interface Leadership {

    /** This replica's id (unique among the replicas sharing one database). */
    String replicaId();

    /**
     * True while this replica holds the lease, renewed recently enough that it cannot have expired
     * (the self-fencing deadline falls before the lease ends), and no write of it was refused.
     */
    boolean mayAct();

    /** The epoch of this replica's current term as leader; 0 while it follows. */
    long epoch();

    /** Registers a listener told of each change of role, on the election thread. */
    void onChange(LeadershipListener listener);

    /** A single process that always leads, at epoch 1 (the embedded default, no election). */
    static Leadership single(String replicaId) {
        return new Leadership() {
            @Override public String replicaId() { return replicaId; }
            @Override public boolean mayAct() { return true; }
            @Override public long epoch() { return 1; }
            @Override public void onChange(LeadershipListener listener) { }
        };
    }
}
