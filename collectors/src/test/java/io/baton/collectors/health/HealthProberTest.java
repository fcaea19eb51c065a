package io.baton.collectors.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.collectors.CountingSink;
import io.baton.collectors.LocalHttp;
import io.baton.collectors.sinks.SinkFanout;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.port.MetricSink;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HealthProberTest {
    final CountingSink a = new CountingSink();
    final CountingSink b = new CountingSink();
    final HealthProber prober = new HealthProber(new SinkFanout(() -> Stream.<MetricSink>of(a, b), Stream::empty),
            "/health", Duration.ofMillis(500), () -> 42L);

    @Test
    void upWhenTheNodeAnswers2xxAndEverySinkHearsIt() {
        try (LocalHttp node = new LocalHttp("/health")) {
            NodeHealth h = prober.probe("web", "n1", node.address());
            assertThat(h.isUp()).isTrue();
            assertThat(h.getPool()).isEqualTo("web");
            assertThat(h.getTimestamp()).isEqualTo(42L);
            assertThat(h.getLatencyMs()).isPositive().isLessThan(500);
            assertThat(a.healths).containsExactly(h);
            assertThat(b.healths).containsExactly(h);
        }
    }

    @Test
    void downWhenTheNodeAnswersAnError() {
        try (LocalHttp node = new LocalHttp("/health")) {
            node.status = 500;
            assertThat(prober.probe("web", "n1", node.address()).isUp()).isFalse();
        }
    }

    @Test
    void downWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        NodeHealth h = prober.probe(new HealthTarget("web", "n1", "127.0.0.1:" + port));
        assertThat(h.isUp()).isFalse();
        assertThat(a.healths).containsExactly(h);
    }

    @Test
    void downWhenSlowerThanTheTimeout() {
        try (LocalHttp node = new LocalHttp("/health")) {
            node.delayMs = 2_000;
            long start = System.nanoTime();
            NodeHealth h = prober.probe("web", "n1", node.address());
            assertThat(h.isUp()).isFalse();
            assertThat(h.getLatencyMs()).isGreaterThanOrEqualTo(500);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_800);
        }
    }

    @Test
    void fullUrlsAreProbedAsGiven() {
        try (LocalHttp node = new LocalHttp("/ready")) {
            assertThat(prober.probe("web", "n1", "http://" + node.address() + "/ready").isUp()).isTrue();
            assertThat(prober.probe("web", "n1", node.address()).isUp()).isFalse();  // /health is not served there
        }
    }

    @Test
    void schedulerProbesEveryTarget() {
        try (LocalHttp up = new LocalHttp("/health")) {
            HealthProbeScheduler scheduler = new HealthProbeScheduler(prober,
                    () -> List.of(new HealthTarget("web", "n1", up.address()), new HealthTarget("web", "n2", "127.0.0.1:1")),
                    Duration.ofHours(1));
            scheduler.probeAll();
            assertThat(a.healths).extracting(h -> h.getNode() + "=" + h.isUp()).containsExactlyInAnyOrder("n1=true", "n2=false");
        }
    }
}
