package io.baton.state;

import io.baton.engine.port.Leadership;
import io.baton.engine.port.LeadershipListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership over the lease row of the shared database. A follower looks for a free lease every
 * {@link HaProperties#retry()}; the leader renews every {@code renew}. The leader may act only until
 * {@code lease - margin} after the start of its last successful renewal, measured on its own monotonic
 * clock: a renewal that starts at local time t is applied by the database no earlier than t, so the
 * lease it grants ends no earlier than t + lease, and this replica has stopped acting before then even
 * when it is paused or cut off. A watchdog drops leadership at that deadline even while a database
 * call hangs. Without election ({@code baton.ha.enabled: false}) the process takes the lease at start,
 * for good, and steps down only if another process takes it.
 */
public final class JdbcLeadership implements Leadership, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcLeadership.class);
    private static final long FOREVER_MS = 100L * 365 * 24 * 3600 * 1000;

    private final LeaseStore lease;
    private final ReplicaRegistry replicas;
    private final SchemaMigration schema;
    private final String replicaId;
    private final boolean elect;
    private final long leaseMs;
    private final long renewMs;
    private final long retryMs;
    private final long marginNanos;
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(daemon("leadership-events"));
    private final Thread loop;
    private final Thread watchdog;
    private final Object lock = new Object();
    private volatile boolean running = true;
    private volatile boolean leading;
    private volatile long epoch;
    private volatile long validUntilNanos;
    private volatile boolean retired;
    private volatile String lastError = "";

    JdbcLeadership(LeaseStore lease, ReplicaRegistry replicas, SchemaMigration schema, HaProperties props) {
        this.lease = lease;
        this.replicas = replicas;
        this.schema = schema;
        this.replicaId = props.replicaId();
        this.elect = props.enabled();
        this.leaseMs = elect ? props.lease().toMillis() : FOREVER_MS;
        this.renewMs = props.renew().toMillis();
        this.retryMs = props.retry().toMillis();
        this.marginNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(renewMs / 2, Math.min(500, props.lease().toMillis() / 4)));
        this.loop = daemon("leadership").newThread(this::run);
        this.watchdog = daemon("leadership-watchdog").newThread(this::watch);
    }

    /** Starts electing (or, without election, takes the lease). */
    void start() {
        if (!elect) {
            try { // one process: lead before the rest of the application starts, so it acts from its first moment
                schema.ensure();
                replicas.heartbeat();
                long sent = System.nanoTime();
                long e = lease.tryAcquire(replicaId, leaseMs, true);
                if (e > 0) become(e, sent);
            } catch (RuntimeException ex) {
                lastError = String.valueOf(ex.getMessage());
                log.warn("leadership: database unreachable at start ({}); retrying", lastError);
            }
        }
        loop.start();
        if (elect) watchdog.start();
    }

    @Override public String replicaId() { return replicaId; }

    @Override public boolean mayAct() {
        return leading && System.nanoTime() - validUntilNanos < 0;
    }

    @Override public long epoch() { return leading ? epoch : 0; }

    @Override public void onChange(LeadershipListener listener) {
        listeners.add(listener);
        if (leading) {
            long e = epoch;
            events.execute(() -> listener.leading(e));
        }
    }

    /** Whether this replica leads now (the last known role; {@link #mayAct()} adds the deadline). */
    public boolean leading() { return leading; }

    /** The last database error of the election loop, empty when the last round worked. */
    public String lastError() { return lastError; }

    /** A fenced write was refused: step down now. */
    void fenced(long staleEpoch, String why) {
        if (!elect) retired = true; // without election, another process has taken this database over: do not fight it
        stepDown(staleEpoch, why);
    }

    private void run() {
        long backoff = retryMs;
        while (running) {
            long wait;
            try {
                schema.ensure();
                replicas.heartbeat();
                if (!leading) {
                    if (!retired) {
                        long sent = System.nanoTime();
                        long e = lease.tryAcquire(replicaId, leaseMs, !elect);
                        if (e > 0) become(e, sent);
                    }
                } else if (elect) {
                    long sent = System.nanoTime();
                    if (lease.renew(replicaId, epoch, leaseMs)) {
                        synchronized (lock) {
                            if (leading) validUntilNanos = sent + TimeUnit.MILLISECONDS.toNanos(leaseMs) - marginNanos;
                        }
                    } else {
                        stepDown(epoch, "the lease was taken over (epoch " + epoch + " is stale)");
                    }
                }
                lastError = "";
                backoff = retryMs;
                wait = leading ? renewMs : retryMs;
            } catch (ReplicaRegistry.DuplicateReplicaException | SchemaMigration.NewerSchemaException e) {
                lastError = e.getMessage();
                log.error("leadership: {}; this replica will never lead", e.getMessage());
                retired = true;
                stepDown(epoch, e.getMessage());
                wait = retryMs * 20;
            } catch (RuntimeException e) {
                lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                log.warn("leadership: database unreachable ({}); {}", lastError, leading ? "acting until the lease deadline" : "retrying");
                backoff = Math.min(backoff * 2, 5_000);
                wait = leading ? Math.min(renewMs, backoff) : backoff;
            }
            sleep(wait);
        }
    }

    private void watch() {
        while (running) {
            if (leading && System.nanoTime() - validUntilNanos >= 0) {
                stepDown(epoch, "the lease could not be renewed within " + leaseMs + " ms (" + (lastError.isEmpty() ? "renewal too slow" : lastError) + ")");
            }
            sleep(50);
        }
    }

    private void become(long e, long sentNanos) {
        synchronized (lock) {
            epoch = e;
            validUntilNanos = sentNanos + TimeUnit.MILLISECONDS.toNanos(leaseMs) - (elect ? marginNanos : 0);
            leading = true;
        }
        log.info("leadership: replica {} leads under epoch {}", replicaId, e);
        for (LeadershipListener l : listeners) events.execute(() -> l.leading(e));
    }

    private void stepDown(long e, String why) {
        synchronized (lock) {
            if (!leading || epoch != e) return;
            leading = false;
        }
        log.warn("leadership: replica {} stopped acting under epoch {}: {}", replicaId, e, why);
        for (LeadershipListener l : listeners) events.execute(() -> l.following(why));
    }

    /** Stops electing; a leader steps down and releases the lease so a follower takes over at once. */
    @Override public void close() {
        running = false;
        long e = epoch;
        boolean wasLeading = leading;
        stepDown(e, "shutting down: lease released for a planned handover");
        if (wasLeading) {
            try {
                lease.release(replicaId, e);
                log.info("leadership: lease of epoch {} released", e);
            } catch (RuntimeException ex) {
                log.warn("leadership: could not release the lease ({}); it ends by itself", ex.getMessage());
            }
        }
        try {
            replicas.deregister();
        } catch (RuntimeException ex) {
            log.debug("leadership: replica record not removed ({}); it goes stale by itself", ex.getMessage());
        }
        loop.interrupt();
        watchdog.interrupt();
        events.shutdown();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
