package io.baton.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.app.BatonApplication;
import io.baton.testkit.influx.InfluxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code POST /api/backtests} in the whole service over real HTTP, against a real InfluxDB with a history written
 * here: the same backtest as the command, its JSON in the answer and again under its Location; OPS only; bad input
 * is a 400 that says why. Expected figures are worked out from the model, as in the reports module's BacktestTest.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "baton.rules.dir=../rules",
        "baton.security.ops-token=ops-secret-0123456789",
        "baton.customers.acme.token=acme-secret-0123456789",
        "baton.pools.web.customer=acme",
        "baton.pools.web.min=0",
        "baton.pools.web.max=10",
        "baton.pools.web.guardrails.dry-run=true",
        "baton.reports.prices.acme.per-node-hour=0.10",
        "baton.local.data-dir=target/backtest-api-data",
        "baton.scrape.enabled=false",
        "baton.reports.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:backtestapi;DB_CLOSE_DELAY=-1",
})
class BacktestApiTest {
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    static final String DB = "backtest_" + Long.toString(System.nanoTime() & 0xffffff, 36);
    static final String FROM = "2026-11-01T10:00:00Z", TO = "2026-11-01T10:30:00Z";
    static Path rules;

    @DynamicPropertySource
    static void influxProps(DynamicPropertyRegistry r) throws Exception {
        String spool = Files.createTempDirectory("spool").toString();
        r.add("baton.influx.url", influx::url);
        r.add("baton.influx.database", () -> DB);
        r.add("baton.influx.spool-dir", () -> spool);
    }

    @LocalServerPort int port;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void history() throws Exception {
        influx.start();
        influx.createDatabase(DB);
        influx.createDatabase(DB + "_records");
        List<String> cpu = new ArrayList<>();
        long from = Instant.parse(FROM).toEpochMilli();
        // a and b read 50 until 300 s, then 95: L = 190, 95 per node; the 2-minute window holds at 420 s
        for (long s = -60; s < 1800; s += 10) {
            for (String n : List.of("a", "b")) cpu.add("cpu,pool=web,node=" + n + " value=" + (s < 300 ? 50 : 95) + " " + (from + s * 1000) * 1_000_000L);
        }
        influx.writeWithPrecision(DB, "n", cpu.toArray(String[]::new));
        long before = Instant.parse("2026-10-31T08:00:00Z").toEpochMilli() * 1_000_000L;
        influx.writeWithPrecision(DB + "_records", "n",
                "node_lifecycle,customer=acme,service=s,software=x,pool=web,node=a state=\"RUNNING\",cores=1i,decision=\"d\" " + before,
                "node_lifecycle,customer=acme,service=s,software=x,pool=web,node=b state=\"RUNNING\",cores=1i,decision=\"d\" " + before);
        rules = Files.createTempDirectory("backtest-rules");
        Files.writeString(rules.resolve("out.drl"), "package rules.bt;\n\nimport io.baton.engine.model.*;\n\n"
                + "rule \"CPU above 80% for 2 minutes adds 2 nodes\"\nwhen\n    $pool : Pool()\n"
                + "    PoolMetric(pool == $pool.name, metric == \"cpu\", covers(120), minOver(120) > 80)\nthen\n"
                + "    insert(Decision.scaleOut(kcontext, $pool.getName(), 2));\nend\n");
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String ask(String from, String to, String extra) {
        return "{\"from\": \"" + from + "\", \"to\": \"" + to + "\", \"rules\": \"" + rules.toString().replace("\\", "\\\\") + "\"" + extra + "}";
    }

    @Test
    void opsRunsABacktestAndReadsItAgain() throws Exception {
        HttpResponse<String> r = send("POST", "/api/backtests", "ops-secret-0123456789", ask(FROM, TO, ", \"provisioningDelay\": \"60s\""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        // scale-out of 2 at 420 s, RUNNING at 480 s: 2 x 1800 + 2 x 1320 node-seconds = 1.733333 h at 0.10; 95 > 90 from 300 to 480 s: 3 minutes
        assertThat(r.body()).contains("\"pool\": \"web\", \"node_hours\": 1.733333, \"cost\": 0.173333, \"sla_minutes\": 3.0000, \"peak_nodes\": 4")
                .contains("{\"time\": \"2026-11-01T10:07:00Z\", \"rule\": \"CPU above 80% for 2 minutes adds 2 nodes\", \"action\": \"scale_out\", \"amount\": 2, \"outcome\": \"EXECUTED\"")
                .contains("\"recorded\": [\n    {\"pool\": \"web\", \"node_hours\": 1.000000, \"actions\": 0}");
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/backtests/");
        HttpResponse<String> again = send("GET", location, "ops-secret-0123456789", null);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(r.body());
    }

    @Test
    void onlyOpsMayRunOne() throws Exception {
        assertThat(send("POST", "/api/backtests", "acme-secret-0123456789", ask(FROM, TO, "")).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/backtests", null, ask(FROM, TO, "")).statusCode()).isEqualTo(401);
    }

    @Test
    void badInputIsA400ThatSaysWhy() throws Exception {
        HttpResponse<String> backwards = send("POST", "/api/backtests", "ops-secret-0123456789", ask(TO, FROM, ""));
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("must be after --from");
        HttpResponse<String> unknown = send("POST", "/api/backtests", "ops-secret-0123456789", ask(FROM, TO, ", \"pools\": [\"nope\"]"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown pool nope (configured: web)");
        HttpResponse<String> empty = send("POST", "/api/backtests", "ops-secret-0123456789", ask("2026-10-01T00:00:00Z", "2026-10-01T01:00:00Z", ""));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("no data");
        assertThat(send("GET", "/api/backtests/none", "ops-secret-0123456789", null).statusCode()).isEqualTo(404);
    }
}
