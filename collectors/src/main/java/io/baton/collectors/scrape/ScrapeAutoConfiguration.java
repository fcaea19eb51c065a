package io.baton.collectors.scrape;

import io.baton.collectors.sinks.SinkFanout;
import io.baton.collectors.sinks.SinkFanoutAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Prometheus scraping of {@code baton.scrape.targets[]}, unless {@code baton.scrape.enabled=false}. */
@AutoConfiguration(after = SinkFanoutAutoConfiguration.class, afterName = "io.baton.state.PoolCatalogAutoConfiguration")
@ConditionalOnProperty(prefix = "baton.scrape", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ScrapeProperties.class)
public class ScrapeAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PrometheusScraper batonPrometheusScraper(SinkFanout fanout, org.springframework.beans.factory.ObjectProvider<io.baton.engine.catalog.PoolCatalog> catalog) {
        io.baton.engine.catalog.PoolCatalog c = catalog.getIfAvailable(() -> io.baton.engine.catalog.PoolCatalog.of(java.util.List.of()));
        return new PrometheusScraper(fanout, System::currentTimeMillis, pool -> c.find(pool).map(p -> {
            java.util.Map<String, String> tags = new java.util.TreeMap<>();
            if (!p.customer().isEmpty()) tags.put("customer", p.customer());
            if (!p.service().isEmpty()) tags.put("service", p.service());
            if (!p.software().isEmpty()) tags.put("software", p.software());
            return (java.util.Map<String, String>) tags;
        }).orElse(java.util.Map.of()));
    }

    @Bean
    ScrapeScheduler batonScrapeScheduler(PrometheusScraper scraper, ScrapeProperties props,
                                         org.springframework.beans.factory.ObjectProvider<io.baton.engine.port.Leadership> leadership) {
        ScrapeScheduler s = new ScrapeScheduler(scraper, props.getTargets());
        leadership.ifAvailable(l -> s.activeWhile(l::mayAct));
        return s;
    }
}
