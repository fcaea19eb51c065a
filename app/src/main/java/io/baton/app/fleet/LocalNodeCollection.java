package io.baton.app.fleet;

import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.local.LocalActuator;
import io.baton.app.config.BatonProperties;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolSpec;
import io.baton.collectors.health.HealthTarget;
import io.baton.collectors.health.HealthTargets;
import io.baton.collectors.scrape.PrometheusScraper;
import io.baton.collectors.scrape.ScrapeProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Follows the nodes that the local actuator runs: their {@code /metrics} are scraped every
 * {@code baton.engine.scrape-interval} (samples to InfluxDB and the engine), and they are the health
 * probe targets. Nodes come and go, so the target list is read afresh each round.
 */
final class LocalNodeCollection implements HealthTargets, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LocalNodeCollection.class);
    private final ObjectProvider<LocalActuator> local;
    private final ObjectProvider<PrometheusScraper> scraper;
    private final BatonProperties props;
    private ScheduledExecutorService scheduler;

    private final PoolCatalog catalog;

    LocalNodeCollection(ObjectProvider<LocalActuator> local, ObjectProvider<PrometheusScraper> scraper, BatonProperties props, PoolCatalog catalog) {
        this.catalog = catalog;
        this.local = local;
        this.scraper = scraper;
        this.props = props;
    }

    private List<NodeInfo> running() {
        List<NodeInfo> out = new ArrayList<>();
        LocalActuator actuator = local.getIfAvailable();
        if (actuator == null) return out;
        for (PoolSpec p : catalog.pools()) {
            if (LocalActuator.TYPE.equals(p.actuator())) out.addAll(actuator.running(p.name()));
        }
        return out;
    }

    @Override public List<HealthTarget> targets() {
        return running().stream().map(n -> new HealthTarget(n.pool(), n.id(), n.address())).toList();
    }

    private void scrapeAll() {
        Duration interval = props.engine().scrapeInterval();
        PrometheusScraper s = scraper.getIfAvailable();
        if (s == null) return;
        for (NodeInfo n : running()) {
            try {
                s.scrape(new ScrapeProperties.Target("http://" + n.address() + "/metrics", n.pool(), n.id(), interval, Duration.ofSeconds(2)));
            } catch (RuntimeException e) {
                log.debug("scrape of {} failed: {}", n.id(), e.toString());
            }
        }
    }

    @Override public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-local-scrape");
            t.setDaemon(true);
            return t;
        });
        long ms = props.engine().scrapeInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::scrapeAll, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override public synchronized void stop() {
        if (scheduler != null) scheduler.shutdownNow();
        scheduler = null;
    }

    @Override public synchronized boolean isRunning() { return scheduler != null; }
}
