package io.baton.collectors.influx;

import io.baton.engine.schema.PoolTags;
import io.baton.engine.catalog.PoolCatalog;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The InfluxDB sink, when {@code baton.influx.url} is set; it tags each pool's samples from the pool catalog. */
@AutoConfiguration(afterName = "io.baton.state.PoolCatalogAutoConfiguration")
@ConditionalOnProperty(prefix = "baton.influx", name = "url")
@EnableConfigurationProperties(InfluxProperties.class)
public class InfluxSinkAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    InfluxSink influxSink(InfluxProperties props, PoolCatalog catalog) {
        return new InfluxSink(props, name -> catalog.find(name).map(p -> new PoolTags(p.customer(), p.service(), p.software())).orElse(null));
    }
}
