package io.baton.app.promql;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.actuators.local.LocalActuator;
import io.baton.app.BatonApplication;
import io.baton.app.engine.EngineService;
import io.baton.app.fixture.Launch;
import io.baton.collectors.influx.InfluxSink;
import io.baton.engine.journal.JournalEntry;
import io.baton.testkit.influx.InfluxServer;
import io.baton.testkit.prom.ScrapedPage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A PromQL source drives a rule, end to end: a real Prometheus 2.42 scrapes a target that serves a queue depth
 * of 25, the pool's {@code baton.pools.probe.queries.queue_depth} query feeds it to the engine as the pool's
 * metric, and the rule "A queue deeper than 10 adds 1 node" scales the pool out (a decision in the journal).
 * A second query of the pool is broken: each failed round is counted ({@code baton_promql_failures_total}),
 * journaled as a {@code promql_failure} record with its error, and gives no value.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "baton.security.ops-token=ops-promql-token-0001",
        "baton.pools.probe.customer=acme",
        "baton.pools.probe.min=0",
        "baton.pools.probe.max=1",
        "baton.pools.probe.queries.queue_depth.promql=sum(queue_depth)",
        "baton.pools.probe.queries.queue_depth.interval=1s",
        "baton.pools.probe.queries.broken.promql=sum(",
        "baton.pools.probe.queries.broken.interval=1s",
        "baton.reports.enabled=false",
        "baton.influx.flush-interval=50ms",
        "spring.datasource.url=jdbc:h2:mem:promql;DB_CLOSE_DELAY=-1",
})
class PromQlRuleTest {
    static final String OPS = "ops-promql-token-0001";
    static final String RULE = "A queue deeper than 10 adds 1 node";
    static final String METRICS = "promql_" + Long.toString(System.nanoTime() & 0xffffff, 36);
    static final String RECORDS = METRICS + "_records";

    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    static ScrapedPage prometheus;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        prometheus = ScrapedPage.start("queues", false, "queue_depth{queue=\"orders\"} 18\nqueue_depth{queue=\"mail\"} 7\n");
        Path rules = Launch.shippedRules("promql-rules");
        Files.writeString(rules.resolve("queue.drl"), """
                package rules.queue;
                import io.baton.engine.model.*;
                rule "%s"
                when
                    $pool : Pool(name == "probe", nodes < max)
                    PoolMetric(pool == $pool.name, metric == "queue_depth", value > 10)
                then
                    insert(Decision.scaleOut(kcontext, $pool.getName(), 1));
                end
                """.formatted(RULE));
        Path data = Files.createTempDirectory("promql-data");
        r.add("baton.rules.dir", rules::toString);
        r.add("baton.local.data-dir", data::toString);
        Launch.localPorts(r, Launch.nodePortBase(), "probe");
        r.add("baton.pools.probe.queries.queue_depth.prometheus", prometheus::url);
        r.add("baton.pools.probe.queries.broken.prometheus", prometheus::url);
        Launch.influx(r, influx, METRICS, data.resolve("spool"));
    }

    @AfterAll
    static void stop(@Autowired LocalActuator local) {
        local.terminateAll(10_000);
        if (prometheus != null) prometheus.close();
    }

    @LocalServerPort int port;
    @Autowired EngineService engine;
    @Autowired InfluxSink sink;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theQueriesValueFiresARuleAndAFailedQueryIsCountedAndJournaledWithoutAValue() throws Exception {
        await("the rule's decision in the journal", () -> decision() != null);
        JournalEntry e = decision();
        assertThat(e.pool()).isEqualTo("probe");
        assertThat(e.action()).isEqualTo("scale_out");
        assertThat(e.outcome().acted()).as(e.describe()).isTrue();
        assertThat(e.approved()).isEqualTo(1);
        // the value the rule saw is the query's: 18 + 7 summed by Prometheus
        assertThat(e.matched()).anyMatch(m -> m.contains("queue_depth") && m.contains("25"));

        await("the broken query's failures counted", () -> failuresCounted() >= 2);
        await("the failures journaled", () -> {
            sink.flush();
            return !influx.query(RECORDS, "SELECT * FROM promql_failure WHERE metric = 'broken'").isEmpty();
        });
        List<Map<String, Object>> failures = influx.query(RECORDS, "SELECT * FROM promql_failure WHERE metric = 'broken'");
        assertThat(failures).allSatisfy(f -> {
            assertThat(f.get("pool")).isEqualTo("probe");
            assertThat(f.get("customer")).isEqualTo("acme");
            assertThat(f.get("promql")).isEqualTo("sum(");
            assertThat(String.valueOf(f.get("error"))).contains("HTTP 400");
        });
        assertThat(failures).extracting(f -> ((Number) f.get("failures")).longValue()).contains(1L);
        // no value of the broken query anywhere, and the good one's values are all Prometheus's sum
        sink.flush();
        assertThat(influx.query(METRICS, "SHOW MEASUREMENTS")).extracting(m -> m.get("name")).contains("queue_depth").doesNotContain("broken");
        assertThat(influx.query(METRICS, "SELECT value FROM queue_depth WHERE pool = 'probe'")).isNotEmpty()
                .allMatch(row -> ((Number) row.get("value")).doubleValue() == 25.0);
        // the good query can only have failed before Prometheus's first scrape, with no series to give
        assertThat(influx.query(RECORDS, "SELECT * FROM promql_failure WHERE metric = 'queue_depth'"))
                .allMatch(f -> String.valueOf(f.get("error")).contains("no series"));
    }

    JournalEntry decision() {
        return engine.journal().all().stream().filter(x -> x.rule().equals(RULE)).findFirst().orElse(null);
    }

    long failuresCounted() {
        Matcher m = Pattern.compile("baton_promql_failures_total\\{metric=\"broken\",pool=\"probe\"} ([0-9.]+)").matcher(metrics());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    String metrics() {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .header("Authorization", "Bearer " + OPS).GET().build();
            return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }
}
