package io.baton.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.reports.history.SkippedRows;
import io.baton.testkit.influx.InfluxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * Rows the report cannot trust, in a real InfluxDB: an unknown state or a pool that is not configured is skipped
 * and counted, and the report still completes; text cells that a spreadsheet would run as a formula are defused.
 */
@SpringBootTest(classes = ReportsTestApp.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:rowsafety;DB_CLOSE_DELAY=-1",
        "spring.batch.job.enabled=false",
        "baton.reports.enabled=false",
        "baton.pools.shop-web.customer=acme",
        "baton.pools.sheet.customer=sheets",
        "baton.influx.records-database=row_safety_own_records",
})
class ReportRowSafetyTest {
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    static final String DB = "row_safety";
    static final String RECORDS = "row_safety_own_records";
    static final String FROM = "2025-11-01T00:00:00Z";
    static final String TO = "2025-11-02T00:00:00Z";
    static boolean written;

    @Autowired UsageReportRunner runner;
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
        influx.writeWithPrecision(RECORDS, "n",
                // g: a good node, 06:00-12:00, with one row of a state Baton never writes in between
                life("acme", "shop", "nginx", "shop-web", "g", 2, "RUNNING", "2025-11-01T06:00:00Z"),
                life("acme", "shop", "nginx", "shop-web", "g", 2, "HACKED", "2025-11-01T08:00:00Z"),
                life("acme", "shop", "nginx", "shop-web", "g", 2, "TERMINATED", "2025-11-01T12:00:00Z"),
                // y: its only row (before the period) has an unknown state
                life("acme", "shop", "nginx", "shop-web", "y", 2, "BOGUS", "2025-10-31T10:00:00Z"),
                // x: a pool nobody configured, before and inside the period
                life("acme", "shop", "nginx", "ghost", "x", 1000, "RUNNING", "2025-10-31T23:00:00Z"),
                life("acme", "shop", "nginx", "ghost", "x", 1000, "RUNNING", "2025-11-01T01:00:00Z"),
                // s: a good node whose tags would run as formulas in a spreadsheet
                life("\\=1+2", "-svc", "@img", "sheet", "s", 1, "RUNNING", "2025-11-01T00:00:00Z"),
                life("\\=1+2", "-svc", "@img", "sheet", "s", 1, "TERMINATED", "2025-11-01T01:00:00Z"));
        written = true;
    }

    static String life(String customer, String service, String software, String pool, String node, int cores, String state, String at) {
        return "node_lifecycle,customer=" + customer + ",service=" + service + ",software=" + software + ",pool=" + pool + ",node=" + node
                + " state=\"" + state + "\",cores=" + cores + "i,decision=\"d\" " + Instant.parse(at).toEpochMilli() * 1_000_000L;
    }

    private static List<String> csv(UsageReportRunner.Result r) throws IOException {
        assertThat(r.ok()).as(r.message()).isTrue();
        return Files.readAllLines(r.files().stream().filter(p -> p.toString().endsWith(".csv") && !p.toString().endsWith(".focus.csv")).findFirst().orElseThrow());
    }

    @Test
    void rowsWithAnUnknownStateOrPoolAreSkippedAndCountedAndTheReportCompletes() throws IOException {
        UsageReportRunner.Result r = runner.run(FROM, TO, "", out.toString(), true);
        List<String> lines = csv(r);
        // unknown state: g's HACKED row and y's BOGUS row; unknown pool: x's rows before and inside the period
        assertThat(r.skipped()).isEqualTo(new SkippedRows(2, 2));
        assertThat(r.message()).contains("skipped node_lifecycle rows: 4 (2 unknown state, 2 unknown pool)");
        assertThat(lines).hasSize(3);  // header, the sheet customer, acme: nothing for x or y
        String[] acme = lines.get(2).split(",");
        assertThat(acme[2]).isEqualTo("acme");
        assertThat(acme[7]).isEqualTo("6.000000");   // g from 06:00 to 12:00; the HACKED row changes nothing
        assertThat(acme[8]).isEqualTo("12.000000");  // 2 cores
        assertThat(acme[10]).isEqualTo("1");         // peak nodes: g alone, x's 1000 cores never counted
    }

    @Test
    void cellsThatASpreadsheetWouldRunAsFormulasAreDefused() throws IOException {
        List<String> lines = csv(runner.run(FROM, TO, "", out.toString(), true));
        String[] sheet = lines.get(1).split(",");
        assertThat(sheet[2]).isEqualTo("'=1+2");
        assertThat(sheet[3]).isEqualTo("'-svc");
        assertThat(sheet[4]).isEqualTo("'@img");
        assertThat(sheet[6]).isEqualTo("node-usage:@img");  // does not start with a formula character
        assertThat(sheet[7]).isEqualTo("1.000000");
    }
}
