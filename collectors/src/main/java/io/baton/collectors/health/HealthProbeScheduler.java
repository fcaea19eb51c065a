package io.baton.collectors.health;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Probes every target of a {@link HealthTargets} each interval, from start until stop. */
public final class HealthProbeScheduler implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(HealthProbeScheduler.class);
    private final HealthProber prober;
    private final HealthTargets targets;
    private final long intervalMs;
    private ScheduledExecutorService executor;

    private volatile java.util.function.BooleanSupplier active = () -> true;

    /** Runs only while {@code active} holds (under HA: while this replica leads); a round starts with the check. */
    public void activeWhile(java.util.function.BooleanSupplier active) { this.active = active; }

    public HealthProbeScheduler(HealthProber prober, HealthTargets targets, java.time.Duration interval) {
        this.prober = prober;
        this.targets = targets;
        this.intervalMs = interval.toMillis();
    }

    /** Probes every current target once. */
    public void probeAll() {
        if (!active.getAsBoolean()) return;
        try {
            targets.targets().parallelStream().forEach(prober::probe);
        } catch (RuntimeException e) {
            log.warn("health probe round failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null) return;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-health");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::probeAll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) executor.shutdownNow();
        executor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
