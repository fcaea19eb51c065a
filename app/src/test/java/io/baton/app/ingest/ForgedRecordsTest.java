package io.baton.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.app.BatonApplication;
import io.baton.app.fixture.DryRunShopAndLab;
import io.baton.app.fixture.Launch;
import io.baton.collectors.influx.InfluxSink;
import io.baton.reports.UsageReportRunner;
import io.baton.testkit.influx.InfluxServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service over real HTTP with a real InfluxDB: ingested {@code node_lifecycle} and {@code decision} lines
 * are stored with the metrics but never reach the records database, so the usage report bills nothing for them and
 * the journal never shows them; a customer's ingest token writes its own pools only.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "baton.rules.dir=../rules",
        "baton.security.ops-token=ops-secret-0123456789",
        "baton.ingest.token=ops-ingest-0123456789",
        "baton.customers.acme.token=acme-secret-0123456789",
        "baton.customers.acme.ingest-token=acme-ingest-0123456789",
        "baton.customers.uni.token=uni-secret-0123456789",
        "baton.local.data-dir=target/forged-records-data",
        "baton.scrape.enabled=false",
        "baton.reports.enabled=false",
        "baton.influx.flush-interval=50ms",
        "spring.datasource.url=jdbc:h2:mem:forged;DB_CLOSE_DELAY=-1",
})
@DryRunShopAndLab
class ForgedRecordsTest {
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    static final String DB = "forged_" + Long.toString(System.nanoTime() & 0xffffff, 36);
    static final String RECORDS = DB + "_records";

    @DynamicPropertySource
    static void influxProps(DynamicPropertyRegistry r) throws Exception {
        Launch.influx(r, influx, DB, Files.createTempDirectory("spool"));
    }

    @LocalServerPort int port;
    @Autowired InfluxSink sink;
    @Autowired UsageReportRunner reports;
    @TempDir Path out;

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return Launch.call(port, method, path, token, body);
    }

    @Test
    void forgedLifecycleAndDecisionLinesAreStoredAsMetricsButNeverBilledOrJournaled() throws Exception {
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.HOURS);
        long forgedAt = from.plus(1, ChronoUnit.HOURS).toEpochMilli() * 1_000_000L;
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        String body = "cpu,pool=shop,node=real1 value=42 " + now + "\n"
                + "node_lifecycle,customer=acme,service=shop,software=nginx,pool=shop,node=forged state=\"RUNNING\",cores=1000i,decision=\"x\" " + forgedAt + "\n"
                + "decision,pool=shop,customer=acme,action=scale_out,outcome=EXECUTED approved=1000i,decision_id=\"forged-1\",rule=\"forged\" " + forgedAt + "\n"
                + "mem,pool=shop,node=real1 value=7 " + now + "\n";
        HttpResponse<String> w = send("POST", "/write", "ops-ingest-0123456789", body);
        assertThat(w.statusCode()).as(w.body()).isEqualTo(204);  // every line is valid line protocol: nothing is refused by name
        // a decision of Baton's own, so that the records database holds something real next to the forged lines
        assertThat(send("POST", "/api/pools/shop/scale", "ops-secret-0123456789", "{\"delta\": 1}").statusCode()).isEqualTo(200);
        sink.flush();

        // the good lines, and the forged ones as plain metrics, are in the main database
        assertThat(influx.count(DB, "SELECT count(value) FROM cpu")).isEqualTo(1);
        assertThat(influx.count(DB, "SELECT count(value) FROM mem")).isEqualTo(1);
        assertThat(influx.query(DB, "SELECT cores FROM node_lifecycle WHERE node = 'forged'")).hasSize(1);
        // nothing of them is in the records database, which holds Baton's own decision
        assertThat(influx.query(RECORDS, "SELECT * FROM node_lifecycle")).isEmpty();
        assertThat(influx.query(RECORDS, "SELECT * FROM decision WHERE decision_id = 'forged-1'")).isEmpty();
        assertThat(influx.query(RECORDS, "SELECT pool, requester FROM decision")).extracting(row -> row.get("pool") + "/" + row.get("requester"))
                .contains("shop/ops");
        assertThat(influx.query(RECORDS, "SELECT * FROM cpu")).isEmpty();

        // the report over the forged node's period bills nothing (1000 cores for 2 hours, had it believed the line)
        UsageReportRunner.Result r = reports.run(from.toString(), Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString(), "", out.toString(), true);
        assertThat(r.ok()).as(r.message()).isTrue();
        List<String> csv = Files.readAllLines(r.files().stream().filter(p -> p.toString().endsWith(".csv") && !p.toString().endsWith(".focus.csv")).findFirst().orElseThrow());
        assertThat(csv).hasSize(1);  // the header alone
        assertThat(r.skipped().total()).isZero();

        HttpResponse<String> journal = send("GET", "/api/decisions?limit=1000", "ops-secret-0123456789", null);
        assertThat(journal.statusCode()).isEqualTo(200);
        // the forged decision line never becomes a journal entry (the journal only takes the engine's own decisions),
        // and the forged lifecycle line's node is no node: no actuator reported it, so nothing is decided about it
        assertThat(journal.body()).contains("\"requester\":\"ops\"").doesNotContain("forged-1").doesNotContain("\"rule\":\"forged\"")
                .doesNotContain("\"node\":\"forged\"");
    }

    @Test
    void aCustomersIngestTokenWritesItsOwnPoolsOnly() throws Exception {
        long t = Instant.now().toEpochMilli() * 1_000_000L;
        String body = "own,pool=shop,node=n1 value=1 " + t + "\nown,pool=lab,node=n2 value=2 " + t + "\nown,pool=shop,node=n3 value=3 " + t + "\n";
        HttpResponse<String> acme = send("POST", "/write", "acme-ingest-0123456789", body);
        assertThat(acme.statusCode()).isEqualTo(400);
        assertThat(acme.body()).contains("line 2: pool 'lab' is not one of acme's pools").contains("dropped=1 written=2")
                .doesNotContain("line 1:").doesNotContain("line 3:");
        // a self-service token is not an ingest token
        assertThat(send("POST", "/write", "uni-secret-0123456789", "own,pool=lab value=9 " + t).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/write", "ops-ingest-0123456789", "own,pool=lab,node=n4 value=4 " + (t + 1)).statusCode()).isEqualTo(204);
        sink.flush();
        assertThat(influx.query(DB, "SELECT value, pool FROM own")).extracting(row -> row.get("pool") + "=" + row.get("value"))
                .containsExactlyInAnyOrder("shop=1", "shop=3", "lab=4");
    }
}
