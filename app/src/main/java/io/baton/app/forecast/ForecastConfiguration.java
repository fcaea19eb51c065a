package io.baton.app.forecast;

import io.baton.app.engine.EngineService;
import io.baton.engine.catalog.PoolCatalog;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The pools' forecasts, from the samples in InfluxDB ({@code baton.influx.url}, {@code baton.influx.database}). */
@Configuration(proxyBeanMethods = false)
class ForecastConfiguration {

    @Bean
    ForecastService forecastService(PoolCatalog catalog, EngineService engine, Environment env, ObjectProvider<PoolHistoryReader> reader) {
        PoolHistoryReader history = reader.getIfAvailable();
        String url = env.getProperty("baton.influx.url");
        if (history == null && url != null && !url.isBlank()) {
            String user = env.getProperty("baton.influx.username");
            InfluxDB influx = user == null || user.isBlank() ? InfluxDBFactory.connect(url)
                    : InfluxDBFactory.connect(url, user, env.getProperty("baton.influx.password", ""));
            history = new InfluxPoolHistory(influx, env.getProperty("baton.influx.database", "baton"));
        }
        return new ForecastService(catalog, engine, history);
    }
}
