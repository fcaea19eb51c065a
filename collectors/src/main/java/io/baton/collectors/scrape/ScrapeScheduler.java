package io.baton.collectors.scrape;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Scrapes each configured target at its own interval on a small thread pool, from start until stop: at a fixed
 * rate from the first scrape, each sample stamped with its tick when the scrape starts close to it (see
 * {@link ScrapeTicks}).
 */
public final class ScrapeScheduler implements SmartLifecycle {
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
        executor = Executors.newScheduledThreadPool(Math.min(4, targets.size()), r -> {
            Thread t = new Thread(r, "baton-scrape");
            t.setDaemon(true);
            return t;
        });
        for (ScrapeProperties.Target t : targets) {
            ScrapeTicks ticks = new ScrapeTicks(t.getInterval().toMillis());
            executor.scheduleAtFixedRate(() -> scrapeSafely(t, ticks), 0, t.getInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void scrapeSafely(ScrapeProperties.Target t, ScrapeTicks ticks) {
        if (!active.getAsBoolean()) return;
        try {
            scraper.scrape(t, ticks.stamp(scraper.now()));
        } catch (RuntimeException e) {  // an exception would cancel the schedule
            org.slf4j.LoggerFactory.getLogger(ScrapeScheduler.class).warn("scrape {} failed: {}", t.getUrl(), e.toString());
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
