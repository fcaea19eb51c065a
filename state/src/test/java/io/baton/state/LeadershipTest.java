package io.baton.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.engine.port.LeadershipListener;
import io.baton.engine.port.StaleEpochException;
import io.baton.testkit.pg.PostgresExtension;
import io.baton.testkit.pg.PostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

/** The lease, the epoch and the fence against a real PostgreSQL: one database per test. */
@ExtendWith(PostgresExtension.class)
class LeadershipTest {
    private static final java.util.concurrent.atomic.AtomicInteger COUNT = new java.util.concurrent.atomic.AtomicInteger();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private PostgresServer pg;
    private String url;

    @BeforeEach
    void database(PostgresServer pg, org.junit.jupiter.api.TestInfo info) {
        this.pg = pg;
        this.url = pg.createDatabase("t" + COUNT.incrementAndGet());
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    /** A replica's state layer over the test database, as the auto-configuration builds it. */
    private final class Replica implements AutoCloseable {
        final StateDatabase db;
        final JdbcLeadership leadership;
        final Fence fence;
        final JdbcSharedState shared;
        final List<String> events = new CopyOnWriteArrayList<>();

        Replica(String id, boolean elect, Duration lease, Duration renew) {
            DriverManagerDataSource ds = new DriverManagerDataSource(url);
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
            db = new StateDatabase(jdbc, tx, Dialect.POSTGRES);
            SchemaMigration schema = new SchemaMigration();
            schema.migrate(Flyway.configure().dataSource(ds).load());
            HaProperties props = new HaProperties(elect, "jdbc", lease, renew, id, "http://" + id, null);
            ReplicaRegistry registry = new ReplicaRegistry(jdbc, tx, Dialect.POSTGRES, id, "http://" + id, lease.toMillis());
            LeaseStore store = new LeaseStore(jdbc, tx, Dialect.POSTGRES);
            leadership = new JdbcLeadership(store, registry, schema, props);
            fence = new Fence(jdbc, tx, store, leadership, leadership::fenced);
            shared = new JdbcSharedState(jdbc, fence);
            leadership.onChange(new LeadershipListener() {
                @Override public void leading(long epoch) { events.add("leading " + epoch); }
                @Override public void following(String why) { events.add("following"); }
            });
            leadership.start();
            open.add(this);
        }

        Replica(String id) { this(id, true, Duration.ofSeconds(3), Duration.ofMillis(500)); }

        @Override public void close() { leadership.close(); }
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + within + ": " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void exactlyOneOfTwoReplicasLeadsAndAPlannedHandoverPassesTheLeaseWithinASecond() throws Exception {
        Replica a = new Replica("a");
        await("a leads", Duration.ofSeconds(5), a.leadership::mayAct);
        Replica b = new Replica("b");
        Thread.sleep(1_000); // b has looked for a free lease four times by now
        assertThat(b.leadership.mayAct()).isFalse();
        assertThat(a.leadership.epoch()).isEqualTo(1);

        long t0 = System.nanoTime();
        a.close();
        await("b leads after a's handover", Duration.ofSeconds(1), b.leadership::mayAct);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("planned handover: b leads " + ms + " ms after a released the lease");
        assertThat(b.leadership.epoch()).isEqualTo(2);
        assertThat(a.leadership.mayAct()).isFalse();
    }

    @Test
    void aStaleLeadersWriteIsRefusedAndItStopsActingAtOnce() throws Exception {
        Replica a = new Replica("a");
        await("a leads", Duration.ofSeconds(5), a.leadership::mayAct);
        a.shared.write("node-book", "web", "{\"v\":1}");
        assertThat(a.shared.read("node-book", "web")).isEqualTo("{\"v\":1}");

        // b takes the lease over behind a's back, as after a pause of a longer than its lease
        a.db.jdbc().update("UPDATE baton_lease SET holder = 'b', epoch = epoch + 1 WHERE name = 'leader'");
        assertThatThrownBy(() -> a.shared.write("node-book", "web", "{\"v\":2}"))
                .isInstanceOf(StaleEpochException.class).hasMessageContaining("epoch 1");
        assertThat(a.leadership.mayAct()).isFalse();
        assertThat(a.shared.read("node-book", "web")).isEqualTo("{\"v\":1}");
        await("a told it follows", Duration.ofSeconds(2), () -> a.events.contains("following"));
    }

    @Test
    void aClaimHoldsOnceAcrossLeaders() throws Exception {
        Replica a = new Replica("a");
        await("a leads", Duration.ofSeconds(5), a.leadership::mayAct);
        assertThat(a.shared.claim("command/web", "d-1")).isTrue();
        assertThat(a.shared.claim("command/web", "d-1")).isFalse();
        Replica b = new Replica("b");
        a.close();
        await("b leads", Duration.ofSeconds(2), b.leadership::mayAct);
        assertThat(b.shared.claim("command/web", "d-1")).isFalse();
        assertThat(b.shared.claim("command/web", "d-2")).isTrue();
        Integer rows = b.db.jdbc().queryForObject("SELECT COUNT(*) FROM baton_claim", Integer.class);
        assertThat(rows).isEqualTo(2);
    }

    @Test
    void aLeaderCutOffFromTheDatabaseStopsActingBeforeItsLeaseEnds() throws Exception {
        Replica a = new Replica("a", true, Duration.ofSeconds(3), Duration.ofMillis(500));
        await("a leads", Duration.ofSeconds(5), a.leadership::mayAct);
        pg.pause();
        long t0 = System.nanoTime();
        try {
            await("a stops acting", Duration.ofSeconds(3), () -> !a.leadership.mayAct());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("self-fencing: a stopped acting " + ms + " ms after the database stopped answering (lease 3000 ms)");
            assertThat(ms).isLessThan(3_000);
        } finally {
            pg.resume();
        }
        await("a leads again once the database answers", Duration.ofSeconds(15), a.leadership::mayAct);
        // either the renewal in flight during the pause was applied when the database resumed (a keeps epoch 1:
        // nobody could take over meanwhile), or it lapsed and a took the free lease again under epoch 2
        assertThat(a.leadership.epoch()).isBetween(1L, 2L);
        assertThat(a.db.jdbc().queryForObject("SELECT holder FROM baton_lease", String.class)).isEqualTo("a");
    }

    @Test
    void aSecondReplicaWithTheSameIdIsRefusedNamingIt() throws Exception {
        Replica a = new Replica("twin");
        await("twin leads", Duration.ofSeconds(5), a.leadership::mayAct);
        DriverManagerDataSource ds = new DriverManagerDataSource(url);
        ReplicaRegistry second = new ReplicaRegistry(new JdbcTemplate(ds), new TransactionTemplate(new DataSourceTransactionManager(ds)),
                Dialect.POSTGRES, "twin", "http://other", 3_000);
        assertThatThrownBy(second::register).isInstanceOf(ReplicaRegistry.DuplicateReplicaException.class)
                .hasMessageContaining("'twin'");
    }

    @Test
    void aSchemaNewerThanTheCodeIsRefusedNamingBothVersions() {
        DriverManagerDataSource ds = new DriverManagerDataSource(url);
        Flyway flyway = Flyway.configure().dataSource(ds).load();
        new SchemaMigration().migrate(flyway);
        new JdbcTemplate(ds).update("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                + " VALUES (99, '7', 'from a newer baton', 'SQL', 'V7__newer.sql', 0, 'baton', 1, true)");
        assertThatThrownBy(() -> new SchemaMigration().migrate(Flyway.configure().dataSource(ds).load()))
                .isInstanceOf(SchemaMigration.NewerSchemaException.class)
                .hasMessageContaining("version 7").hasMessageContaining("schema version 3");
    }

    @Test
    void withoutElectionTheProcessTakesTheLeaseAtStartAndStepsDownOnlyWhenAnotherTakesIt() throws Exception {
        Replica a = new Replica("solo", false, Duration.ofSeconds(6), Duration.ofSeconds(2));
        assertThat(a.leadership.mayAct()).isTrue();
        assertThat(a.leadership.epoch()).isEqualTo(1);
        Replica b = new Replica("solo2", false, Duration.ofSeconds(6), Duration.ofSeconds(2));
        assertThat(b.leadership.epoch()).isEqualTo(2);
        assertThatThrownBy(() -> a.shared.write("k", "x", "1")).isInstanceOf(StaleEpochException.class);
        Thread.sleep(500);
        assertThat(a.leadership.mayAct()).isFalse();
        assertThat(b.leadership.mayAct()).isTrue();
    }
}
