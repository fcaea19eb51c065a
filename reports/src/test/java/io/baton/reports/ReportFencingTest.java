package io.baton.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.port.Leadership;
import io.baton.reports.job.ReportFaults;
import io.baton.state.ReportRuns;
import io.baton.testkit.influx.InfluxServer;
import io.baton.testkit.pg.PostgresExtension;
import io.baton.testkit.pg.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Report runs under two leaderships on a real PostgreSQL: two replicas (Spring contexts with {@code baton.ha.enabled})
 * share one database, one InfluxDB history and one queue of report runs. A run whose leader loses the lease in the
 * middle fails without publishing anything, its writes under the stale epoch refused; the next leader resumes the same
 * job instance after the chunks committed under the old epoch and publishes exactly the figures of an uninterrupted run
 * (the golden CSV that {@link UsageReportTest} and {@link UsageReportPostgresTest} also give).
 */
@ExtendWith(PostgresExtension.class)
class ReportFencingTest {
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    private static final AtomicInteger DBS = new AtomicInteger();
    private static final ReportRuns.Ask DAY = new ReportRuns.Ask(UsageReportTest.FROM, UsageReportTest.TO, "", false);
    @TempDir Path dir;
    private String db;
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final List<Gate> gates = new ArrayList<>();

    /** Holds the job, until released, before it writes the chunk after {@code at} nodes (or, at -1, before it publishes). */
    static final class Gate implements ReportFaults {
        final long at;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Gate(long at) { this.at = at; }

        @Override public void beforeWrite(long nodesWritten) {
            if (nodesWritten == at) hold();
        }

        @Override public void beforePublish() {
            if (at == -1) hold();
        }

        /** Waits for the release and nothing else: a replica's close interrupts its threads, but a killed one's never go on. */
        private void hold() {
            reached.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @BeforeAll
    static void history() {
        UsageReportTest.writeHistory(influx);
    }

    @BeforeEach
    void database(PostgresServer pg) {
        db = pg.createDatabase("fencing" + DBS.incrementAndGet());
    }

    @AfterEach
    void close() {
        gates.forEach(g -> g.release.countDown());
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    /** A replica: the reports with their job repository on the shared database, electing with a 3 s lease. */
    private ConfigurableApplicationContext replica(String id, Gate gate) {
        if (gate != null) gates.add(gate);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ReportsTestApp.class).web(WebApplicationType.NONE)
                .initializers(c -> { // primary over UsageReportTest.Faults, which the test application's component scan finds
                    if (gate != null) ((GenericApplicationContext) c).registerBean("gate", ReportFaults.class, () -> gate, bd -> bd.setPrimary(true));
                })
                .properties("spring.datasource.url=" + db, "baton.ha.enabled=true", "baton.ha.replica-id=" + id, "baton.ha.lease=3s",
                        "baton.ha.renew=500ms", "spring.batch.job.enabled=false", "baton.reports.enabled=false", "baton.reports.chunk-size=1",
                        "baton.reports.out-dir=" + out(), "baton.reports.prices.acme.per-core-hour=0.05", "baton.reports.prices.acme.currency=EUR",
                        "baton.reports.prices.globex.per-node-hour=0.10", "baton.reports.tags.acme.cost-centre=cc-42",
                        "baton.pools.shop-web.customer=acme", "baton.pools.lab.customer=initech",
                        "baton.influx.url=" + influx.url(), "baton.influx.database=" + UsageReportTest.DB)
                .run();
        contexts.add(ctx);
        return ctx;
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + within + ": " + what);
            Thread.sleep(25);
        }
    }

    /** Both replicas are configured with the same out-dir (in production, each on its own disk). */
    private Path out() {
        return dir.resolve("out");
    }

    private static ReportRuns.Run run(ConfigurableApplicationContext ctx, String id) {
        return ctx.getBean(ReportRuns.class).get(id).orElseThrow();
    }

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(new DriverManagerDataSource(db));
    }

    private List<String> executions() {
        return jdbc().queryForList("SELECT job_instance_id || ' ' || status FROM batch_job_execution ORDER BY job_execution_id", String.class);
    }

    /** Every file in the out dir, the temporary ones (a leading dot) included. */
    private List<String> files() throws IOException {
        if (!Files.isDirectory(out())) return List.of();
        try (Stream<Path> files = Files.list(out())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Takes the lease from a behind its back, as another replica would after a pause of a longer than its lease. */
    private void leaseTakenOverByB() {
        jdbc().update("UPDATE baton_lease SET holder = 'b', epoch = epoch + 1, expires_at = CURRENT_TIMESTAMP + INTERVAL '1 minute' WHERE name = 'leader'");
    }

    /** Starts replica a holding at {@code gate}, asks it for the report of the day and waits until the run is held there; the run's id. */
    private String heldOnA(Gate gate) throws Exception {
        ConfigurableApplicationContext a = replica("a", gate);
        await("a leads", Duration.ofSeconds(10), a.getBean(Leadership.class)::mayAct);
        String id = a.getBean(ReportRuns.class).enqueue(DAY, "a");
        assertThat(gate.reached.await(30, TimeUnit.SECONDS)).as("a's run reached the gate").isTrue();
        assertThat(run(a, id)).extracting(ReportRuns.Run::state, ReportRuns.Run::replica, ReportRuns.Run::epoch)
                .containsExactly(ReportRuns.State.RUNNING, "a", 1L);
        return id;
    }

    /** After a's run failed under its stale epoch: its write refused, nothing published, the run not marked ended. */
    private void refusedOnA(String id) throws Exception {
        await("a's run failed", Duration.ofSeconds(30), () -> executions().size() == 1 && executions().get(0).endsWith(" FAILED"));
        String exit = jdbc().queryForObject("SELECT exit_message FROM batch_job_execution", String.class);
        assertThat(exit).as("a's write under its stale epoch").contains("StaleEpochException").contains("no longer the leader's");
        assertThat(run(contexts.get(0), id).state()).as("a could not mark the run ended either").isEqualTo(ReportRuns.State.RUNNING);
        assertThat(files()).as("a published nothing, and left no temporary file").isEmpty();
    }

    private void resumedByTheNextLeaderWithTheExactFigures(String id, String... statusesBefore) throws Exception {
        ConfigurableApplicationContext b = replica("b", null);
        Leadership lb = b.getBean(Leadership.class);
        await("b leads", Duration.ofSeconds(10), lb::mayAct);
        await("b ran the report", Duration.ofSeconds(30), () -> run(b, id).state().done());
        ReportRuns.Run done = run(b, id);
        assertThat(done.state()).as(done.message()).isEqualTo(ReportRuns.State.COMPLETED);
        assertThat(done.replica()).isEqualTo("b");
        assertThat(done.epoch()).isEqualTo(lb.epoch()).isGreaterThan(1);
        assertThat(done.attempts()).isEqualTo(2);
        Path csv = out().resolve("usage-20251101T000000Z_20251102T000000Z.csv");
        assertThat(done.files()).contains(csv.toString());
        assertThat(Files.readString(csv)).as("exactly the figures of an uninterrupted run")
                .isEqualTo(Files.readString(Path.of("src/test/resources/golden/usage-2025-11-01.csv")));
        // the run is marked done inside the job, just before Spring Batch records the execution's end
        await("b's job execution ended", Duration.ofSeconds(10), () -> executions().stream().noneMatch(e -> e.endsWith(" STARTED")));
        List<String> runs = executions();
        assertThat(runs.stream().map(e -> e.split(" ")[0]).distinct()).as("one job instance, restarted by b").hasSize(1);
        List<String> statuses = new ArrayList<>(List.of(statusesBefore));
        statuses.add("COMPLETED");
        assertThat(runs.stream().map(e -> e.split(" ")[1]).toList()).isEqualTo(statuses);
    }

    @Test
    void aLeaderCutOffBeforePublishingIsRefusedAndTheNextLeaderPublishesTheReportOnce() throws Exception {
        Gate gate = new Gate(-1);
        String id = heldOnA(gate);
        assertThat(files()).as("staged under temporary names only").isNotEmpty().allMatch(f -> f.startsWith("."));

        leaseTakenOverByB();
        gate.release.countDown();
        refusedOnA(id);
        resumedByTheNextLeaderWithTheExactFigures(id, "FAILED");
        assertThat(jdbc().queryForList("SELECT step_name || ' ' || status FROM batch_step_execution ORDER BY step_execution_id", String.class))
                .as("b ran only the step a could not finish").containsExactly("stageSegments COMPLETED", "renderReport FAILED", "renderReport COMPLETED", "clearSegments COMPLETED");
    }

    @Test
    void aLeaderCutOffInTheMiddleOfStagingHasItsSegmentsRefusedAndTheNextLeaderResumesAfterTheCommittedChunks() throws Exception {
        Gate gate = new Gate(2);
        String id = heldOnA(gate);

        leaseTakenOverByB();
        gate.release.countDown();
        refusedOnA(id);
        resumedByTheNextLeaderWithTheExactFigures(id, "FAILED");
    }

    @Test
    void aLeaderThatDiesMidRunLeavesItsExecutionRunningAndTheNextLeaderRecoversAndFinishesIt() throws Exception {
        Gate gate = new Gate(2);
        String id = heldOnA(gate);
        contexts.get(0).close(); // its job thread never returns: the execution stays STARTED, as after kill -9
        assertThat(executions()).hasSize(1).allMatch(e -> e.endsWith(" STARTED"));

        resumedByTheNextLeaderWithTheExactFigures(id, "FAILED"); // b marked the abandoned execution failed, then restarted it
    }
}
