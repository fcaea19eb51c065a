package io.baton.collectors.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.baton.collectors.CountingSink;
import io.baton.collectors.TestApp;
import io.baton.engine.model.Sample;
import io.baton.testkit.influx.InfluxServer;
import io.baton.testkit.prom.PrometheusServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Prometheus remote write into Baton: a real Prometheus 2.42 scrapes a target and remote-writes to
 * {@code /api/v1/write}; the samples land in a real InfluxDB with their labels as tags and reach the engine.
 * Malformed bodies get 400 with a message, bad series are named while the good ones are kept.
 */
@SpringBootTest(classes = {TestApp.class, RemoteWriteTest.Engine.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"baton.ingest.token=s3cret", "baton.ingest.node-tag=node", "baton.influx.flush-interval=50ms"})
class RemoteWriteTest {
    @RegisterExtension
    static InfluxServer influx = InfluxServer.perClass();
    static final String DB = "rw_" + Long.toString(System.nanoTime() & 0xffffff, 36);

    @DynamicPropertySource
    static void influxProps(DynamicPropertyRegistry registry) throws Exception {
        String spool = Files.createTempDirectory("spool").toString();
        registry.add("baton.influx.url", influx::url);
        registry.add("baton.influx.database", () -> DB);
        registry.add("baton.influx.spool-dir", () -> spool);
    }

    @TestConfiguration
    static class Engine {
        @Bean
        CountingSink engineStandIn() { return new CountingSink(); }
    }

    @LocalServerPort int port;
    @Autowired CountingSink engine;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach void reset() { engine.clear(); }

    private HttpResponse<String> post(byte[] body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/write"))
                .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth != null) b.header("Authorization", auth);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, Duration within, BooleanSupplier ok) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + within + ": " + what);
            Thread.sleep(100);
        }
    }

    @Test
    void aRealPrometheusRemoteWritesIntoBatonAndTheSamplesReachInfluxDbAndTheEngine() throws Exception {
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/metrics", ex -> {
            byte[] page = "# TYPE cpu gauge\ncpu{pool=\"web\",zone=\"eu west,1\"} 95\n".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        target.start();
        String config = """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: shop
                    honor_labels: true
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                remote_write:
                  - url: http://127.0.0.1:%d/api/v1/write
                    basic_auth: {username: prometheus, password: s3cret}
                    queue_config: {batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s}
                """.formatted(target.getAddress().getPort(), port);
        try (PrometheusServer prometheus = PrometheusServer.start(config)) {
            await("the engine sees the pool's cpu from remote write", Duration.ofSeconds(45), () ->
                    engine.samples.stream().anyMatch(s -> s.getPool().equals("web") && s.getMetric().equals("cpu") && s.getValue() == 95));
            Sample s = engine.samples.stream().filter(x -> x.getMetric().equals("cpu")).findFirst().orElseThrow();
            assertThat(s.getNode()).as("no node label: a pool-level reading").isEmpty();
            await("cpu in InfluxDB", Duration.ofSeconds(20), () -> influx.count(DB, "SELECT count(value) FROM cpu WHERE pool = 'web'") > 0);
            List<Map<String, Object>> rows = influx.query(DB, "SELECT value, pool, zone, job, instance FROM cpu WHERE pool = 'web' LIMIT 1");
            assertThat(rows).singleElement().satisfies(r -> {
                assertThat(((Number) r.get("value")).doubleValue()).isEqualTo(95.0);
                assertThat(r.get("zone")).as("a label value with a space and a comma").isEqualTo("eu west,1");
                assertThat(r.get("job")).isEqualTo("shop");
                assertThat(r.get("instance")).isEqualTo("127.0.0.1:" + target.getAddress().getPort());
            });
            assertThat(prometheus.log()).doesNotContain("non-recoverable error");
        } finally {
            target.stop(0);
        }
    }

    @Test
    void aMalformedBodyIs400WithAMessageAndAMissingTokenIs401() throws Exception {
        byte[] good = Bodies.writeRequest(Map.entry(Map.of("__name__", "cpu", "pool", "web"), new double[] {1_767_225_600_000d, 50}));
        assertThat(post(good, null).statusCode()).isEqualTo(401);
        HttpResponse<String> notSnappy = post("cpu,pool=web value=1".getBytes(StandardCharsets.UTF_8), "Bearer s3cret");
        assertThat(notSnappy.statusCode()).isEqualTo(400);
        assertThat(notSnappy.body()).contains("snappy");
        HttpResponse<String> notProtobuf = post(org.xerial.snappy.Snappy.compress(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}), "Bearer s3cret");
        assertThat(notProtobuf.statusCode()).isEqualTo(400);
        assertThat(notProtobuf.body()).contains("protobuf WriteRequest");
        assertThat(engine.count.get()).as("nothing of a malformed body").isZero();
    }

    @Test
    void aBadSeriesIsNamedIn400AndTheGoodSeriesAreKept() throws Exception {
        long t = System.currentTimeMillis();
        byte[] body = Bodies.writeRequest(
                Map.entry(Map.of("pool", "web"), new double[] {t, 1}),
                Map.entry(Map.of("__name__", "mem_percent", "pool", "web", "node", "web-1"), new double[] {t, 40, t + 1000, 41}),
                Map.entry(Map.of("__name__", "cpu", "pool", "web"), new double[] {t, Double.NaN}));
        HttpResponse<String> r = post(body, "Basic " + java.util.Base64.getEncoder().encodeToString("prometheus:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("series 1 {pool=web}: no __name__ label").contains("written=2");
        assertThat(engine.samples).extracting(Sample::getMetric, Sample::getNode, Sample::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mem_percent", "web-1", 40.0),
                        org.assertj.core.groups.Tuple.tuple("mem_percent", "web-1", 41.0));
    }
}
