package io.baton.actuators.reconcile;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles every {@link Reconcilable} once at start and then every {@code interval}. A failing
 * actuator is logged and retried at the next pass; it never stops the others.
 */
public final class ReconcileScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReconcileScheduler.class);
    private final Supplier<List<Reconcilable>> targets;
    private final Duration interval;
    private ScheduledExecutorService timer;

    private volatile java.util.function.BooleanSupplier active = () -> true;

    /** Runs only while {@code active} holds (under HA: while this replica leads); a round starts with the check. */
    public void activeWhile(java.util.function.BooleanSupplier active) { this.active = active; }

    public ReconcileScheduler(Supplier<List<Reconcilable>> targets, Duration interval) {
        this.targets = targets;
        this.interval = interval;
    }

    /**
     * Runs one pass at once, then every interval, on a daemon thread (a slow or unreachable backend
     * never holds up the start; the local actuator also reconciles a pool before its first use).
     */
    public synchronized void start() {
        if (timer != null) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reconcile");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over every actuator; returns the nodes changed. */
    public int runOnce() {
        if (!active.getAsBoolean()) return 0;
        int changed = 0;
        for (Reconcilable r : targets.get()) {
            try {
                int n = r.reconcile();
                if (n > 0) log.info("reconcile {}: {} node(s) changed", r.type(), n);
                changed += n;
            } catch (RuntimeException e) {
                log.warn("reconcile {} failed: {}", r.type(), e.toString());
            }
        }
        return changed;
    }

    @Override public synchronized void close() {
        if (timer != null) timer.shutdownNow();
        timer = null;
    }
}
