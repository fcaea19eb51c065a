package io.baton.app.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.local.LocalActuator;
import io.baton.app.BatonApplication;
import io.baton.app.engine.EngineService;
import io.baton.app.fixture.Launch;
import io.baton.collectors.influx.InfluxSink;
import io.baton.engine.model.NodeState;
import io.baton.engine.schema.DashboardQueries;
import io.baton.testkit.influx.InfluxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Grafana is not in Debian, so its dashboard is checked here: every InfluxQL query of
 * {@code deploy/grafana/dashboards/baton.json} (panels' targets and annotations), with Grafana's macros
 * substituted, runs against a real InfluxDB filled by a short demo-like run of the real service (local node
 * processes scraped, line protocol ingested, a self-service scale-out and scale-in, a node killed with
 * {@code kill -9} and replaced, a broken and a good rule upload), and must return series. The queries are the
 * schema package's, so a renamed measurement, tag or field breaks this test rather than the dashboard.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "baton.security.ops-token=ops-grafana-token-0001",
        "baton.ingest.token=ops-grafana-ingest-001",
        "baton.pools.shop.customer=acme",
        "baton.pools.shop.service=shop",
        "baton.pools.shop.software=nginx",
        "baton.pools.shop.min=1",
        "baton.pools.shop.max=3",
        "baton.pools.lab.customer=uni",
        "baton.pools.lab.service=teaching-lab",
        "baton.pools.lab.software=jupyter",
        "baton.pools.lab.min=1",
        "baton.pools.lab.max=2",
        "baton.engine.scrape-interval=1s",
        "baton.telemetry.pool-nodes-interval=1s",
        "baton.reports.enabled=false",
        "baton.influx.flush-interval=50ms",
        "spring.datasource.url=jdbc:h2:mem:grafana;DB_CLOSE_DELAY=-1",
})
class GrafanaDashboardTest {
    static final String OPS = "ops-grafana-token-0001";
    static final Path DASHBOARD = Path.of("../deploy/grafana/dashboards/baton.json");
    static final String METRICS = "grafana_" + Long.toString(System.nanoTime() & 0xffffff, 36);
    static final String RECORDS = METRICS + "_records";
    /** What Grafana puts for its macros over the last hour with a 10 s step. */
    static final Map<String, String> MACROS = Map.of("$timeFilter", "time > now() - 1h", "$__interval", "10s");

    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    static Path rules;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        rules = Launch.shippedRules("grafana-rules");
        Path data = Files.createTempDirectory("grafana-data");
        r.add("baton.rules.dir", rules::toString);
        r.add("baton.local.data-dir", data::toString);
        Launch.localPorts(r, Launch.nodePortBase(), "shop", "lab");
        Launch.influx(r, influx, METRICS, data.resolve("spool"));
    }

    @LocalServerPort int port;
    @Autowired EngineService engine;
    @Autowired LocalActuator local;
    @Autowired InfluxSink sink;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stopNodes(@Autowired LocalActuator local) {
        local.terminateAll(10_000);
    }

    @Test
    void everyQueryOfTheDashboardReturnsSeriesFromADemoLikeRun() throws Exception {
        List<DashboardQueries.Query> dashboard = dashboardQueries();
        // the file holds the schema's queries, each titled and on the database the schema says, and no other
        assertThat(dashboard).containsExactlyInAnyOrderElementsOf(DashboardQueries.all());

        await("a node in each pool", () -> running("shop").size() == 1 && running("lab").size() == 1);
        // line protocol ingest: a reading per node of shop
        StringBuilder lines = new StringBuilder();
        for (String node : running("shop")) lines.append("cpu,pool=shop,node=").append(node).append(" value=35\n");
        assertThat(call("POST", "/write", "ops-grafana-ingest-001", lines.toString()).statusCode()).isEqualTo(204);
        // scaling: a self-service scale-out and scale-in
        assertThat(call("POST", "/api/pools/shop/scale", OPS, "{\"delta\": 1}").statusCode()).isEqualTo(200);
        await("shop scaled out", () -> running("shop").size() == 2);
        await("2 RUNNING nodes of shop in pool_nodes", () -> {
            sink.flush();
            return influx.query(RECORDS, "SELECT \"nodes\" FROM \"pool_nodes\" WHERE \"pool\" = 'shop' AND \"state\" = 'RUNNING' AND \"nodes\" = 2")
                    .size() > 0;
        });
        assertThat(call("POST", "/api/pools/shop/scale", OPS, "{\"delta\": -1}").statusCode()).isEqualTo(200);
        // healing: kill -9 of lab's node
        NodeInfo victim = local.nodes(engine.pool("lab")).stream().filter(n -> n.state() == NodeState.RUNNING).findFirst().orElseThrow();
        ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
        await("the killed node replaced", () -> engine.journal().all().stream()
                .anyMatch(e -> e.pool().equals("lab") && e.action().equals("replace_node") && e.outcome().acted()));
        // rule reloads: one refused with its error, one loaded
        HttpResponse<String> broken = call("PUT", "/api/rules/broken.drl", OPS, "package rules.broken;\n\nrule \"missing its when\"\n    Pool()\nthen\nend\n");
        assertThat(broken.statusCode()).as(broken.body()).isEqualTo(422);
        HttpResponse<String> good = call("PUT", "/api/rules/noted.drl", OPS, "package rules.noted;\nimport io.baton.engine.model.*;\n"
                + "rule \"A pool with a negative size is noted\"\nwhen\n    Pool(nodes < 0)\nthen\nend\n");
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);

        Map<String, Integer> rows = new LinkedHashMap<>();
        await("every dashboard query to return series", () -> {
            sink.flush();
            rows.clear();
            for (DashboardQueries.Query q : dashboard) rows.put(q.title(), influx.query(database(q), substituted(q.influxql())).size());
            // and the scrapes of both pools' nodes have been written
            return rows.values().stream().allMatch(n -> n > 0) && poolsIn(DashboardQueries.CPU_PER_POOL).containsAll(List.of("shop", "lab"))
                    && poolsIn(DashboardQueries.LATENCY_P95_PER_POOL).containsAll(List.of("shop", "lab"));
        }, () -> "rows per query: " + rows);

        // and what they return is what happened
        assertThat(influx.query(RECORDS, substituted(DashboardQueries.NODES_PER_POOL_BY_STATE.influxql())))
                .extracting(r -> r.get("pool") + " " + r.get("state")).contains("shop RUNNING", "lab RUNNING", "shop STARTING");
        assertThat(influx.query(RECORDS, "SELECT max(\"nodes\") FROM \"pool_nodes\" WHERE " + MACROS.get("$timeFilter")
                + " AND \"state\" = 'RUNNING' GROUP BY \"pool\"")).extracting(r -> r.get("pool") + "=" + r.get("max"))
                .contains("shop=2").anyMatch(p -> p.startsWith("lab="));
        assertThat(influx.query(RECORDS, substituted(DashboardQueries.SCALING_DECISIONS.influxql())))
                .extracting(r -> r.get("pool") + " " + r.get("action") + " " + r.get("rule"))
                .contains("shop scale_out planned request", "shop scale_in planned request");
        assertThat(influx.query(RECORDS, substituted(DashboardQueries.HEALING_DECISIONS.influxql())))
                .anyMatch(r -> "lab".equals(r.get("pool")) && String.valueOf(r.get("rule")).contains("crashed"));
        assertThat(influx.query(RECORDS, substituted(DashboardQueries.RULE_RELOAD_ERRORS.influxql())))
                .anyMatch(r -> "REJECTED".equals(r.get("outcome")) && String.valueOf(r.get("error")).startsWith("broken.drl:"));
        assertThat(influx.query(RECORDS, substituted(DashboardQueries.RULE_RELOADS.influxql())))
                .extracting(r -> r.get("outcome")).contains("LOADED", "REJECTED");
        assertThat(influx.query(RECORDS, substituted(DashboardQueries.NODE_HOURS_PER_CUSTOMER_PER_DAY.influxql())))
                .extracting(r -> r.get("customer")).contains("acme", "uni");
    }

    static List<Object> poolsIn(DashboardQueries.Query q) {
        return influx.query(database(q), substituted(q.influxql())).stream().map(r -> r.get("pool")).distinct().toList();
    }

    /** The queries of the dashboard file, each read back as the schema describes one (its source by the data source's uid). */
    static List<DashboardQueries.Query> dashboardQueries() throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        List<DashboardQueries.Query> out = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode t : panel.path("targets")) {
                assertThat(t.path("rawQuery").asBoolean()).as(panel.path("title").asString()).isTrue();
                out.add(new DashboardQueries.Query(panel.path("title").asString(), source(t.path("datasource")), false,
                        t.path("query").asString()));
            }
        }
        for (JsonNode a : root.path("annotations").path("list")) {
            if (a.path("builtIn").asInt(0) == 1) continue;
            out.add(new DashboardQueries.Query(a.path("name").asString(), source(a.path("datasource")), true,
                    a.path("query").asString()));
        }
        return out;
    }

    static DashboardQueries.Source source(JsonNode datasource) {
        String uid = datasource.path("uid").asString();
        return switch (uid) {
            case "baton-metrics" -> DashboardQueries.Source.METRICS;
            case "baton-records" -> DashboardQueries.Source.RECORDS;
            default -> throw new AssertionError("unknown data source uid " + uid);
        };
    }

    static String database(DashboardQueries.Query q) {
        return q.source() == DashboardQueries.Source.METRICS ? METRICS : RECORDS;
    }

    static String substituted(String influxql) {
        String out = influxql;
        for (Map.Entry<String, String> m : MACROS.entrySet()) out = out.replace(m.getKey(), m.getValue());
        assertThat(out).as("a macro or template variable left in").doesNotContain("$");
        return out;
    }

    List<String> running(String pool) {
        return local.nodes(engine.pool(pool)).stream().filter(n -> n.state() == NodeState.RUNNING).map(NodeInfo::id).sorted().toList();
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token);
        if (path.startsWith("/api/pools")) b.header("Content-Type", "application/json");
        if (path.startsWith("/api/rules")) b.header("Content-Type", "text/plain");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> detail) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what + " " + detail.get());
            Thread.sleep(100);
        }
    }
}
