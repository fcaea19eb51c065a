package io.baton.app.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.testkit.influx.FreePorts;
import io.baton.testkit.influx.InfluxServer;
import io.baton.testkit.pg.PostgresExtension;
import io.baton.testkit.pg.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage reports through two real replicas (OS processes) on one PostgreSQL and one InfluxDB: a report asked of the
 * follower is run by the leader alone, and the follower answers its status and its files (fetched from the leader);
 * while no replica can lead, a report asked is withdrawn after 10 s and answered 503 with Retry-After, as a planned
 * request is.
 */
@ExtendWith(PostgresExtension.class)
class HaReportsTest {
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    private static final AtomicInteger DBS = new AtomicInteger();
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final String DAY = "{\"from\": \"2025-11-01T00:00:00Z\", \"to\": \"2025-11-02T00:00:00Z\", \"force\": true}";
    @TempDir Path dir;
    private String db;
    private String metrics;
    private final List<Replica> replicas = new ArrayList<>();

    @BeforeEach
    void setUp(PostgresServer pg) throws Exception {
        db = pg.createDatabase("reports" + DBS.incrementAndGet());
        metrics = influx.newDatabase();
        influx.createDatabase(metrics + "_records");
        // one node of pool web, RUNNING from 01:00 to 03:30: 2.5 node-hours on 2025-11-01
        influx.writeWithPrecision(metrics + "_records", "ms",
                lifecycle("RUNNING", "2025-11-01T01:00:00Z"), lifecycle("TERMINATED", "2025-11-01T03:30:00Z"));
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/empty.drl"), "package rules;\n");
    }

    private static String lifecycle(String state, String at) {
        return "node_lifecycle,customer=acme,node=web-1,pool=web,service=shop,software=nginx cores=1i,decision=\"d\",state=\"" + state + "\" "
                + Instant.parse(at).toEpochMilli();
    }

    @AfterEach
    void tearDown() {
        replicas.forEach(Replica::close);
        for (Replica r : replicas) System.out.println("---- " + r.id + " (last lines of its log)\n" + r.tail(25));
    }

    private Replica replica(String id) {
        Replica r = new Replica(id, FreePorts.pickBelowEphemeral(), dir.resolve(id), List.of(
                "--spring.datasource.url=" + db, "--baton.ha.enabled=true",
                "--baton.rules.dir=" + dir.resolve("rules"),
                "--baton.influx.url=" + influx.url(), "--baton.influx.database=" + metrics,
                "--baton.pools.web.customer=acme", "--baton.pools.web.service=shop", "--baton.pools.web.software=nginx",
                "--baton.pools.web.min=0", "--baton.pools.web.max=3",
                "--baton.pools.web.local.port-start=" + (26000 + (int) (ProcessHandle.current().pid() % 100) * 10)));
        replicas.add(r);
        return r;
    }

    private static long await(String what, Duration within, BooleanSupplier condition) {
        long t0 = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - t0 > within.toNanos()) throw new AssertionError("not within " + within + ": " + what);
            Replica.sleep(100);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private List<String> row(String sql, String id) throws Exception {
        try (Connection c = DriverManager.getConnection(db); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                if (rs.next()) for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) out.add(rs.getString(i));
                return out;
            }
        }
    }

    @Test
    void aReportAskedOfTheFollowerIsRunByTheLeaderAndServedByEither() throws Exception {
        Replica a = replica("a").launch();
        Replica b = replica("b").launch();
        a.awaitUp();
        b.awaitUp();
        await("a leader", Duration.ofSeconds(30), () -> a.leads() || b.leads());
        Replica leader = a.leads() ? a : b;
        Replica follower = leader == a ? b : a;

        Replica.Answer asked = follower.post("/api/reports", DAY);
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        Matcher m = ID.matcher(asked.body());
        assertThat(m.find()).isTrue();
        String id = m.group(1);
        String[] status = new String[1];
        await("the report completed", Duration.ofSeconds(60), () -> (status[0] = follower.get("/api/reports/" + id).body()).contains("\"COMPLETED\""));
        assertThat(row("SELECT replica, epoch, state FROM baton_report_run WHERE id = ?", id)).containsExactly(leader.id, "1", "COMPLETED");

        String csv = "usage-20251101T000000Z_20251102T000000Z.csv";
        assertThat(status[0]).contains(csv);
        assertThat(Files.exists(leader.dir.resolve("data/reports").resolve(csv))).as("written on the leader").isTrue();
        assertThat(Files.exists(follower.dir.resolve("data/reports").resolve(csv))).as("not on the follower").isFalse();
        Replica.Answer viaFollower = follower.get("/api/reports/" + id + "/files/" + csv);
        Replica.Answer viaLeader = leader.get("/api/reports/" + id + "/files/" + csv);
        assertThat(viaFollower.status()).as(viaFollower.body()).isEqualTo(200);
        assertThat(viaFollower.body()).isEqualTo(viaLeader.body());
        String[] line = viaFollower.body().split("\n")[1].split(",");
        assertThat(line[2]).isEqualTo("acme");
        assertThat(line[7]).as("node-hours: 01:00 to 03:30").isEqualTo("2.500000");
    }

    @Test
    void whileNoReplicaCanLeadAReportAskedIsWithdrawnAndAnswered503WithRetryAfter() throws Exception {
        Replica a = replica("a").start();
        await("a leads", Duration.ofSeconds(30), a::leads);
        // a replica that no longer answers holds a lease a minute long, as a leader paused right after renewing would
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE baton_lease SET holder = 'gone', epoch = epoch + 1, expires_at = CURRENT_TIMESTAMP + INTERVAL '1 minute'");
        }
        await("a steps down", Duration.ofSeconds(10), () -> !a.leads());

        long t0 = System.nanoTime();
        Replica.Answer asked = a.post("/api/reports", DAY);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(asked.status()).as(asked.body()).isEqualTo(503);
        assertThat(asked.retryAfter()).isNotNull();
        assertThat(asked.body()).contains("withdrawn");
        assertThat(ms).as("answered once the wait of a planned request is over").isBetween(9_000L, 20_000L);
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, count(*) FROM baton_report_run GROUP BY state")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + " " + rs.getInt(2)).as("queued, then withdrawn: never run").isEqualTo("WITHDRAWN 1");
            assertThat(rs.next()).isFalse();
        }
    }
}
