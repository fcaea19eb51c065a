package io.baton.collectors.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.collectors.CountingSink;
import io.baton.collectors.LocalHttp;
import io.baton.collectors.influx.InfluxProperties;
import io.baton.collectors.influx.InfluxSink;
import io.baton.collectors.sinks.RawLineSink;
import io.baton.collectors.sinks.SinkFanout;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.port.MetricSink;
import io.baton.testkit.influx.InfluxServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PrometheusScraperTest {
    @RegisterExtension
    static InfluxServer influx = InfluxServer.perClass();
    @TempDir
    Path spool;

    static final String EXPOSITION = "# HELP req Requests.\n# TYPE req counter\n"
            + "req{path=\"/a b\",code=\"200\"} 10 1700000000000\n"
            + "req{path=\"/c\",code=\"500\"} 2 1700000000000\n"
            + "temp NaN\n"
            + "latency_p95 123.5\n";

    final CountingSink engine = new CountingSink();

    @Test
    void scrapedSeriesReachInfluxWithLabelsAndTheEngineAsSamples() {
        String db = influx.newDatabaseName();
        InfluxProperties p = new InfluxProperties();
        p.setUrl(influx.url());
        p.setDatabase(db);
        p.setSpoolDir(spool.toString());
        try (LocalHttp target = new LocalHttp("/metrics"); InfluxSink sink = new InfluxSink(p, Map.of())) {
            target.body = EXPOSITION;
            SinkFanout fanout = new SinkFanout(() -> Stream.<MetricSink>of(engine, sink), () -> Stream.<RawLineSink>of(sink));
            PrometheusScraper scraper = new PrometheusScraper(fanout, () -> 1_700_000_005_000L);
            PrometheusScraper.Outcome outcome = scraper.scrape(target("http://" + target.address() + "/metrics", Duration.ofSeconds(2)));
            sink.flush();

            assertThat(outcome.up()).isTrue();
            assertThat(outcome.samples()).isEqualTo(3);  // NaN skipped
            assertThat(engine.samples).extracting(s -> s.getMetric() + "=" + s.getValue() + "@" + s.getTimestamp()).containsExactlyInAnyOrder(
                    "req{code=\"200\",path=\"/a b\"}=10.0@1700000000000", "req{code=\"500\",path=\"/c\"}=2.0@1700000000000",
                    "latency_p95=123.5@1700000005000");
            assertThat(engine.healths).singleElement().satisfies(h -> assertThat(h.isUp()).isTrue());
        }
        assertThat(influx.query(db, "SELECT value, code, path, pool, node FROM req")).extracting(
                r -> r.get("code") + " " + r.get("path") + " " + r.get("pool") + "/" + r.get("node") + " " + r.get("value"))
                .containsExactlyInAnyOrder("200 /a b web/n1 10", "500 /c web/n1 2");
        // the engine-bound samples were not also written as separate series
        assertThat(influx.query(db, "SHOW MEASUREMENTS")).extracting(r -> r.get("name"))
                .containsExactlyInAnyOrder("req", "latency_p95");
        // the scrape's own health is a probe result: one of Baton's records, kept apart from the metrics
        assertThat(influx.query(db + "_records", "SHOW MEASUREMENTS")).extracting(r -> r.get("name"))
                .containsExactlyInAnyOrder("up", "probe_latency_ms");
    }

    @Test
    void scrapedPointsCarryThePoolsCustomerServiceAndSoftwareAndATargetCannotClaimAnotherCustomer() {
        String db = influx.newDatabaseName();
        InfluxProperties p = new InfluxProperties();
        p.setUrl(influx.url());
        p.setDatabase(db);
        p.setSpoolDir(spool.toString());
        try (LocalHttp target = new LocalHttp("/metrics"); InfluxSink sink = new InfluxSink(p, Map.of())) {
            target.body = "req{code=\"200\",customer=\"globex\"} 10 1700000000000\n";
            SinkFanout fanout = new SinkFanout(() -> Stream.<MetricSink>of(engine, sink), () -> Stream.<RawLineSink>of(sink));
            PrometheusScraper scraper = new PrometheusScraper(fanout, () -> 1_700_000_005_000L,
                    pool -> pool.equals("web") ? Map.of("customer", "acme", "service", "shop", "software", "nginx") : Map.of());
            assertThat(scraper.scrape(target("http://" + target.address() + "/metrics", Duration.ofSeconds(2))).up()).isTrue();
            sink.flush();
        }
        assertThat(influx.query(db, "SELECT value, code, customer, service, software, pool FROM req")).extracting(
                r -> r.get("customer") + " " + r.get("service") + " " + r.get("software") + " " + r.get("pool") + " " + r.get("code"))
                .containsExactly("acme shop nginx web 200");
    }

    @Test
    void unreachableTargetIsAHealthSignalNotACrash() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SinkFanout fanout = new SinkFanout(() -> Stream.<MetricSink>of(engine), Stream::empty);
        PrometheusScraper.Outcome outcome = new PrometheusScraper(fanout, System::currentTimeMillis)
                .scrape(target("http://127.0.0.1:" + port + "/metrics", Duration.ofSeconds(2)));
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.failure()).contains("Connect");
        assertThat(engine.healths).singleElement().satisfies(h -> assertThat(h.isUp()).isFalse());
        assertThat(engine.samples).isEmpty();
    }

    @Test
    void slowTargetTimesOutAsDown() {
        try (LocalHttp target = new LocalHttp("/metrics")) {
            target.body = "up 1\n";
            target.delayMs = 3_000;
            SinkFanout fanout = new SinkFanout(() -> Stream.<MetricSink>of(engine), Stream::empty);
            long start = System.nanoTime();
            PrometheusScraper.Outcome outcome = new PrometheusScraper(fanout, System::currentTimeMillis)
                    .scrape(target("http://" + target.address() + "/metrics", Duration.ofMillis(300)));
            assertThat(outcome.up()).isFalse();
            assertThat(outcome.failure()).contains("timeout");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_500);
            NodeHealth h = engine.healths.get(0);
            assertThat(h.isUp()).isFalse();
            assertThat(h.getLatencyMs()).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void errorStatusIsDown() {
        try (LocalHttp target = new LocalHttp("/metrics")) {
            target.status = 503;
            SinkFanout fanout = new SinkFanout(() -> Stream.<MetricSink>of(engine), Stream::empty);
            PrometheusScraper.Outcome outcome = new PrometheusScraper(fanout, System::currentTimeMillis)
                    .scrape(target("http://" + target.address() + "/metrics", Duration.ofSeconds(2)));
            assertThat(outcome.failure()).isEqualTo("HTTP 503");
            assertThat(engine.healths).singleElement().satisfies(h -> assertThat(h.isUp()).isFalse());
        }
    }

    @Test
    void scrapesARealNodeExporter() throws Exception {
        Path exporter = Path.of("/usr/bin/prometheus-node-exporter");
        assertTrue(Files.isExecutable(exporter), "prometheus-node-exporter is not installed");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process process = new ProcessBuilder(exporter.toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String url = "http://127.0.0.1:" + port + "/metrics";
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
                } catch (java.io.IOException e) {
                    if (System.nanoTime() > deadline) throw e;
                    Thread.sleep(50);
                }
            }
            SinkFanout fanout = new SinkFanout(() -> Stream.<MetricSink>of(engine), Stream::empty);
            PrometheusScraper.Outcome outcome = new PrometheusScraper(fanout, System::currentTimeMillis).scrape(target(url, Duration.ofSeconds(5)));
            assertThat(outcome.up()).isTrue();
            assertThat(outcome.errors()).isEmpty();
            assertThat(engine.samples).extracting(s -> s.getMetric()).anyMatch(m -> m.startsWith("node_cpu_seconds_total{"));
            assertThat(engine.samples).allSatisfy(s -> assertThat(s.getPool()).isEqualTo("web"));
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void schedulerScrapesEachTargetRepeatedlyAndSurvivesDeadOnes() {
        try (LocalHttp live = new LocalHttp("/metrics")) {
            live.body = "up 1\n";
            SinkFanout fanout = new SinkFanout(() -> Stream.<MetricSink>of(engine), Stream::empty);
            ScrapeScheduler scheduler = new ScrapeScheduler(new PrometheusScraper(fanout, System::currentTimeMillis), List.of(
                    new ScrapeProperties.Target("http://" + live.address() + "/metrics", "web", "live", Duration.ofMillis(50), Duration.ofSeconds(1)),
                    new ScrapeProperties.Target("http://127.0.0.1:1/metrics", "web", "dead", Duration.ofMillis(50), Duration.ofSeconds(1))));
            scheduler.start();
            try {
                io.baton.collectors.influx.SinkTestAccess.await("three scrapes of each target", Duration.ofSeconds(10), () ->
                        engine.healths.stream().filter(h -> h.getNode().equals("live") && h.isUp()).count() >= 3
                                && engine.healths.stream().filter(h -> h.getNode().equals("dead") && !h.isUp()).count() >= 3);
            } finally {
                scheduler.stop();
            }
            assertThat(scheduler.isRunning()).isFalse();
        }
    }

    /**
     * Eight targets that hang until the test lets them go, and one that answers at once: the quick one is
     * scraped on its ticks while the eight are out, and each hanging target has one scrape out at a time
     * (its ticks are skipped while it hangs, not queued).
     */
    @Test
    void hangingTargetsDoNotHoldUpAnotherTargetsScrapes() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger hangingRequests = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer hang = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        hang.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        hang.createContext("/metrics", exchange -> {
            hangingRequests.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "up 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hang.start();
        try (LocalHttp quick = new LocalHttp("/metrics")) {
            quick.body = "up 1\n";
            SinkFanout fanout = new SinkFanout(() -> Stream.<MetricSink>of(engine), Stream::empty);
            List<ScrapeProperties.Target> targets = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                targets.add(new ScrapeProperties.Target("http://127.0.0.1:" + hang.getAddress().getPort() + "/metrics", "web", "hang" + i,
                        Duration.ofMillis(50), Duration.ofSeconds(30)));
            }
            targets.add(new ScrapeProperties.Target("http://" + quick.address() + "/metrics", "web", "quick", Duration.ofMillis(50), Duration.ofSeconds(30)));
            ScrapeScheduler scheduler = new ScrapeScheduler(new PrometheusScraper(fanout, System::currentTimeMillis), targets);
            scheduler.start();
            try {
                io.baton.collectors.influx.SinkTestAccess.await("five scrapes of the quick target while eight hang", Duration.ofSeconds(10), () ->
                        engine.healths.stream().filter(h -> h.getNode().equals("quick") && h.isUp()).count() >= 5);
                assertThat(engine.healths).allSatisfy(h -> assertThat(h.getNode()).isEqualTo("quick"));
                assertThat(hangingRequests.get()).isLessThanOrEqualTo(8);
                release.countDown();
                io.baton.collectors.influx.SinkTestAccess.await("the hanging targets answered", Duration.ofSeconds(10), () ->
                        engine.healths.stream().filter(h -> h.getNode().startsWith("hang") && h.isUp()).map(NodeHealth::getNode).distinct().count() == 8);
            } finally {
                release.countDown();
                scheduler.stop();
                hang.stop(0);
            }
        }
    }

    static ScrapeProperties.Target target(String url, Duration timeout) {
        return new ScrapeProperties.Target(url, "web", "n1", Duration.ofSeconds(15), timeout);
    }

}
