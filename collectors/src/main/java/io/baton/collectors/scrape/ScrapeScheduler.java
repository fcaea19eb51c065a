package io.baton.collectors.scrape;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Scrapes each configured target at its own interval, from start until stop: at a fixed rate from the first
 * scrape, each sample stamped with its tick when the scrape starts close to it (see {@link ScrapeTicks}). A tick
 * only starts the request; the response is handled on the HTTP client's threads, so every target's scrape starts
 * on its tick however many targets there are and however slowly one answers. A target whose previous scrape is
 * still out (up to its timeout) skips the tick, as Prometheus never overlaps two scrapes of one target.
 */
public final class ScrapeScheduler implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ScrapeScheduler.class);
    private final PrometheusScraper scraper;
    private final List<ScrapeProperties.Target> targets;
    private ScheduledExecutorService executor;

    private volatile java.util.function.BooleanSupplier active = () -> true;

    /** Runs only while {@code active} holds (under HA: while this replica leads); a round starts with the check. */
    public void activeWhile(java.util.function.BooleanSupplier active) { this.active = active; }

    public ScrapeScheduler(PrometheusScraper scraper, List<ScrapeProperties.Target> targets) {
        this.scraper = scraper;
        this.targets = List.copyOf(targets);
    }

    @Override
    public synchronized void start() {
        if (executor != null || targets.isEmpty()) return;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-scrape");
            t.setDaemon(true);
            return t;
        });
        long origin = scraper.now();  // every target's first tick: now, the initial delay being 0
        for (ScrapeProperties.Target t : targets) {
            ScrapeTicks ticks = new ScrapeTicks(t.getInterval().toMillis(), origin);
            AtomicBoolean out = new AtomicBoolean();
            executor.scheduleAtFixedRate(() -> scrapeSafely(t, ticks, out), 0, t.getInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void scrapeSafely(ScrapeProperties.Target t, ScrapeTicks ticks, AtomicBoolean out) {
        if (!active.getAsBoolean()) return;
        if (!out.compareAndSet(false, true)) {
            log.debug("scrape {}: the previous scrape is still out, tick skipped", t.getUrl());
            return;
        }
        try {
            scraper.scrapeAsync(t, ticks.stamp(scraper.now())).whenComplete((outcome, e) -> {
                out.set(false);
                if (e != null) log.warn("scrape {} failed: {}", t.getUrl(), e.toString());
            });
        } catch (RuntimeException e) {  // an exception would cancel the schedule
            out.set(false);
            log.warn("scrape {} failed: {}", t.getUrl(), e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor == null) return;
        executor.shutdownNow();
        executor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
