package io.baton.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.baton.testkit.pg.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How fast the leader's fenced writes go against a real PostgreSQL 15 on the same machine: each one is a
 * transaction that locks the lease row, checks the epoch, writes, and commits, so all of a leader's state
 * writes queue on that one row. Measured: decision claims and node-book writes (a 10-node pool's document,
 * the write each node transition makes) from one thread, as the engine thread makes them for each decision,
 * and node-book writes from 4 threads, as the actuators' background threads make them; first on a server
 * with {@code fsync=off} (the tests' setting), then on one with {@code fsync=on}, as in production.
 *
 * <p>A benchmark, not a test: its name keeps it out of the build's test run. Run it with
 * {@code mvn -B -o -q -pl state -am test -Dtest=FenceBench -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.fence.seconds=N}, default 5, per measurement).
 */
class FenceBench {
    private static final long SECONDS = Long.getLong("bench.fence.seconds", 5);

    @Test
    void fencedWritesPerSecond() throws Exception {
        String doc = book(10);
        System.out.printf(Locale.ROOT, "fenced writes against PostgreSQL on 127.0.0.1, %d s per measurement, node book of 10 nodes = %d bytes%n",
                SECONDS, doc.length());
        for (String fsync : new String[] {"off", "on"}) {
            try (PostgresServer pg = PostgresServer.start("fsync=" + fsync); HikariDataSource ds = pool(pg.createDatabase("fence"))) {
                JdbcTemplate jdbc = new JdbcTemplate(ds);
                assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo(fsync);
                TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
                SchemaMigration schema = new SchemaMigration();
                schema.migrate(Flyway.configure().dataSource(ds).load());
                HaProperties props = new HaProperties(true, "jdbc", Duration.ofSeconds(6), Duration.ofSeconds(2), "bench", "http://bench", null);
                ReplicaRegistry registry = new ReplicaRegistry(jdbc, tx, Dialect.POSTGRES, "bench", "http://bench", 6000);
                LeaseStore store = new LeaseStore(jdbc, tx, Dialect.POSTGRES);
                try (JdbcLeadership leadership = new JdbcLeadership(store, registry, schema, props)) {
                    Fence fence = new Fence(jdbc, tx, store, leadership, leadership::fenced);
                    JdbcSharedState shared = new JdbcSharedState(jdbc, fence);
                    leadership.start();
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (!leadership.mayAct()) {
                        assertThat(System.nanoTime()).as("leads within 10 s").isLessThan(deadline);
                        Thread.sleep(20);
                    }
                    AtomicLong serial = new AtomicLong();
                    report("fsync=" + fsync + ", decision claims, 1 thread", run(1, t -> {
                        assertThat(shared.claim("command/pool-" + (serial.get() % 1000), "d-" + serial.incrementAndGet())).isTrue();
                    }));
                    report("fsync=" + fsync + ", node-book writes, 1 thread", run(1, t -> shared.write("book", "pool-" + (serial.incrementAndGet() % 1000), doc)));
                    report("fsync=" + fsync + ", node-book writes, 4 threads", run(4, t -> shared.write("book", "pool-" + t + "-" + (serial.incrementAndGet() % 250), doc)));
                    assertThat(leadership.mayAct()).as("still leads after the run").isTrue();
                }
            }
        }
    }

    interface Write {
        void run(int thread) throws Exception;
    }

    /** Runs {@code write} from {@code threads} threads for {@link #SECONDS} s (after 1 s of warm-up); each write's time in nanos. */
    private static long[][] run(int threads, Write write) throws Exception {
        long[][] took = new long[threads][];
        List<Thread> ts = new ArrayList<>();
        Exception[] failed = new Exception[1];
        long warm = System.nanoTime() + 1_000_000_000L, end = warm + SECONDS * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread th = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try {
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        write.run(me);
                        long after = System.nanoTime();
                        if (now < warm) continue;
                        if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
                        mine[n++] = after - now;
                    }
                } catch (Exception e) {
                    failed[0] = e;
                }
                took[me] = Arrays.copyOf(mine, n);
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join();
        if (failed[0] != null) throw failed[0];
        return took;
    }

    private static void report(String what, long[][] took) {
        long[] all = Arrays.stream(took).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %-44s %7.0f writes/s  p50 %.2f ms  p99 %.2f ms  max %.1f ms  (n=%d)%n", what,
                all.length / (double) SECONDS, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6,
                all[all.length - 1] / 1e6, all.length);
    }

    private static HikariDataSource pool(String url) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setMaximumPoolSize(8);
        return new HikariDataSource(c);
    }

    /** A node book like the command actuator's: {@code n} nodes with their state, decision and times. */
    private static String book(int n) {
        StringBuilder b = new StringBuilder("{\"nodes\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(',');
            b.append("{\"id\":\"pool-1-n").append(i).append("\",\"state\":\"RUNNING\",\"decision\":\"d-2026-12-02T03:00:00Z-")
                    .append(i).append("\",\"since\":1767225600000,\"address\":\"10.0.0.").append(i).append("\",\"cores\":2}");
        }
        return b.append("],\"unpublished\":[]}").toString();
    }
}
