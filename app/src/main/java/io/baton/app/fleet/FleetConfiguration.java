package io.baton.app.fleet;

import io.baton.actuators.local.LocalActuator;
import io.baton.app.config.BatonProperties;
import io.baton.collectors.scrape.PrometheusScraper;
import io.baton.engine.catalog.PoolCatalog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Scraping and probing of the nodes Baton runs itself. */
@Configuration(proxyBeanMethods = false)
class FleetConfiguration {

    @Bean
    LocalNodeCollection localNodeCollection(ObjectProvider<LocalActuator> local, ObjectProvider<PrometheusScraper> scraper, BatonProperties props,
                                             PoolCatalog catalog) {
        return new LocalNodeCollection(local, scraper, props, catalog);
    }
}
