package io.baton.collectors.influx;

import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** The InfluxDB sink, when {@code baton.influx.url} is set. */
@AutoConfiguration
@ConditionalOnProperty(prefix = "baton.influx", name = "url")
@EnableConfigurationProperties(InfluxProperties.class)
public class InfluxSinkAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    InfluxSink influxSink(InfluxProperties props, Environment env) {
        return new InfluxSink(props, pools(env));
    }

    /** {@code baton.pools.<name>.customer|service|software}; other pool keys are ignored here. */
    static Map<String, PoolMeta> pools(Environment env) {
        Map<String, PoolKeys> bound = Binder.get(env)
                .bind("baton.pools", Bindable.mapOf(String.class, PoolKeys.class)).orElse(Map.of());
        Map<String, PoolMeta> pools = new java.util.HashMap<>();
        bound.forEach((name, k) -> pools.put(name, new PoolMeta(k.getCustomer(), k.getService(), k.getSoftware())));
        return pools;
    }

    /** The pool keys this module reads. */
    public static class PoolKeys {
        private String customer = "";
        private String service = "";
        private String software = "";

        public String getCustomer() { return customer; }
        public void setCustomer(String customer) { this.customer = customer; }
        public String getService() { return service; }
        public void setService(String service) { this.service = service; }
        public String getSoftware() { return software; }
        public void setSoftware(String software) { this.software = software; }
    }
}
