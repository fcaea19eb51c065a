package io.baton.collectors.health;

import io.baton.collectors.sinks.SinkFanout;
import io.baton.collectors.sinks.SinkFanoutAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** A {@link HealthProber} others can call, and scheduled probing when a {@link HealthTargets} bean exists. */
@AutoConfiguration(after = SinkFanoutAutoConfiguration.class)
@EnableConfigurationProperties(HealthProperties.class)
public class HealthProbeAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HealthProber batonHealthProber(SinkFanout fanout, HealthProperties props) {
        return new HealthProber(fanout, props.getPath(), props.getTimeout(), System::currentTimeMillis);
    }

    @Bean
    @ConditionalOnBean(HealthTargets.class)
    HealthProbeScheduler batonHealthProbeScheduler(HealthProber prober, HealthTargets targets, HealthProperties props,
                                                   org.springframework.beans.factory.ObjectProvider<io.baton.engine.port.Leadership> leadership) {
        HealthProbeScheduler s = new HealthProbeScheduler(prober, targets, props.getInterval());
        leadership.ifAvailable(l -> s.activeWhile(l::mayAct));
        return s;
    }
}
