package io.baton.app.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.testkit.influx.FreePorts;
import io.baton.testkit.pg.PostgresExtension;
import io.baton.testkit.pg.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The database at start, with real replicas (OS processes): PostgreSQL not reachable yet (they start, are up but not
 * ready, lead nobody, and once it answers they migrate, become ready and one leads), and no database configured at
 * all (the embedded H2 file, here one an earlier Baton left with the batch tables of Boot's old initializer).
 */
@ExtendWith(PostgresExtension.class)
class DatabaseAtStartTest {
    @TempDir Path dir;
    private final List<Replica> replicas = new ArrayList<>();

    @AfterEach
    void tearDown() {
        replicas.forEach(Replica::close);
        for (Replica r : replicas) System.out.println("---- " + r.id + " (last lines of its log)\n" + r.tail(25));
    }

    private Replica replica(String id, List<String> more) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("empty.drl"), "package rules;\n");
        List<String> args = new ArrayList<>(List.of(
                "--baton.rules.dir=" + rules,
                "--baton.influx.url=http://127.0.0.1:1", // reports (and so the batch job repository) are wired; nothing listens there
                "--baton.pools.web.customer=acme", "--baton.pools.web.min=0", "--baton.pools.web.max=3",
                "--baton.pools.web.local.port-start=" + (28000 + (int) (ProcessHandle.current().pid() % 100) * 10),
                "--logging.level.io.baton=INFO"));
        args.addAll(more);
        Replica r = new Replica(id, FreePorts.pickBelowEphemeral(), dir.resolve(id), args);
        replicas.add(r);
        return r;
    }

    private static long await(String what, Duration within, BooleanSupplier condition) {
        long t0 = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - t0 > within.toNanos()) throw new AssertionError("not within " + within + ": " + what);
            Replica.sleep(50);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static boolean ready(Replica r) {
        Replica.Answer a = r.get("/actuator/health/readiness");
        return a.status() == 200 && a.body().contains("\"UP\"");
    }

    @Test
    void replicasStartedWhilePostgresqlIsDownAreUpButNotReadyAndLeadOnlyOnceItAnswers(PostgresServer pg) throws Exception {
        String db = pg.createDatabase("late");
        pg.stop(); // nothing listens on its port from now on: the replicas below never reached it before it comes back
        try {
            List<String> ha = List.of("--spring.datasource.url=" + db, "--baton.ha.enabled=true");
            Replica a = replica("a", ha).launch();
            Replica b = replica("b", ha).launch();
            a.awaitUp();
            b.awaitUp();
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until) {
                for (Replica r : List.of(a, b)) {
                    assertThat(r.alive()).as(r.id + " keeps running").isTrue();
                    Replica.Answer readiness = r.get("/actuator/health/readiness");
                    assertThat(readiness.status()).as(r.id + " readiness: " + readiness.body()).isEqualTo(503);
                    assertThat(readiness.body()).contains("OUT_OF_SERVICE");
                    Replica.Answer leader = r.get("/api/leader");
                    assertThat(leader.status()).as(r.id + " /api/leader: " + leader.body()).isEqualTo(503);
                    assertThat(leader.retryAfter()).isNotNull();
                    assertThat(r.leads()).isFalse();
                }
                Replica.sleep(250);
            }

            long t0 = System.nanoTime();
            pg.startAgain();
            long readyMs = await("both replicas ready after PostgreSQL came back", Duration.ofSeconds(30), () -> ready(a) && ready(b));
            await("a leader", Duration.ofSeconds(10), () -> a.leads() || b.leads());
            long leadMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("PostgreSQL back: both replicas ready after " + readyMs + " ms, a leader after " + leadMs + " ms");
            Replica.sleep(1_000);
            assertThat(a.leads() ^ b.leads()).as("exactly one leads").isTrue();
            Replica leader = a.leads() ? a : b;
            assertThat(leader.get("/api/leader").body()).as("the first term: nobody held the lease before").contains("\"epoch\":1");
            assertThat(rows(db, "SELECT version || ':' || success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank"))
                    .as("migrated once, by one of them").containsExactly("1:true", "2:true", "3:true");
        } finally {
            if (!pg.isRunning()) pg.startAgain();
        }
    }

    @Test
    void withNoDatabaseConfiguredAnOldEmbeddedH2FileIsMigratedAndTheReplicaLeadsAlone() throws Exception {
        Replica solo = replica("solo", List.of());
        // the default spring.datasource.url is jdbc:h2:file:./data/batch/baton in the working directory; an earlier Baton
        // left the batch tables there, created by Spring Batch's schema-h2.sql through initialize-schema: always
        String url = "jdbc:h2:file:" + solo.dir.resolve("data/batch/baton") + ";AUTO_SERVER=TRUE";
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-h2.sql")).execute(new DriverManagerDataSource(url));
        rows(url, "SELECT 1"); // closes the file again

        solo.start();
        await("ready on the embedded database", Duration.ofSeconds(30), () -> ready(solo));
        assertThat(solo.leads()).isTrue();
        assertThat(solo.get("/api/leader").body()).contains("\"epoch\":1");
        assertThat(rows(url, "SELECT \"version\" || ':' || \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\""))
                .as("baselined below the first migration, then migrated").containsExactly("0:TRUE", "1:TRUE", "2:TRUE", "3:TRUE");
    }

    private static List<String> rows(String url, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
