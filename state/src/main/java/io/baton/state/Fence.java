package io.baton.state;

import io.baton.engine.port.Leadership;
import io.baton.engine.port.StaleEpochException;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The check every state write of the leader passes: in the write's own transaction, the lease row is
 * locked and must still name this replica, under its epoch, unexpired. Otherwise nothing is written,
 * leadership is dropped at once, and {@link StaleEpochException} is thrown.
 */
public final class Fence {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final LeaseStore lease;
    private final Leadership leadership;
    private final Fenced onStale;

    /** Told when a write was refused, so the replica stops acting. */
    interface Fenced {
        void fenced(long epoch, String why);
    }

    Fence(JdbcTemplate jdbc, TransactionTemplate tx, LeaseStore lease, Leadership leadership, Fenced onStale) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.lease = lease;
        this.leadership = leadership;
        this.onStale = onStale;
    }

    /** Runs {@code body} in one transaction with the epoch check; {@code what} names the write in the error. */
    public <T> T write(String what, Function<JdbcTemplate, T> body) {
        long epoch = leadership.epoch();
        String replica = leadership.replicaId();
        boolean[] stale = new boolean[1];
        T result = tx.execute(s -> {
            if (epoch <= 0 || !lease.holdsLocked(replica, epoch)) {
                stale[0] = true;
                return null;
            }
            return body.apply(jdbc);
        });
        if (stale[0]) {
            String why = what + " refused: epoch " + epoch + " of replica " + replica + " is no longer the leader's";
            onStale.fenced(epoch, why);
            throw new StaleEpochException(epoch, why);
        }
        return result;
    }

    /** The epoch writes are made under now. */
    public long epoch() { return leadership.epoch(); }

    /** The replica writing. */
    public String replica() { return leadership.replicaId(); }
}
