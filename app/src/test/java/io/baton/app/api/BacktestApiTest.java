package io.baton.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.app.BatonApplication;
import io.baton.app.fixture.BacktestHistory;
import io.baton.app.fixture.Launch;
import io.baton.testkit.influx.InfluxServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
    static final String FROM = BacktestHistory.FROM, TO = "2026-11-01T10:30:00Z";
    static Path rules;

    @DynamicPropertySource
    static void influxProps(DynamicPropertyRegistry r) throws Exception {
        Launch.influx(r, influx, DB, Files.createTempDirectory("spool"));
    }

    @LocalServerPort int port;

    @BeforeAll
    static void history() throws Exception {
        // a and b read 50 until 300 s, then 95: L = 190, 95 per node; the 2-minute window holds at 420 s
        BacktestHistory.write(influx, DB);
        rules = BacktestHistory.outRule(Files.createTempDirectory("backtest-rules"));
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return Launch.call(port, method, path, token, body);
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
