package io.baton.reports;

import static io.baton.reports.UsageReportTest.FROM;
import static io.baton.reports.UsageReportTest.TO;
import static io.baton.reports.UsageReportTest.hours;
import static io.baton.reports.UsageReportTest.ms;
import static org.assertj.core.api.Assertions.assertThat;

import io.baton.testkit.influx.InfluxServer;
import io.baton.testkit.pg.PostgresExtension;
import io.baton.testkit.pg.PostgresServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The usage report job of {@link UsageReportTest}, with Spring Batch's JDBC job repository (and the staged
 * segments) on a real PostgreSQL instead of H2: the same history, the same figures worked out here from the
 * generated intervals, the same rerun rules, and the runs as PostgreSQL's {@code batch_job_execution} records them,
 * read with plain JDBC rather than through Spring Batch.
 */
@ExtendWith(PostgresExtension.class)
@UsageReportBoot
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)  // close the pool before the server goes
class UsageReportPostgresTest {
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    /** The job repository's database, made by the test on the fixture's server. */
    static String jdbcUrl;

    @Autowired UsageReportRunner runner;
    @Autowired UsageReportTest.Faults faults;
    @TempDir Path out;

    @BeforeAll
    static void servers(PostgresServer pg) {
        jdbcUrl = pg.createDatabase("baton_reports");
        UsageReportTest.writeHistory(influx);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", () -> jdbcUrl);
        r.add("spring.datasource.username", () -> PostgresServer.USER);
        r.add("baton.influx.url", () -> influx.url());
        r.add("baton.influx.database", () -> UsageReportTest.DB);
    }

    @Test
    void theJobRepositoryIsPostgresql() throws SQLException {
        assertThat(rows("SELECT current_database()")).containsExactly(List.of("baton_reports"));
        // Spring Batch's PostgreSQL schema, created by the schema's Flyway migrations (db/batch/postgresql)
        assertThat(rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'batch\\_%' ORDER BY 1"))
                .extracting(r -> r.get(0))
                .contains("batch_job_execution", "batch_job_execution_context", "batch_job_execution_params", "batch_job_instance",
                        "batch_step_execution", "batch_step_execution_context");
    }

    @Test
    void billsEachNodeToTheSecondAndPostgresqlRecordsTheRunAsCompleted() throws Exception {
        UsageReportRunner.Result r = runner.run(FROM, TO, "", out.toString(), true);
        List<String> lines = csv(r);

        long acmeNode = ms("2025-11-01T00:00:00Z", "2025-11-02T00:00:00Z")      // a: cut at both bounds
                + ms("2025-11-01T06:00:00Z", "2025-11-01T12:00:30.500Z")        // c: until TERMINATED, draining billed
                + ms("2025-11-01T11:59:40Z", "2025-11-02T00:00:00Z");           // d: from RUNNING, cut at the end
        long initechNode = ms("2025-11-01T23:30:00Z", "2025-11-02T00:00:00Z");
        assertThat(lines).hasSize(3);
        String[] acme = lines.get(1).split(",");
        assertThat(acme[2]).isEqualTo("acme");
        assertThat(acme[7]).isEqualTo(hours(acmeNode));
        assertThat(acme[8]).isEqualTo(hours(acmeNode * 2));
        assertThat(acme[9]).isEqualTo("3600.500");                              // 3700.5 - 100
        assertThat(acme[10]).isEqualTo("3");
        assertThat(acme[12]).isEqualTo("1");
        assertThat(acme[14]).isEqualTo("1");
        assertThat(new BigDecimal(acme[18])).isEqualByComparingTo(new BigDecimal(hours(acmeNode * 2)).multiply(new BigDecimal("0.05"))
                .setScale(6, RoundingMode.HALF_EVEN));
        String[] initech = lines.get(2).split(",");
        assertThat(initech[2]).isEqualTo("initech");
        assertThat(initech[7]).isEqualTo(hours(initechNode));
        // byte for byte what the H2 run gives
        assertThat(String.join("\n", lines) + "\n").isEqualTo(Files.readString(Path.of("src/test/resources/golden/usage-2025-11-01.csv")));

        assertThat(rows("SELECT i.job_name, e.status, e.exit_code FROM batch_job_execution e JOIN batch_job_instance i "
                + "ON i.job_instance_id = e.job_instance_id WHERE e.job_execution_id = ?", r.executionId()))
                .containsExactly(List.of("usageReport", "COMPLETED", "COMPLETED"));
        assertThat(rows("SELECT step_name, status, write_count FROM batch_step_execution WHERE job_execution_id = ? ORDER BY step_execution_id",
                r.executionId()))
                .extracting(s -> s.get(0) + " " + s.get(1))
                .containsExactly("stageSegments COMPLETED", "renderReport COMPLETED", "clearSegments COMPLETED");
        assertThat(rows("SELECT write_count FROM batch_step_execution WHERE job_execution_id = ? AND step_name = 'renderReport'", r.executionId()))
                .containsExactly(List.of("2"));                                    // two line items: acme and initech
        assertThat(rows("SELECT count(*) FROM baton_usage_segment WHERE instance_id = "
                + "(SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?)", r.executionId()))
                .containsExactly(List.of("0"));                                    // staged segments cleared once written
    }

    @Test
    void aCompletedPeriodIsRefusedUnlessForced() throws SQLException {
        String from = "2025-11-01T06:00:00Z";
        UsageReportRunner.Result first = runner.run(from, TO, "initech", out.toString(), false);
        assertThat(first.ok()).as(first.message()).isTrue();
        long executions = count("SELECT count(*) FROM batch_job_execution");

        UsageReportRunner.Result again = runner.run(from, TO, "initech", out.toString(), false);
        assertThat(again.status()).isEqualTo("REFUSED");
        assertThat(again.message()).contains("already completed").contains("--force");
        assertThat(count("SELECT count(*) FROM batch_job_execution")).as("a refused run records nothing").isEqualTo(executions);
        assertThat(statusesOfTheInstanceOf(first.executionId())).containsExactly("COMPLETED");

        UsageReportRunner.Result forced = runner.run(from, TO, "initech", out.toString(), true);
        assertThat(forced.ok()).as(forced.message()).isTrue();
        assertThat(count("SELECT count(*) FROM batch_job_execution")).isEqualTo(executions + 1);
        assertThat(instanceOf(forced.executionId())).as("force makes a new job instance").isNotEqualTo(instanceOf(first.executionId()));
    }

    @Test
    void aRestartAfterAFailureInTheMiddleOfAStepGivesTheSameBytes() throws IOException, SQLException {
        Path straight = out.resolve("straight");
        UsageReportRunner.Result clean = runner.run(FROM, TO, "acme", straight.toString(), true);
        assertThat(clean.ok()).as(clean.message()).isTrue();

        Path resumed = out.resolve("resumed");
        faults.failAt = 2;
        faults.armed.set(true);
        UsageReportRunner.Result failed = runner.run(FROM, TO, "acme", resumed.toString(), false);
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.message()).contains("injected failure after 2 nodes");
        assertThat(statusesOfTheInstanceOf(failed.executionId())).containsExactly("FAILED");

        UsageReportRunner.Result again = runner.run(FROM, TO, "acme", resumed.toString(), false);
        assertThat(again.ok()).as(again.message()).isTrue();
        for (Path f : clean.files()) {
            assertThat(Files.readAllBytes(resumed.resolve(f.getFileName()))).as(f.getFileName().toString()).isEqualTo(Files.readAllBytes(f));
        }
        // the same job instance, restarted: its failed execution, then the completed one
        assertThat(instanceOf(again.executionId())).isEqualTo(instanceOf(failed.executionId()));
        assertThat(statusesOfTheInstanceOf(again.executionId())).containsExactly("FAILED", "COMPLETED");
    }

    private static List<String> csv(UsageReportRunner.Result r) throws IOException {
        assertThat(r.ok()).as(r.message()).isTrue();
        Path csv = r.files().stream().filter(p -> p.toString().endsWith(".csv") && !p.toString().endsWith(".focus.csv")).findFirst().orElseThrow();
        return Files.readAllLines(csv);
    }

    private static long instanceOf(long execution) throws SQLException {
        return count("SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = " + execution);
    }

    /** The statuses of all executions of the job instance that {@code execution} belongs to, oldest first. */
    private static List<String> statusesOfTheInstanceOf(long execution) throws SQLException {
        return rows("SELECT status FROM batch_job_execution WHERE job_instance_id = ? ORDER BY job_execution_id", instanceOf(execution))
                .stream().map(r -> r.get(0)).toList();
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0).get(0));
    }

    /** Rows as strings, straight from PostgreSQL. */
    private static List<List<String>> rows(String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                List<List<String>> rows = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                    rows.add(row);
                }
                return rows;
            }
        }
    }
}
