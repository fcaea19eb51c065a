package io.baton.collectors.influx;

import io.baton.engine.schema.PoolTags;
import static io.baton.collectors.influx.SinkTestSupport.await;
import static io.baton.collectors.influx.SinkTestSupport.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.model.Sample;
import io.baton.testkit.influx.InfluxServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class InfluxSinkTest {
    @RegisterExtension
    static InfluxServer influx = InfluxServer.perClass();

    @TempDir
    Path spool;

    private static final long T0 = 1_700_000_000_000L;
    private static final Map<String, PoolTags> POOLS = Map.of("web", new PoolTags("acme", "shop", "nginx"));

    @Test
    void samplesComeBackWithTheirTags() {
        String db = influx.newDatabaseName();  // the sink creates it
        InfluxProperties p = props(influx.url(), db, spool);
        p.setRetentionPolicy("baton_rp");
        p.setRetentionDuration("30d");
        long t0 = System.currentTimeMillis() - 3_600_000;  // inside the 30-day policy
        try (InfluxSink sink = new InfluxSink(p, POOLS)) {
            sink.accept(List.of(new Sample("web", "n1", "cpu", 81.5, t0), new Sample("web", "n2", "cpu", 12, t0 + 1),
                    new Sample("other", "x", "mem_bytes", 1e9, t0), new Sample("web", "n1", "cpu", Double.NaN, t0 + 2)));
            sink.health(new NodeHealth("web", "n1", false, 2000, t0));
            sink.flush();
            assertThat(sink.stats().written()).isEqualTo(5);
            assertThat(sink.stats().dropped()).isEqualTo(1);  // the NaN, counted not lost silently
        }
        assertThat(influx.query(db, "SHOW RETENTION POLICIES")).extracting(r -> r.get("name")).contains("baton_rp");
        List<Map<String, Object>> cpu = influx.query(db, "SELECT value, pool, node, customer, service, software FROM baton_rp.cpu ORDER BY time");
        assertThat(cpu).hasSize(2);
        assertThat(cpu.get(0)).containsEntry("time", t0).containsEntry("value", 81.5).containsEntry("pool", "web")
                .containsEntry("node", "n1").containsEntry("customer", "acme").containsEntry("service", "shop").containsEntry("software", "nginx");
        List<Map<String, Object>> mem = influx.query(db, "SELECT * FROM baton_rp.mem_bytes");
        assertThat(mem).singleElement().satisfies(r -> assertThat(r).containsEntry("pool", "other").doesNotContainKey("customer"));
        // a probe result is one of Baton's records: it is kept in the records database, not with the metrics
        assertThat(influx.query(db + "_records", "SELECT value FROM baton_rp.up")).singleElement().satisfies(r -> assertThat(r).containsEntry("value", 0L));
        assertThat(influx.query(db, "SELECT value FROM baton_rp.up")).isEmpty();
    }

    @Test
    void lifecycleEventsFollowTheSharedSchema() {
        String db = influx.newDatabaseName();
        Pool pool = new Pool("web", "acme", "shop", "nginx", 1, 4, 2);
        try (InfluxSink sink = new InfluxSink(props(influx.url(), db, spool), POOLS)) {
            sink.onLifecycle(LifecycleEvent.of(pool, "web-1", NodeState.RUNNING, "d-42", T0, "127.0.0.1:9001"));
            sink.onLifecycle(LifecycleEvent.of(pool, "web-1", NodeState.TERMINATED, null, T0 + 60_000, null));
            sink.flush();
        }
        String records = db + "_records";
        List<Map<String, Object>> rows = influx.query(records,
                "SELECT state, cores, decision, customer, service, software, pool, node FROM node_lifecycle ORDER BY time");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("time", T0).containsEntry("state", "RUNNING").containsEntry("cores", 2L)
                .containsEntry("decision", "d-42").containsEntry("customer", "acme").containsEntry("node", "web-1");
        assertThat(rows.get(1)).containsEntry("time", T0 + 60_000).containsEntry("state", "TERMINATED").containsEntry("decision", "");
        // cores is an integer field: sum() stays integral
        assertThat(influx.query(records, "SHOW FIELD KEYS FROM node_lifecycle")).extracting(r -> r.get("fieldKey") + ":" + r.get("fieldType"))
                .contains("cores:integer", "state:string", "decision:string");
    }

    @Test
    void transitionsOfOneNodeInTheSameMillisecondAreAllKept() {
        String db = influx.newDatabaseName();
        Pool pool = new Pool("web", "acme", "shop", "nginx", 1, 4, 2);
        try (InfluxSink sink = new InfluxSink(props(influx.url(), db, spool), POOLS)) {
            sink.onLifecycle(LifecycleEvent.of(pool, "web-2", NodeState.REQUESTED, "d-9", T0, ""));
            sink.onLifecycle(LifecycleEvent.of(pool, "web-2", NodeState.STARTING, "d-9", T0, ""));
            sink.onLifecycleAgain(LifecycleEvent.of(pool, "web-2", NodeState.STARTING, "d-9", T0, ""));
            sink.onLifecycle(LifecycleEvent.of(pool, "web-2", NodeState.RUNNING, "d-9", T0, "127.0.0.1:9002"));
            sink.flush();
        }
        List<Map<String, Object>> rows = influx.query(db + "_records", "SELECT state FROM node_lifecycle WHERE node = 'web-2' ORDER BY time");
        assertThat(rows).extracting(r -> r.get("state")).containsExactly("REQUESTED", "STARTING", "RUNNING");
        assertThat(rows).extracting(r -> r.get("time")).containsOnly(T0);
        assertThat(influx.query(db + "_records", "SELECT last(state) AS state FROM node_lifecycle WHERE node = 'web-2'"))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("state", "RUNNING"));
    }

    @Test
    void recordsAndRawLinesGoToSeparateDatabases() {
        String db = influx.newDatabaseName();
        InfluxProperties p = props(influx.url(), db, spool);
        p.setRecordsDatabase(db + "_own");
        Pool pool = new Pool("web", "acme", "shop", "nginx", 1, 4, 2);
        try (InfluxSink sink = new InfluxSink(p, POOLS)) {
            sink.onLifecycle(LifecycleEvent.of(pool, "web-1", NodeState.RUNNING, "d-1", T0, null));
            sink.acceptRecords(List.of("decision,pool=web,action=scale_out,outcome=EXECUTED approved=1i " + T0 * 1_000_000L));
            // the same measurement names, as ingest or a scrape would hand them on
            sink.acceptLines(List.of("node_lifecycle,pool=web,node=fake state=\"RUNNING\",cores=1000i " + (T0 + 1) * 1_000_000L));
            assertThat(sink.offerLines(List.of("decision,pool=web,action=scale_out,outcome=EXECUTED approved=9i " + (T0 + 1) * 1_000_000L,
                    "cpu,pool=web,node=n1 value=5 " + T0 * 1_000_000L), 1_000_000_000L)).isTrue();
            sink.flush();
            assertThat(sink.stats().written()).isEqualTo(5);
        }
        assertThat(influx.query(db + "_own", "SELECT node, cores FROM node_lifecycle")).extracting(r -> r.get("node") + ":" + r.get("cores"))
                .containsExactly("web-1:2");
        assertThat(influx.query(db + "_own", "SELECT approved FROM decision")).extracting(r -> r.get("approved")).containsExactly(1L);
        assertThat(influx.query(db + "_own", "SELECT * FROM cpu")).isEmpty();
        assertThat(influx.query(db, "SELECT node, cores FROM node_lifecycle")).extracting(r -> r.get("node") + ":" + r.get("cores"))
                .containsExactly("fake:1000");
        assertThat(influx.query(db, "SELECT approved FROM decision")).extracting(r -> r.get("approved")).containsExactly(9L);
        assertThat(influx.query(db, "SELECT value FROM cpu")).hasSize(1);
    }

    @Test
    void outageLosesNothingAndDoublesNothing() throws Exception {
        String db = influx.newDatabaseName();
        int total = 30_000;
        long[] maxSpooled = {0};
        try (InfluxSink sink = new InfluxSink(props(influx.url(), db, spool), POOLS)) {
            Thread producer = new Thread(() -> {
                for (int i = 0; i < total; i += 100) {
                    List<Sample> batch = new ArrayList<>(100);
                    for (int k = i; k < i + 100; k++) batch.add(new Sample("web", "n" + (k % 10), "cpu", k, T0 + k));
                    sink.accept(batch);
                    maxSpooled[0] = Math.max(maxSpooled[0], sink.stats().spooledPoints());
                    try {
                        Thread.sleep(10);  // a steady stream over ~3 s, so the outage falls in the middle
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            producer.start();
            await("a third of the stream written", Duration.ofSeconds(20), () -> sink.stats().written() > total / 3);
            influx.stop();
            await("the sink to notice the outage", Duration.ofSeconds(20), () -> sink.stats().outage());
            await("the memory buffer to spill to disk", Duration.ofSeconds(20), () -> sink.stats().spooledPoints() > 0);
            influx.start();
            producer.join();
            sink.flush();
            await("everything written", Duration.ofSeconds(30), () -> sink.stats().written() == total);
            SinkStats stats = sink.stats();
            assertThat(stats.dropped()).isZero();
            assertThat(stats.spooledPoints()).isZero();
            assertThat(stats.written()).isEqualTo(total);  // no batch sent twice
        }
        assertThat(influx.count(db, "SELECT count(value) FROM cpu")).isEqualTo(total);
        assertThat(influx.count(db, "SELECT sum(value) FROM cpu")).isEqualTo((long) total * (total - 1) / 2);
    }

    @Test
    void beyondTheSpoolCapPointsAreDroppedAndCounted() {
        String db = influx.newDatabase();
        InfluxProperties p = props(influx.url(), db, spool);
        p.setBufferCapacity(1_000);
        p.setSpoolMaxSize(org.springframework.util.unit.DataSize.ofKilobytes(200));
        int total = 20_000;
        influx.stop();
        try (InfluxSink sink = new InfluxSink(p, POOLS)) {
            for (int i = 0; i < total; i += 500) {
                List<Sample> batch = new ArrayList<>(500);
                for (int k = i; k < i + 500; k++) batch.add(new Sample("web", "n1", "cpu", k, T0 + k));
                sink.accept(batch);
            }
            sink.flush();
            SinkStats down = sink.stats();
            assertThat(down.dropped()).isPositive();
            assertThat(down.accepted() + down.dropped()).isEqualTo(total);
            assertThat(down.spooledBytes()).isLessThanOrEqualTo(200 * 1024).isPositive();
            assertThat(down.spooledPoints() + down.buffered()).isEqualTo(down.accepted());

            influx.start();
            await("the backlog written", Duration.ofSeconds(30), () -> sink.stats().written() == down.accepted());
            assertThat(influx.count(db, "SELECT count(value) FROM cpu")).isEqualTo(down.accepted());
            // the oldest points were kept, the newest dropped
            assertThat(influx.count(db, "SELECT min(value) FROM cpu")).isZero();
        }
    }

    @Test
    void spoolSurvivesARestartOfTheSink() {
        String db = influx.newDatabase();
        influx.stop();
        try (InfluxSink sink = new InfluxSink(props(influx.url(), db, spool), POOLS)) {
            sink.accept(List.of(new Sample("web", "n1", "cpu", 1, T0), new Sample("web", "n1", "cpu", 2, T0 + 1)));
        }  // closing while InfluxDB is down spools what is buffered
        influx.start();
        try (InfluxSink sink = new InfluxSink(props(influx.url(), db, spool), POOLS)) {
            await("the spool from the earlier run written", Duration.ofSeconds(20), () -> sink.stats().written() == 2);
        }
        assertThat(influx.count(db, "SELECT count(value) FROM cpu")).isEqualTo(2);
    }

    @Test
    void offerLinesIsAllOrNothingAndRefusesOnlyWhenMemoryAndSpoolAreFull() {
        String db = influx.newDatabase();
        InfluxProperties p = props(influx.url(), db, spool);
        p.setBufferCapacity(1_000);
        p.setSpoolMaxSize(org.springframework.util.unit.DataSize.ofKilobytes(40));
        influx.stop();
        int offered = 0;
        int taken = 0;
        try (InfluxSink sink = new InfluxSink(p, POOLS)) {
            boolean ok = true;
            for (int round = 0; round < 200 && ok; round++) {
                List<String> lines = new ArrayList<>();
                for (int k = 0; k < 400; k++) lines.add("raw,pool=web value=" + offered + "i " + (T0 + offered++) * 1_000_000L);
                ok = sink.offerLines(lines, 2_000_000_000L);
                if (ok) taken += lines.size();
            }
            SinkStats stats = sink.stats();
            assertThat(ok).as("a full sink refuses").isFalse();
            assertThat(stats.refused()).isEqualTo(400);
            assertThat(stats.dropped()).isZero();
            assertThat(stats.accepted()).isEqualTo(taken);

            influx.start();
            int expected = taken;
            await("the backlog written", Duration.ofSeconds(30), () -> sink.stats().written() == expected);
        }
        assertThat(influx.count(db, "SELECT count(value) FROM raw")).isEqualTo(taken);
        assertThat(influx.count(db, "SELECT max(value) FROM raw")).isEqualTo(taken - 1);  // the refused batch is the last one
    }
}
