package io.baton.state;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lease row {@code baton_lease}: taken, renewed, released and read, always against the database's
 * own clock (so replicas whose clocks differ still agree on when a lease ends). Every change runs in a
 * transaction that locks the row first, which also serialises it against the leader's fenced writes.
 */
final class LeaseStore {
    static final String LEADER = "leader";
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Dialect dialect;

    /** The lease as stored: who holds it, under which epoch, since when, and whether it is still live. */
    record View(String holder, long epoch, Instant since, boolean live) { }

    LeaseStore(JdbcTemplate jdbc, TransactionTemplate tx, Dialect dialect) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.dialect = dialect;
    }

    /**
     * Takes the lease when it is free, has expired, or is held by this same replica id (a restart), or
     * always when {@code force}: the new epoch (one more than the last), or 0 when another replica holds it.
     */
    long tryAcquire(String replica, long leaseMs, boolean force) {
        Long epoch = tx.execute(s -> {
            View v = lockedView();
            boolean free = force || v.holder() == null || !v.live() || v.holder().equals(replica);
            if (!free) return 0L;
            long next = v.epoch() + 1;
            jdbc.update("UPDATE baton_lease SET holder = ?, epoch = ?, expires_at = " + dialect.nowPlusMillis()
                    + ", since = CURRENT_TIMESTAMP WHERE name = ?", replica, next, leaseMs, LEADER);
            return next;
        });
        return epoch == null ? 0 : epoch;
    }

    /** Extends the lease of {@code replica} under {@code epoch}; false when it no longer holds it. */
    boolean renew(String replica, long epoch, long leaseMs) {
        return jdbc.update("UPDATE baton_lease SET expires_at = " + dialect.nowPlusMillis()
                + " WHERE name = ? AND holder = ? AND epoch = ?", leaseMs, LEADER, replica, epoch) == 1;
    }

    /**
     * Under another election backend (a Kubernetes Lease): records {@code replica} as holder under that
     * backend's {@code epoch}, unless the row already carries a newer epoch; whether it now does.
     */
    boolean mirror(String replica, long epoch, long leaseMs) {
        return jdbc.update("UPDATE baton_lease SET holder = ?, epoch = ?, expires_at = " + dialect.nowPlusMillis()
                + ", since = CASE WHEN holder = ? AND epoch = ? THEN since ELSE CURRENT_TIMESTAMP END WHERE name = ? AND epoch <= ?",
                replica, epoch, leaseMs, replica, epoch, LEADER, epoch) == 1;
    }

    /** Gives the lease up at once (a planned handover): the next follower to look takes it. */
    boolean release(String replica, long epoch) {
        return jdbc.update("UPDATE baton_lease SET holder = NULL, expires_at = CURRENT_TIMESTAMP WHERE name = ? AND holder = ? AND epoch = ?",
                LEADER, replica, epoch) == 1;
    }

    /** The lease as it is now. */
    View read() {
        return jdbc.queryForObject("SELECT holder, epoch, since, expires_at > CURRENT_TIMESTAMP AS live FROM baton_lease WHERE name = ?",
                (rs, i) -> new View(rs.getString(1), rs.getLong(2), instant(rs.getTimestamp(3)), rs.getBoolean(4)), LEADER);
    }

    /**
     * Inside the caller's transaction: locks the lease row and tells whether {@code replica} holds a
     * live lease under {@code epoch}. A write that runs after a true answer, in the same transaction,
     * cannot interleave with a takeover.
     */
    boolean holdsLocked(String replica, long epoch) {
        List<Boolean> rows = jdbc.query("SELECT expires_at > CURRENT_TIMESTAMP FROM baton_lease WHERE name = ? AND holder = ? AND epoch = ? FOR UPDATE",
                (rs, i) -> rs.getBoolean(1), LEADER, replica, epoch);
        return !rows.isEmpty() && rows.get(0);
    }

    private View lockedView() {
        return jdbc.queryForObject("SELECT holder, epoch, since, expires_at > CURRENT_TIMESTAMP AS live FROM baton_lease WHERE name = ? FOR UPDATE",
                (rs, i) -> new View(rs.getString(1), rs.getLong(2), instant(rs.getTimestamp(3)), rs.getBoolean(4)), LEADER);
    }

    private static Instant instant(Timestamp t) { return t == null ? null : t.toInstant(); }
}
