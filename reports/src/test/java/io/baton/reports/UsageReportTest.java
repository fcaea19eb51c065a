package io.baton.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.reports.job.ReportFaults;
import io.baton.testkit.influx.InfluxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The usage report against a real InfluxDB and a generated fleet history. Expected figures are worked
 * out here from the generated intervals, not by the code under test.
 */
@UsageReportBoot
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:reports;DB_CLOSE_DELAY=-1")
class UsageReportTest {
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    static final String DB = "baton_reports_test";
    /** Baton's own records (lifecycle, decisions): {@code <database>_records} by default. */
    static final String RECORDS = DB + "_records";
    static final String FROM = "2025-11-01T00:00:00Z";
    static final String TO = "2025-11-02T00:00:00Z";
    static boolean written;

    @Autowired UsageReportRunner runner;
    @Autowired Faults faults;
    @TempDir Path out;

    @DynamicPropertySource
    static void influx(DynamicPropertyRegistry r) {
        r.add("baton.influx.url", () -> influx.url());
        r.add("baton.influx.database", () -> DB);
    }

    /** Fails once, before writing the chunk after {@code failAt} nodes, when armed. */
    @TestConfiguration
    static class Faults implements ReportFaults {
        final AtomicBoolean armed = new AtomicBoolean();
        volatile long failAt = -1;

        @Override public void beforeWrite(long nodesWritten) {
            if (nodesWritten == failAt && armed.compareAndSet(true, false)) throw new IllegalStateException("injected failure after " + nodesWritten + " nodes");
        }
    }

    @BeforeEach
    void history() {
        if (written) return;
        writeHistory(influx);
        written = true;
    }

    /** The fleet history these tests bill, into {@link #DB} and {@link #RECORDS} of {@code influx}; the PostgreSQL test reuses it. */
    static void writeHistory(InfluxServer influx) {
        influx.createDatabase(DB);
        influx.createDatabase(RECORDS);
        List<String> lines = new ArrayList<>();
        // A (acme, 2 cores): running before the period until after it -> the whole day
        life(lines, "acme", "shop", "nginx", "shop-web", "a", 2, "RUNNING", "2025-10-31T22:00:00Z");
        life(lines, "acme", "shop", "nginx", "shop-web", "a", 2, "TERMINATED", "2025-11-02T03:00:00Z");
        // B: never reached RUNNING -> not billed
        life(lines, "acme", "shop", "nginx", "shop-web", "b", 2, "REQUESTED", "2025-11-01T10:00:00Z");
        life(lines, "acme", "shop", "nginx", "shop-web", "b", 2, "STARTING", "2025-11-01T10:00:05Z");
        life(lines, "acme", "shop", "nginx", "shop-web", "b", 2, "FAILED", "2025-11-01T10:01:00Z");
        // C replaced by D: each billed for its own time (DRAINING is billed)
        life(lines, "acme", "shop", "nginx", "shop-web", "c", 2, "RUNNING", "2025-11-01T06:00:00Z");
        life(lines, "acme", "shop", "nginx", "shop-web", "c", 2, "DRAINING", "2025-11-01T12:00:00Z");
        life(lines, "acme", "shop", "nginx", "shop-web", "c", 2, "TERMINATED", "2025-11-01T12:00:30.500Z");
        life(lines, "acme", "shop", "nginx", "shop-web", "d", 2, "REQUESTED", "2025-11-01T11:59:00Z");
        life(lines, "acme", "shop", "nginx", "shop-web", "d", 2, "RUNNING", "2025-11-01T11:59:40Z");
        // E (initech, 1 core): starts inside, ends after the period
        life(lines, "initech", "lab", "jupyter", "lab", "e", 1, "RUNNING", "2025-11-01T23:30:00Z");
        life(lines, "initech", "lab", "jupyter", "lab", "e", 1, "TERMINATED", "2025-11-02T01:00:00Z");
        // F: gone before the period
        life(lines, "initech", "lab", "jupyter", "lab", "f", 1, "RUNNING", "2025-10-30T01:00:00Z");
        life(lines, "initech", "lab", "jupyter", "lab", "f", 1, "TERMINATED", "2025-10-30T02:00:00Z");
        List<String> metrics = new ArrayList<>();
        metrics.add("cpu_seconds_total,customer=acme,service=shop,software=nginx,pool=shop-web,node=a value=100 " + ns("2025-11-01T00:00:10Z"));
        metrics.add("cpu_seconds_total,customer=acme,service=shop,software=nginx,pool=shop-web,node=a value=3700.5 " + ns("2025-11-01T23:00:00Z"));
        // lifecycle and decision points in the metrics database are what ingest could have stored: never billed
        metrics.add("node_lifecycle,customer=acme,service=shop,software=nginx,pool=shop-web,node=forged state=\"RUNNING\",cores=1000i " + ns("2025-11-01T01:00:00Z"));
        metrics.add("decision,pool=shop-web,customer=acme,action=scale_out,outcome=EXECUTED approved=50i " + ns("2025-11-01T01:00:00Z"));
        influx.writeWithPrecision(DB, "n", metrics.toArray(String[]::new));
        lines.add("decision,pool=shop-web,customer=acme,action=scale_out,outcome=EXECUTED approved=2i " + ns("2025-11-01T05:00:00Z"));
        lines.add("decision,pool=shop-web,customer=acme,action=replace_node,outcome=EXECUTED approved=1i " + ns("2025-11-01T11:59:00Z"));
        lines.add("decision,pool=shop-web,customer=acme,action=scale_out,outcome=SUPPRESSED approved=0i " + ns("2025-11-01T05:00:01Z"));
        influx.writeWithPrecision(RECORDS, "n", lines.toArray(String[]::new));
    }

    static void life(List<String> lines, String customer, String service, String software, String pool, String node, int cores, String state, String at) {
        lines.add("node_lifecycle,customer=" + customer + ",service=" + service + ",software=" + software + ",pool=" + pool + ",node=" + node
                + " state=\"" + state + "\",cores=" + cores + "i,decision=\"d\" " + ns(at));
    }

    static long ns(String at) { return Instant.parse(at).toEpochMilli() * 1_000_000L; }

    static long ms(String from, String to) { return Duration.between(Instant.parse(from), Instant.parse(to)).toMillis(); }

    static String hours(long millis) { return new java.math.BigDecimal(millis).divide(new java.math.BigDecimal(3_600_000), 6, java.math.RoundingMode.HALF_EVEN).toPlainString(); }

    private List<String> csv(UsageReportRunner.Result r) throws IOException {
        assertThat(r.ok()).as(r.message()).isTrue();
        Path csv = r.files().stream().filter(p -> p.toString().endsWith(".csv") && !p.toString().endsWith(".focus.csv")).findFirst().orElseThrow();
        Path focus = r.files().stream().filter(p -> p.toString().endsWith(".focus.csv")).findFirst().orElseThrow();
        assertThat(focus.getFileName().toString()).isEqualTo(csv.getFileName().toString().replace(".csv", ".focus.csv"));
        assertThat(Files.readAllLines(focus)).as("a FOCUS row per CSV line item").hasSameSizeAs(Files.readAllLines(csv))
                .first().asString().startsWith("BilledCost,BillingAccountId,");
        return Files.readAllLines(csv);
    }

    @Test
    void billsEachNodeToTheSecondWithinThePeriod() throws IOException {
        List<String> lines = csv(runner.run(FROM, TO, "", out.toString(), true));
        long acmeNode = ms("2025-11-01T00:00:00Z", "2025-11-02T00:00:00Z")      // a: cut at both bounds
                + ms("2025-11-01T06:00:00Z", "2025-11-01T12:00:30.500Z")        // c: until TERMINATED, draining billed
                + ms("2025-11-01T11:59:40Z", "2025-11-02T00:00:00Z");           // d: from RUNNING, cut at the end
        long initechNode = ms("2025-11-01T23:30:00Z", "2025-11-02T00:00:00Z");
        assertThat(lines.get(0)).startsWith("period_start,period_end,customer,service,software,day,usage_type,node_hours,core_hours,cpu_seconds");
        assertThat(lines).hasSize(3);
        String[] acme = lines.get(1).split(",");
        assertThat(acme[2]).isEqualTo("acme");
        assertThat(acme[5]).isEqualTo("2025-11-01");
        assertThat(acme[7]).isEqualTo(hours(acmeNode));
        assertThat(acme[8]).isEqualTo(hours(acmeNode * 2));
        assertThat(acme[9]).isEqualTo("3600.500");
        assertThat(acme[10]).isEqualTo("3"); // a, c and d at 11:59:40-12:00:30.5
        assertThat(acme[12]).isEqualTo("1"); // executed scale-outs; the suppressed one is not counted
        assertThat(acme[14]).isEqualTo("1");
        assertThat(acme[15]).isEqualTo("core-hours");
        assertThat(acme[17]).isEqualTo("0.05");
        assertThat(new java.math.BigDecimal(acme[18])).isEqualByComparingTo(new java.math.BigDecimal(hours(acmeNode * 2)).multiply(new java.math.BigDecimal("0.05"))
                .setScale(6, java.math.RoundingMode.HALF_EVEN));
        assertThat(acme[19]).isEqualTo("EUR");
        assertThat(acme[20]).isEqualTo("cost-centre=cc-42");
        String[] initech = lines.get(2).split(",");
        assertThat(initech[2]).isEqualTo("initech");
        assertThat(initech[7]).isEqualTo(hours(initechNode));
        assertThat(lines).noneMatch(l -> l.contains("globex")); // a customer with no nodes has no line
    }

    /**
     * Lifecycle events are published at least once: at a handover the new leader publishes again what the old one may
     * already have sent (same node, state and time, possibly another decision field), and an adopting leader may see a
     * node RUNNING or TERMINATED again later. Each node is billed once, from its first RUNNING to its first end.
     */
    @Test
    void lifecycleEventsPublishedTwiceAtAHandoverAreBilledOnce() throws IOException {
        String day = "2025-11-03T00:00:00Z";
        String next = "2025-11-04T00:00:00Z";
        List<String> lines = new ArrayList<>();
        for (int copy = 0; copy < 2; copy++) { // the same points twice, as the old and the new leader each published them
            life(lines, "globex", "lab", "jupyter", "lab", "g1", 1, "RUNNING", "2025-11-03T01:00:00Z");
            life(lines, "globex", "lab", "jupyter", "lab", "g1", 1, "DRAINING", "2025-11-03T05:00:00Z");
            life(lines, "globex", "lab", "jupyter", "lab", "g1", 1, "TERMINATED", "2025-11-03T05:30:00.250Z");
            life(lines, "globex", "lab", "jupyter", "lab", "g2", 1, "REQUESTED", "2025-11-03T02:00:00Z");
            life(lines, "globex", "lab", "jupyter", "lab", "g2", 1, "RUNNING", "2025-11-03T02:00:10Z");
        }
        lines.add("node_lifecycle,customer=globex,node=g2,pool=lab,service=lab,software=jupyter cores=1i,decision=\"replayed\",state=\"RUNNING\" "
                + ns("2025-11-03T02:00:10Z"));                                           // the same point with another decision id
        life(lines, "globex", "lab", "jupyter", "lab", "g1", 1, "RUNNING", "2025-11-03T01:00:05Z");     // seen RUNNING again by a new leader
        life(lines, "globex", "lab", "jupyter", "lab", "g1", 1, "TERMINATED", "2025-11-03T05:31:00Z");  // and its end again, later
        life(lines, "globex", "lab", "jupyter", "lab", "g2", 1, "RUNNING", "2025-11-03T09:00:00Z");
        influx.writeWithPrecision(RECORDS, "n", lines.toArray(String[]::new));

        List<String> csv = csv(runner.run(day, next, "globex", out.toString(), true));
        long g1 = ms("2025-11-03T01:00:00Z", "2025-11-03T05:30:00.250Z");                // first RUNNING to first TERMINATED
        long g2 = ms("2025-11-03T02:00:10Z", next);                                      // first RUNNING, cut at the period's end
        assertThat(csv).hasSize(2);
        String[] globex = csv.get(1).split(",");
        assertThat(globex[2]).isEqualTo("globex");
        assertThat(globex[7]).isEqualTo(hours(g1 + g2)).isEqualTo("26.497292");
        assertThat(globex[10]).as("peak nodes").isEqualTo("2");
    }

    @Test
    void aCleanHistorySkipsNoRows() {
        UsageReportRunner.Result r = runner.run(FROM, TO, "", out.toString(), true);
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.skipped().total()).isZero();
        assertThat(r.message()).doesNotContain("skipped");
    }

    @Test
    void matchesTheGoldenFile() throws IOException {
        List<String> lines = csv(runner.run(FROM, TO, "", out.toString(), true));
        assertThat(String.join("\n", lines) + "\n").isEqualTo(Files.readString(Path.of("src/test/resources/golden/usage-2025-11-01.csv")));
    }

    @Test
    void aRestartAfterAFailureInTheMiddleOfAStepGivesTheSameBytes() throws IOException {
        Path straight = out.resolve("straight");
        UsageReportRunner.Result clean = runner.run(FROM, TO, "acme", straight.toString(), true);
        assertThat(clean.ok()).as(clean.message()).isTrue();

        Path resumed = out.resolve("resumed");
        String from = "2025-11-01T00:00:00Z";
        faults.failAt = 2;
        faults.armed.set(true);
        UsageReportRunner.Result failed = runner.run(from, TO, "acme", resumed.toString(), false);
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.message()).contains("injected failure after 2 nodes");
        UsageReportRunner.Result again = runner.run(from, TO, "acme", resumed.toString(), false);
        assertThat(again.ok()).as(again.message()).isTrue();
        for (Path f : clean.files()) {
            assertThat(Files.readAllBytes(resumed.resolve(f.getFileName()))).as(f.getFileName().toString()).isEqualTo(Files.readAllBytes(f));
        }
    }

    @Test
    void aCompletedPeriodIsRefusedUnlessForced() {
        String from = "2025-11-01T06:00:00Z";
        assertThat(runner.run(from, TO, "initech", out.toString(), false).ok()).isTrue();
        UsageReportRunner.Result again = runner.run(from, TO, "initech", out.toString(), false);
        assertThat(again.status()).isEqualTo("REFUSED");
        assertThat(again.message()).contains("already completed").contains("--force");
        assertThat(runner.run(from, TO, "initech", out.toString(), true).ok()).isTrue();
    }

    @Test
    void aPeriodWithNoDataGivesAnEmptyReport() throws IOException {
        List<String> lines = csv(runner.run("2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", "", out.toString(), true));
        assertThat(lines).hasSize(1);
    }

    @Test
    void badParametersGetAClearMessage() {
        assertThatThrownBy(() -> runner.run(TO, FROM, "", out.toString(), false)).hasMessageContaining("--to").hasMessageContaining("must be after --from");
        assertThatThrownBy(() -> runner.run("yesterday", TO, "", out.toString(), false)).hasMessageContaining("--from: 'yesterday' is not an ISO-8601");
    }
}
