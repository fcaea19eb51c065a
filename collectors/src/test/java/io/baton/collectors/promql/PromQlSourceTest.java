package io.baton.collectors.promql;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.collectors.CountingSink;
import io.baton.collectors.sinks.RawLineSink;
import io.baton.collectors.sinks.SinkFanout;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.model.Sample;
import io.baton.engine.port.MetricSink;
import io.baton.testkit.prom.ScrapedPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PromQL as a metric source, against a real Prometheus 2.42 that scrapes a target with two nodes' queue depths. */
class PromQlSourceTest {
    static ScrapedPage prometheus;
    final CountingSink engine = new CountingSink();
    final SinkFanout fanout = new SinkFanout(() -> Stream.<MetricSink>of(engine), Stream::<RawLineSink>empty);

    @BeforeAll static void start() {
        prometheus = ScrapedPage.start("shop", true, "queue_depth{pool=\"web\",node=\"web-1\"} 7\nqueue_depth{pool=\"web\",node=\"web-2\"} 5\n");
    }

    @AfterAll static void stop() {
        if (prometheus != null) prometheus.close();
    }

    @BeforeEach void clear() { engine.clear(); }

    private PromQlSource source(Map<String, String> queries) {
        Map<String, String> settings = new TreeMap<>();
        queries.forEach((metric, promql) -> {
            settings.put("queries." + metric + ".prometheus", promql.startsWith("@") ? promql.substring(1, promql.indexOf(' ')) : prometheus.url());
            settings.put("queries." + metric + ".promql", promql.startsWith("@") ? promql.substring(promql.indexOf(' ') + 1) : promql);
            settings.put("queries." + metric + ".interval", "1s");
        });
        PoolSpec web = new PoolSpec("web", "acme", "", "", "command", 0, 10, 1, GuardrailSettings.DEFAULTS, settings);
        return new PromQlSource(PoolCatalog.of(List.of(web)), fanout, "node");
    }

    /** Rounds until {@code metric} has a value (Prometheus has scraped), at most 20 s. */
    private static void untilScraped(PromQlSource s, String key) throws InterruptedException {
        long now = 0;
        for (int i = 0; i < 200; i++) {
            s.round(now += 1000);
            PromQlSource.QueryStatus st = s.status().get(key);
            if (st != null && st.ok() > 0) return;
            Thread.sleep(100);
        }
        throw new AssertionError("no value of " + key + " within 20 s: " + s.status());
    }

    @Test void anAggregateIsThePoolsMetricAndSeriesWithTheNodeLabelAreTheNodes() throws Exception {
        PromQlSource s = source(Map.of("queue_total", "sum(queue_depth{pool=\"web\"})", "queue_depth", "queue_depth{pool=\"web\"}"));
        untilScraped(s, "web/queue_total");
        untilScraped(s, "web/queue_depth");
        List<Tuple> seen = new ArrayList<>();
        for (Sample x : engine.samples) seen.add(new Tuple(x.getPool(), x.getNode(), x.getMetric(), x.getValue()));
        assertThat(seen).contains(new Tuple("web", "", "queue_total", 12.0), new Tuple("web", "web-1", "queue_depth", 7.0),
                new Tuple("web", "web-2", "queue_depth", 5.0));
        assertThat(engine.samples).allMatch(x -> Math.abs(x.getTimestamp() - System.currentTimeMillis()) < 60_000);
        long failedBeforeTheFirstScrape = s.failures(); // "no series" until Prometheus has scraped once
        long now = 1_000_000;
        for (int i = 0; i < 3; i++) s.round(now += 1000);
        assertThat(s.failures()).as("once the data is there, every round gives values").isEqualTo(failedBeforeTheFirstScrape);
        assertThat(s.status().get("web/queue_total").ok()).isGreaterThanOrEqualTo(4);
    }

    @Test void aFailedQueryIsCountedAndGivesNoValue() throws Exception {
        PromQlSource s = source(Map.of("bad", "sum(", "two", "count_values(\"v\", queue_depth)", "none", "queue_depth{pool=\"nope\"}",
                "down", "@http://127.0.0.1:1 up"));
        List<PromQlSource.Failure> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        s.onFailure(told::add);
        long now = 0;
        for (int i = 0; i < 3; i++) {
            s.round(now += 1000);
        }
        assertThat(told).filteredOn(f -> f.metric().equals("bad")).extracting(PromQlSource.Failure::failures, PromQlSource.Failure::time)
                .containsExactly(new Tuple(1L, 1000L), new Tuple(2L, 2000L), new Tuple(3L, 3000L));
        assertThat(told).filteredOn(f -> f.metric().equals("bad")).allMatch(f -> f.pool().equals("web") && f.promql().equals("sum(")
                && f.error().contains("HTTP 400"));
        assertThat(told).extracting(PromQlSource.Failure::metric).contains("none", "down");
        Map<String, PromQlSource.QueryStatus> st = s.status();
        assertThat(st.get("web/bad").failed()).isEqualTo(3);
        assertThat(st.get("web/bad").lastError()).contains("HTTP 400");
        assertThat(st.get("web/none").lastError()).contains("no series");
        assertThat(st.get("web/down").failed()).isEqualTo(3);
        assertThat(engine.count.get()).as("no value invented").isZero();
        untilScraped(source(Map.of("x", "sum(queue_depth)")), "web/x"); // so that "two" has data to be wrong about
        engine.clear();
        s.round(now += 1000);
        assertThat(s.status().get("web/two").lastError()).contains("2 series without a 'node' label");
        assertThat(engine.count.get()).isZero();
    }

    @Test void badQueryKeysAreNamed() {
        List<String> problems = new ArrayList<>();
        PromQuery.of(new PoolSpec("web", "acme", "", "", "command", 0, 10, 1, GuardrailSettings.DEFAULTS,
                Map.of("queries.cpu.prometheus", "ftp://x", "queries.cpu.promql", " ", "queries.cpu.intervall", "5s")), problems);
        assertThat(problems).anyMatch(p -> p.startsWith("queries.cpu.prometheus: must be the http(s) URL"))
                .anyMatch(p -> p.startsWith("queries.cpu.promql: must not be blank"))
                .anyMatch(p -> p.startsWith("queries.cpu.intervall: no query has this key"));
    }
}
