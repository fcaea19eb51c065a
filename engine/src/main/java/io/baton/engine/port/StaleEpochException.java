package io.baton.engine.port;

/**
 * A state write made under an epoch that is no longer the leader's: a newer leader took over (or the
 * lease lapsed). The write did not happen, and the replica that made it must stop acting.
 */
public final class StaleEpochException extends RuntimeException {
    private final long epoch;

    public StaleEpochException(long epoch, String message) {
        super(message);
        this.epoch = epoch;
    }

    /** The stale epoch the write carried. */
    public long epoch() { return epoch; }
}
