package io.baton.collectors.ingest;

import io.baton.collectors.sinks.SinkFanout;
import io.baton.collectors.sinks.SinkFanoutAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The line-protocol ingest endpoint, in a servlet web application, unless {@code baton.ingest.enabled=false}. */
@AutoConfiguration(after = SinkFanoutAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
@ConditionalOnProperty(prefix = "baton.ingest", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(IngestProperties.class)
public class IngestAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    IngestService batonIngestService(SinkFanout fanout, IngestProperties props) {
        return new IngestService(fanout, props.getPoolTag(), props.getNodeTag(), props.getBackpressureTimeout(), props.lineBounds());
    }

    /** Only {@code baton.ingest.token}; an application that knows customers declares its own (per-customer tokens). */
    @Bean
    @ConditionalOnMissingBean
    IngestAuthority batonIngestAuthority(IngestProperties props) {
        return IngestAuthority.single(props.getToken());
    }

    @Bean
    LineProtocolController batonLineProtocolController(IngestService service, IngestProperties props, IngestAuthority authority,
                                                       org.springframework.beans.factory.ObjectProvider<IngestGate> gate) {
        return new LineProtocolController(service, props, authority, gate.getIfAvailable(() -> IngestGate.OPEN));
    }

    /** Prometheus remote write ({@code POST /api/v1/write}), through the same ingest. */
    @Bean
    io.baton.collectors.remotewrite.RemoteWriteController batonRemoteWriteController(IngestService service, IngestProperties props,
            IngestAuthority authority, org.springframework.beans.factory.ObjectProvider<IngestGate> gate) {
        return new io.baton.collectors.remotewrite.RemoteWriteController(service, authority, gate.getIfAvailable(() -> IngestGate.OPEN),
                props.getMaxBodySize().toBytes());
    }
}
