package io.baton.state;

import io.baton.engine.port.Leadership;
import io.baton.engine.port.LeadershipListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code baton.ha.backend: kubernetes}, leadership comes from a Kubernetes Lease while the state
 * stays in the shared database. This keeps the database's lease row in step with it (holder, epoch,
 * and an expiry renewed while the Kubernetes leader may act), so the same {@link Fence} guards every
 * write: a writer whose Kubernetes term ended finds the row moved on or expired.
 */
public final class LeaseMirror implements LeadershipListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseMirror.class);
    private final LeaseStore store;
    private final ReplicaRegistry replicas;
    private final Leadership leadership;
    private final long leaseMs;
    private final long renewMs;
    private final Thread thread;
    private volatile long epoch;
    private volatile boolean running = true;

    LeaseMirror(LeaseStore store, ReplicaRegistry replicas, Leadership leadership, long leaseMs, long renewMs) {
        this.store = store;
        this.replicas = replicas;
        this.leadership = leadership;
        this.leaseMs = leaseMs;
        this.renewMs = renewMs;
        this.thread = new Thread(this::run, "lease-mirror");
        this.thread.setDaemon(true);
        this.thread.start();
        leadership.onChange(this);
    }

    @Override public void leading(long e) {
        epoch = e;
        mirror();
    }

    @Override public void following(String why) { epoch = 0; }

    private void mirror() {
        long e = epoch;
        if (e <= 0 || !leadership.mayAct()) return;
        try {
            if (!store.mirror(leadership.replicaId(), e, leaseMs)) {
                log.error("lease mirror: the database's lease row carries an epoch newer than the Kubernetes Lease's {}: writes will be refused", e);
            }
        } catch (RuntimeException ex) {
            log.warn("lease mirror: database unreachable ({}); writes are refused until it answers", ex.getMessage());
        }
    }

    private void run() {
        while (running) {
            try {
                replicas.heartbeat();
            } catch (RuntimeException ex) {
                log.debug("lease mirror: heartbeat failed: {}", ex.getMessage());
            }
            mirror();
            try {
                Thread.sleep(renewMs);
            } catch (InterruptedException ex) {
                return;
            }
        }
    }

    @Override public void close() {
        running = false;
        thread.interrupt();
    }
}
