package io.baton.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.engine.port.StaleEpochException;
import io.baton.testkit.pg.PostgresExtension;
import io.baton.testkit.pg.PostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Report runs against a real PostgreSQL, with two replicas electing over one lease: only the leader's writes count. */
@ExtendWith(PostgresExtension.class)
class ReportRunsTest {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ReportRuns.Ask DAY = new ReportRuns.Ask("2025-11-01T00:00:00Z", "2025-11-02T00:00:00Z", "", false);
    private final List<Replica> open = new CopyOnWriteArrayList<>();
    private String url;

    @BeforeEach
    void database(PostgresServer pg) {
        url = pg.createDatabase("runs" + COUNT.incrementAndGet());
    }

    @AfterEach
    void close() {
        open.forEach(Replica::close);
    }

    /** A replica's leadership, fence and report runs over the test database, as the auto-configuration builds them. */
    private final class Replica implements AutoCloseable {
        final JdbcTemplate jdbc;
        final JdbcLeadership leadership;
        final ReportRuns runs;

        Replica(String id) {
            DriverManagerDataSource ds = new DriverManagerDataSource(url);
            jdbc = new JdbcTemplate(ds);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
            SchemaMigration schema = new SchemaMigration();
            schema.migrate(Flyway.configure().dataSource(ds).load());
            HaProperties props = new HaProperties(true, "jdbc", Duration.ofSeconds(3), Duration.ofMillis(500), id, "http://" + id, null);
            LeaseStore lease = new LeaseStore(jdbc, tx, Dialect.POSTGRES);
            leadership = new JdbcLeadership(lease, new ReplicaRegistry(jdbc, tx, Dialect.POSTGRES, id, "http://" + id, 3_000), schema, props);
            runs = new ReportRuns(jdbc, new Fence(jdbc, tx, lease, leadership, leadership::fenced));
            leadership.start();
            open.add(this);
        }

        @Override public void close() { leadership.close(); }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 5 s: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void aRunWhoseLeaderLostTheLeaseCannotCompleteAndTheNextLeaderRunsItAgain() throws Exception {
        Replica a = new Replica("a");
        await("a leads", a.leadership::mayAct);
        Replica b = new Replica("b");
        String id = b.runs.enqueue(DAY, "b"); // any replica accepts a run
        assertThatThrownBy(() -> b.runs.take(id)).as("a follower cannot take it").isInstanceOf(StaleEpochException.class);
        assertThat(a.runs.take(id)).isTrue();
        assertThat(a.runs.take(id)).as("taken once").isFalse();
        assertThat(a.runs.get(id).orElseThrow()).extracting(ReportRuns.Run::state, ReportRuns.Run::epoch, ReportRuns.Run::replica, ReportRuns.Run::attempts)
                .containsExactly(ReportRuns.State.RUNNING, 1L, "a", 1);

        // b takes the lease over behind a's back, as after a pause of a longer than its lease
        a.jdbc.update("UPDATE baton_lease SET holder = 'b', epoch = epoch + 1, expires_at = CURRENT_TIMESTAMP + INTERVAL '1 minute' WHERE name = 'leader'");
        assertThatThrownBy(() -> a.runs.completed(id, List.of("data/reports/usage.csv")))
                .isInstanceOf(StaleEpochException.class).hasMessageContaining("epoch 1");
        assertThat(a.leadership.mayAct()).isFalse();
        assertThatThrownBy(() -> a.runs.finish(id, ReportRuns.State.FAILED, "cut off")).isInstanceOf(StaleEpochException.class);
        assertThat(a.runs.get(id).orElseThrow().state()).as("nothing a wrote after the takeover counts").isEqualTo(ReportRuns.State.RUNNING);

        await("b leads", b.leadership::mayAct);
        assertThat(b.runs.requeueStale()).extracting(ReportRuns.Run::id).containsExactly(id);
        ReportRuns.Run again = b.runs.get(id).orElseThrow();
        assertThat(again.state()).isEqualTo(ReportRuns.State.QUEUED);
        assertThat(again.message()).contains("replica a lost the lease (epoch 1)");
        assertThat(b.runs.take(id)).isTrue();
        b.runs.completed(id, List.of("out/usage.csv", "out/usage.json"));
        ReportRuns.Run done = b.runs.get(id).orElseThrow();
        assertThat(done.state()).isEqualTo(ReportRuns.State.COMPLETED);
        assertThat(done.replica()).isEqualTo("b");
        assertThat(done.epoch()).isEqualTo(b.leadership.epoch()).isGreaterThan(1);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.files()).containsExactly("out/usage.csv", "out/usage.json");
        assertThat(b.runs.requeueStale()).as("a completed run is never run again").isEmpty();
    }

    @Test
    void aRunNobodyTookIsWithdrawnAndATakenOneIsNot() throws Exception {
        Replica a = new Replica("a");
        await("a leads", a.leadership::mayAct);
        String late = a.runs.enqueue(DAY, "a");
        assertThat(a.runs.awaitTaken(late, Duration.ofMillis(200))).isEqualTo(ReportRuns.State.QUEUED);
        assertThat(a.runs.withdraw(late)).isTrue();
        assertThat(a.runs.take(late)).as("a withdrawn run is never run").isFalse();
        assertThat(a.runs.queued(10)).isEmpty();

        String taken = a.runs.enqueue(DAY, "a");
        assertThat(a.runs.take(taken)).isTrue();
        assertThat(a.runs.awaitTaken(taken, Duration.ofMillis(200))).isEqualTo(ReportRuns.State.RUNNING);
        assertThat(a.runs.withdraw(taken)).isFalse();
    }

    @Test
    void aScheduledRunIsQueuedOnceWhicheverReplicaFiresFirst() throws Exception {
        Replica a = new Replica("a");
        Replica b = new Replica("b");
        assertThat(a.runs.enqueueOnce("daily-2025-11-01", DAY, "a")).isTrue();
        assertThat(b.runs.enqueueOnce("daily-2025-11-01", DAY, "b")).isFalse();
        assertThat(a.runs.queued(10)).extracting(ReportRuns.Run::id).containsExactly("daily-2025-11-01");
        ReportRuns.Ask forced = new ReportRuns.Ask(DAY.from(), DAY.to(), "acme", true);
        ReportRuns.Run f = a.runs.get(a.runs.enqueue(forced, "a")).orElseThrow();
        assertThat(f.ask()).isEqualTo(forced);
        assertThat(f.forceKey()).as("a forced run keeps one key for all its attempts").isPositive();
    }

    @Test
    void recentRunsComeNewestFirstWhateverTheirStateAndAtMostAsMany() throws Exception {
        Replica a = new Replica("a");
        String first = a.runs.enqueue(DAY, "a");
        String second = a.runs.enqueue(new ReportRuns.Ask(DAY.from(), DAY.to(), "acme", true), "a");
        String third = a.runs.enqueue(DAY, "a");
        assertThat(a.runs.withdraw(second)).isTrue();
        assertThat(a.runs.recent(10)).extracting(ReportRuns.Run::id).containsExactly(third, second, first);
        assertThat(a.runs.recent(10).get(1).state()).isEqualTo(ReportRuns.State.WITHDRAWN);
        assertThat(a.runs.recent(2)).extracting(ReportRuns.Run::id).containsExactly(third, second);
    }
}
