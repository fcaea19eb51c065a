package io.baton.collectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.collectors.health.HealthProbeAutoConfiguration;
import io.baton.collectors.health.HealthProbeScheduler;
import io.baton.collectors.health.HealthProber;
import io.baton.collectors.health.HealthTargets;
import io.baton.collectors.influx.InfluxSink;
import io.baton.collectors.influx.InfluxSinkAutoConfiguration;
import io.baton.collectors.ingest.IngestAutoConfiguration;
import io.baton.collectors.ingest.LineProtocolController;
import io.baton.collectors.scrape.ScrapeAutoConfiguration;
import io.baton.collectors.scrape.ScrapeScheduler;
import io.baton.collectors.sinks.SinkFanoutAutoConfiguration;
import io.baton.engine.port.LifecycleListener;
import io.baton.engine.port.MetricSink;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class AutoConfigurationTest {
    @TempDir
    Path spool;

    final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            io.baton.state.PoolCatalogAutoConfiguration.class,
            SinkFanoutAutoConfiguration.class, InfluxSinkAutoConfiguration.class, ScrapeAutoConfiguration.class,
            HealthProbeAutoConfiguration.class, IngestAutoConfiguration.class));

    @Test
    void noInfluxSinkWithoutUrl() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(InfluxSink.class).hasSingleBean(HealthProber.class)
                    .doesNotHaveBean(HealthProbeScheduler.class).hasSingleBean(ScrapeScheduler.class);
            assertThat(ctx).doesNotHaveBean(LineProtocolController.class);  // not a web application
        });
    }

    @Test
    void influxSinkIsAMetricSinkAndLifecycleListener() {
        // nothing listens on port 1: the sink starts anyway and buffers
        runner.withPropertyValues("baton.influx.url=http://127.0.0.1:1", "baton.influx.spool-dir=" + spool,
                        "baton.pools.web.customer=acme", "baton.pools.web.max=4")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(InfluxSink.class);
                    assertThat(ctx.getBeansOfType(MetricSink.class)).hasSize(1);
                    assertThat(ctx.getBeansOfType(LifecycleListener.class)).hasSize(1);
                });
    }

    @Test
    void malformedInfluxUrlFailsStartNamingTheKey() {
        runner.withPropertyValues("baton.influx.url=localhost:8086", "baton.influx.spool-dir=" + spool).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("baton.influx.url").hasMessageContaining("http(s) URL");
        });
    }

    @Test
    void badScrapeTargetFailsStartNamingTheKey() {
        runner.withPropertyValues("baton.scrape.targets[0].url=ftp://x", "baton.scrape.targets[0].pool=web").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("baton.scrape.targets[0].url")
                    .hasMessageContaining("baton.scrape.targets[0].node");
        });
    }

    @Test
    void healthSchedulerOnlyWithTargets() {
        runner.withBean(HealthTargets.class, () -> List::of).run(ctx -> assertThat(ctx).hasSingleBean(HealthProbeScheduler.class));
    }

    @Test
    void ingestEndpointInWebAppsUnlessDisabled() {
        WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                SinkFanoutAutoConfiguration.class, IngestAutoConfiguration.class));
        web.run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(LineProtocolController.class));
        web.withPropertyValues("baton.ingest.enabled=false").run(ctx -> assertThat(ctx).doesNotHaveBean(LineProtocolController.class));
        web.withPropertyValues("baton.ingest.path-prefix=influx/").run(ctx -> assertThat(ctx).hasFailed());
    }
}
