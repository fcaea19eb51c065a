package io.baton.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.reports.history.SkippedRows;
import io.baton.testkit.influx.InfluxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The report read the way it is at scale: InfluxDB's answers streamed in chunks of two rows, CPU-seconds in two
 * stretches of days read in parallel over a period that starts at 06:00, segments streamed a customer at a time. The
 * history holds a node without a node tag, a node running since before the period, nodes of the period only, nodes
 * gone before it, rows to skip, and a pool whose nodes belong to two customers. Every figure below is worked out from
 * the rows written here.
 */
@SpringBootTest(classes = {ReportsTestApp.class, UsageReportTest.Faults.class}, properties = {
        "spring.datasource.url=jdbc:h2:mem:reportstreaming;DB_CLOSE_DELAY=-1",
        "spring.batch.job.enabled=false",
        "baton.reports.enabled=false",
        "baton.reports.chunk-size=1",
        "baton.reports.query-chunk-rows=2",
        "baton.reports.readers=2",
        "baton.pools.web.customer=acme",
        "baton.pools.db.customer=globex",
        "baton.pools.shared.customer=acme",
})
class UsageReportStreamingTest {
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    static final String DB = "report_streaming";
    static final String RECORDS = DB + "_records";
    static final String FROM = "2025-11-01T06:00:00Z";
    static final String TO = "2025-11-03T00:00:00Z";
    static boolean written;

    @Autowired UsageReportRunner runner;
    @Autowired UsageReportTest.Faults faults; // the failure injected by the usage report's tests
    @TempDir Path out;

    @DynamicPropertySource
    static void influx(DynamicPropertyRegistry r) {
        r.add("baton.influx.url", () -> influx.url());
        r.add("baton.influx.database", () -> DB);
    }

    @BeforeEach
    void history() {
        if (written) return;
        influx.createDatabase(DB);
        influx.createDatabase(RECORDS);
        List<String> l = new ArrayList<>();
        // node ids sorted: "", a1, a2, a3, b1, b2, g1, s1, s2, x1, x2, x3; billed: "", a1, a2, b1, b2, s1, s2
        l.add("node_lifecycle,customer=acme,service=shop,software=nginx,pool=web state=\"RUNNING\",cores=1i " + ns("2025-11-01T10:00:00Z"));
        l.add("node_lifecycle,customer=acme,service=shop,software=nginx,pool=web state=\"TERMINATED\",cores=1i " + ns("2025-11-01T11:00:00Z"));
        life(l, "acme", "shop", "nginx", "web", "a1", 2, "RUNNING", "2025-10-31T20:00:00Z");     // running when the period starts
        life(l, "acme", "shop", "nginx", "web", "a1", 2, "TERMINATED", "2025-11-02T02:00:00Z");
        life(l, "acme", "shop", "nginx", "web", "a2", 2, "REQUESTED", "2025-11-01T07:00:00Z");
        life(l, "acme", "shop", "nginx", "web", "a2", 2, "RUNNING", "2025-11-01T08:00:00Z");
        life(l, "acme", "shop", "nginx", "web", "a2", 2, "DRAINING", "2025-11-02T12:00:00Z");
        life(l, "acme", "shop", "nginx", "web", "a2", 2, "TERMINATED", "2025-11-02T12:30:00Z");
        life(l, "acme", "shop", "nginx", "web", "a3", 2, "RUNNING", "2025-10-30T00:00:00Z");     // gone before the period
        life(l, "acme", "shop", "nginx", "web", "a3", 2, "TERMINATED", "2025-10-31T00:00:00Z");
        life(l, "globex", "db", "postgres", "db", "b1", 4, "RUNNING", "2025-11-01T12:00:00Z");   // still running at the end
        life(l, "globex", "db", "postgres", "db", "b2", 4, "HACKED", "2025-11-01T13:00:00Z");    // skipped: unknown state
        life(l, "globex", "db", "postgres", "db", "b2", 4, "RUNNING", "2025-11-02T06:00:00Z");
        life(l, "globex", "db", "postgres", "db", "b2", 4, "TERMINATED", "2025-11-02T18:00:00Z");
        life(l, "globex", "db", "postgres", "ghost", "g1", 8, "RUNNING", "2025-10-31T09:00:00Z"); // skipped twice: unknown pool
        life(l, "globex", "db", "postgres", "ghost", "g1", 8, "RUNNING", "2025-11-01T09:00:00Z");
        life(l, "acme", "batch", "spark", "shared", "s1", 1, "RUNNING", "2025-11-02T00:00:00Z");
        life(l, "acme", "batch", "spark", "shared", "s1", 1, "TERMINATED", "2025-11-02T06:00:00Z");
        life(l, "globex", "batch", "spark", "shared", "s2", 1, "RUNNING", "2025-11-01T20:00:00Z");
        life(l, "globex", "batch", "spark", "shared", "s2", 1, "TERMINATED", "2025-11-01T22:00:00Z");
        for (String x : List.of("x1", "x2", "x3")) {
            life(l, "initech", "lab", "jupyter", "web", x, 1, "RUNNING", "2025-10-01T00:00:00Z");
            life(l, "initech", "lab", "jupyter", "web", x, 1, "FAILED", "2025-10-02T00:00:00Z");
        }
        influx.writeWithPrecision(RECORDS, "n", l.toArray(String[]::new));
        List<String> m = new ArrayList<>();
        cpu(m, "web", "a1", "2025-11-01T05:00:00Z", 50);      // before the period: not counted
        cpu(m, "web", "a1", "2025-11-01T07:00:00Z", 100);
        cpu(m, "web", "a1", "2025-11-01T23:00:00Z", 400);     // day 1: 300
        cpu(m, "web", "a1", "2025-11-02T01:00:00Z", 450);
        cpu(m, "web", "a1", "2025-11-02T01:30:00Z", 470);     // day 2: 20
        cpu(m, "web", "a2", "2025-11-01T09:00:00Z", 10);
        cpu(m, "web", "a2", "2025-11-01T21:00:00Z", 70.25);   // day 1: 60.25
        cpu(m, "web", "a2", "2025-11-02T03:00:00Z", 100);
        cpu(m, "web", "a2", "2025-11-02T11:00:00Z", 160.5);   // day 2: 60.5
        cpu(m, "db", "b1", "2025-11-01T13:00:00Z", 5);
        cpu(m, "db", "b1", "2025-11-01T14:00:00Z", 7.5);      // day 1: 2.5
        cpu(m, "db", "b1", "2025-11-03T01:00:00Z", 999);      // after the period
        cpu(m, "db", "b2", "2025-11-02T07:00:00Z", 1);
        cpu(m, "db", "b2", "2025-11-02T17:00:00Z", 31);       // day 2: 30
        cpu(m, "shared", "s1", "2025-11-02T01:00:00Z", 0);
        cpu(m, "shared", "s1", "2025-11-02T05:00:00Z", 40);   // day 2: 40
        cpu(m, "shared", "s2", "2025-11-01T20:30:00Z", 3);
        cpu(m, "shared", "s2", "2025-11-01T21:30:00Z", 9);    // day 1: 6
        influx.writeWithPrecision(DB, "n", m.toArray(String[]::new));
        written = true;
    }

    static void life(List<String> lines, String customer, String service, String software, String pool, String node, int cores, String state, String at) {
        lines.add("node_lifecycle,customer=" + customer + ",service=" + service + ",software=" + software + ",pool=" + pool + ",node=" + node
                + " state=\"" + state + "\",cores=" + cores + "i,decision=\"d\" " + ns(at));
    }

    static void cpu(List<String> lines, String pool, String node, String at, double value) {
        lines.add("cpu_seconds_total,pool=" + pool + ",node=" + node + " value=" + value + " " + ns(at));
    }

    static long ns(String at) { return Instant.parse(at).toEpochMilli() * 1_000_000L; }

    private static Path file(UsageReportRunner.Result r, String suffix) {
        return r.files().stream().filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
    }

    /** customer, service, software, day, node-hours, core-hours, CPU-seconds, peak nodes of each CSV line. */
    private static List<String> figures(UsageReportRunner.Result r) throws IOException {
        assertThat(r.ok()).as(r.message()).isTrue();
        List<String> out = new ArrayList<>();
        Path csv = r.files().stream().filter(p -> p.toString().endsWith(".csv") && !p.toString().endsWith(".focus.csv")).findFirst().orElseThrow();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            out.add(String.join(" ", c[2], c[3], c[4], c[5], c[7], c[8], c[9], c[10]));
        }
        return out;
    }

    @Test
    void streamedAnswersAndStretchesOfDaysGiveTheFiguresOfTheWholeFleet() throws IOException {
        UsageReportRunner.Result r = runner.run(FROM, TO, "", out.toString(), true);
        assertThat(figures(r)).containsExactly(
                // the pool "shared" goes with acme, the first customer whose segments name it: its CPU-seconds of both days,
                // s2's (globex) on day 1 too, on a line of no node time; globex's own spark line has none
                "acme batch spark 2025-11-01 0.000000 0.000000 6.000 0",
                "acme batch spark 2025-11-02 6.000000 6.000000 40.000 1",                 // s1 00:00-06:00
                "acme shop nginx 2025-11-01 35.000000 69.000000 360.250 3",               // "" 1 h x1, a1 18 h x2, a2 16 h x2
                "acme shop nginx 2025-11-02 14.500000 29.000000 80.500 2",                // a1 2 h, a2 12.5 h (draining billed)
                "globex batch spark 2025-11-01 2.000000 2.000000 0.000 1",                // s2 20:00-22:00
                "globex db postgres 2025-11-01 12.000000 48.000000 2.500 1",              // b1 from 12:00, 4 cores
                "globex db postgres 2025-11-02 36.000000 144.000000 30.000 2");           // b1 24 h, b2 06:00-18:00
        assertThat(r.skipped()).isEqualTo(new SkippedRows(1, 2));
        assertThat(Files.readString(file(r, ".json")))
                .contains("\"acme\": {\"node_hours\": 55.500000, \"core_hours\": 104.000000}")
                .contains("\"globex\": {\"node_hours\": 50.000000, \"core_hours\": 194.000000}");
        assertThat(Files.readAllLines(file(r, ".focus.csv"))).hasSize(8);
        assertThat(r.files()).extracting(p -> p.getFileName().toString()).containsExactly(
                "usage-20251101T060000Z_20251103T000000Z.csv", "usage-20251101T060000Z_20251103T000000Z.json",
                "usage-20251101T060000Z_20251103T000000Z.focus.csv", "usage-20251101T060000Z_20251103T000000Z-acme.html",
                "usage-20251101T060000Z_20251103T000000Z-globex.html");
        // each page charts its own customer's nodes: acme has three at once ("", a1, a2 at 10:00; a1, a2, s1 after midnight)
        assertThat(Files.readString(file(r, "-acme.html"))).contains("(max 3)");
        assertThat(Files.readString(file(r, "-globex.html"))).contains("(max 2)");
    }

    @Test
    void oneCustomerGetsItsOwnLinesOnly() throws IOException {
        assertThat(figures(runner.run(FROM, TO, "globex", out.toString(), true))).containsExactly(
                // alone, globex owns the pool "shared": its CPU-seconds of both days, s1's (acme) of day 2 on a line of no node time
                "globex batch spark 2025-11-01 2.000000 2.000000 6.000 1",
                "globex batch spark 2025-11-02 0.000000 0.000000 40.000 0",
                "globex db postgres 2025-11-01 12.000000 48.000000 2.500 1",
                "globex db postgres 2025-11-02 36.000000 144.000000 30.000 2");
    }

    @Test
    void aRestartInTheMiddleOfTheFleetGivesTheSameBytes() throws IOException {
        UsageReportRunner.Result clean = runner.run(FROM, TO, "", out.resolve("straight").toString(), true);
        assertThat(clean.ok()).as(clean.message()).isTrue();
        Path resumed = out.resolve("resumed");
        String from = FROM;                         // not forced: a job instance of its own, which the second run restarts
        faults.failAt = 3;                          // "", a1, a2 committed; b1 fails
        faults.armed.set(true);
        UsageReportRunner.Result failed = runner.run(from, TO, "", resumed.toString(), false);
        assertThat(failed.status()).isEqualTo("FAILED");
        UsageReportRunner.Result again = runner.run(from, TO, "", resumed.toString(), false);
        assertThat(again.ok()).as(again.message()).isTrue();
        assertThat(again.skipped()).as("rows skipped, counted once over the run").isEqualTo(new SkippedRows(1, 2));
        for (Path f : clean.files()) {
            assertThat(Files.readAllBytes(resumed.resolve(f.getFileName()))).as(f.getFileName().toString()).isEqualTo(Files.readAllBytes(f));
        }
    }
}
