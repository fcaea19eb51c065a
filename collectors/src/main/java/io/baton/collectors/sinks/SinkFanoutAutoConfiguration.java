package io.baton.collectors.sinks;

import io.baton.engine.port.MetricSink;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@link SinkFanout} every collector sends through: all {@link MetricSink} and {@link RawLineSink} beans, looked up lazily. */
@AutoConfiguration
public class SinkFanoutAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SinkFanout batonSinkFanout(ObjectProvider<MetricSink> metricSinks, ObjectProvider<RawLineSink> rawSinks) {
        return new SinkFanout(metricSinks::orderedStream, rawSinks::orderedStream);
    }
}
