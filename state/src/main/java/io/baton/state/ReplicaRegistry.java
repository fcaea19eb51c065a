package io.baton.state;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The replicas sharing the database ({@code baton_replica}): each one's id, a heartbeat, and the URL
 * its API answers on. Two live replicas with one id would both believe they hold a lease named for
 * that id, so the second is refused.
 */
public final class ReplicaRegistry {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Dialect dialect;
    private final String id;
    private final String url;
    private final long staleMs;
    private final String instance = UUID.randomUUID().toString();

    ReplicaRegistry(JdbcTemplate jdbc, TransactionTemplate tx, Dialect dialect, String id, String url, long staleMs) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.dialect = dialect;
        this.id = id;
        this.url = url;
        this.staleMs = staleMs;
    }

    /**
     * Records this replica, or refuses when another live process (a heartbeat newer than the lease)
     * already uses the id.
     */
    void register() {
        tx.executeWithoutResult(s -> {
            List<Object[]> rows = jdbc.query("SELECT instance, heartbeat_at, heartbeat_at > " + dialect.nowMinusMillis()
                            + " FROM baton_replica WHERE id = ? FOR UPDATE",
                    (rs, i) -> new Object[] {rs.getString(1), rs.getTimestamp(2), rs.getBoolean(3)}, staleMs, id);
            if (!rows.isEmpty() && !instance.equals(rows.get(0)[0]) && (Boolean) rows.get(0)[2]) {
                throw new DuplicateReplicaException("replica id '" + id + "' is already used by a running replica (its last heartbeat was at "
                        + ((Timestamp) rows.get(0)[1]).toInstant() + "): give each replica its own baton.ha.replica-id");
            }
            if (rows.isEmpty()) {
                jdbc.update("INSERT INTO baton_replica (id, instance, url, heartbeat_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)", id, instance, url);
            } else {
                jdbc.update("UPDATE baton_replica SET instance = ?, url = ?, heartbeat_at = CURRENT_TIMESTAMP WHERE id = ?", instance, url, id);
            }
        });
    }

    /** Refreshes the heartbeat (registering first when that has not happened yet). */
    void heartbeat() {
        if (!registered) {
            register();
            registered = true;
            return;
        }
        int n = jdbc.update("UPDATE baton_replica SET heartbeat_at = CURRENT_TIMESTAMP WHERE id = ? AND instance = ?", id, instance);
        if (n == 0) {
            registered = false;
            register();
            registered = true;
        }
    }

    private volatile boolean registered;

    /** Removes this process's record at a clean stop, so a restart under the same id (same host and pid) is not refused. */
    void deregister() {
        jdbc.update("DELETE FROM baton_replica WHERE id = ? AND instance = ?", id, instance);
        registered = false;
    }

    /** Marks the registration done (it ran at start). */
    void registered() { registered = true; }

    /** The URL of the replica holding a live lease, or null when there is none (or it is this one). */
    public String leaderUrl() {
        List<String> urls = jdbc.query("SELECT r.url FROM baton_lease l JOIN baton_replica r ON r.id = l.holder"
                + " WHERE l.name = ? AND l.expires_at > CURRENT_TIMESTAMP AND r.id <> ?", (rs, i) -> rs.getString(1), LeaseStore.LEADER, id);
        return urls.isEmpty() ? null : urls.get(0);
    }

    /** The URL replica {@code replica} registered, or null when it never registered. */
    public String urlOf(String replica) {
        List<String> urls = jdbc.query("SELECT url FROM baton_replica WHERE id = ?", (rs, i) -> rs.getString(1), replica);
        return urls.isEmpty() ? null : urls.get(0);
    }

    public String id() { return id; }
    public String url() { return url; }

    /** Another live replica already uses this replica's id. */
    public static final class DuplicateReplicaException extends IllegalStateException {
        DuplicateReplicaException(String message) { super(message); }
    }
}
