package io.baton.app.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.actuators.local.LocalActuator;
import io.baton.app.BatonApplication;
import io.baton.app.engine.EngineService;
import io.baton.app.fixture.Launch;
import io.baton.engine.journal.JournalEntry;
import io.baton.testkit.influx.InfluxServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Do no harm, end to end: a real Baton with real local node processes, real HTTP and a real InfluxDB.
 * Forged telemetry creates no capacity and drains nothing, future-dated samples change nothing, a flood
 * of field names stays bounded, concurrent self-service stays within the quota, and a looping rule
 * uploaded through the API is rolled back while the previous rules keep firing.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "baton.security.ops-token=ops-safety-token-0001",
        "baton.customers.acme.token=acme-safety-token-001",
        "baton.customers.acme.quota=10",
        "baton.customers.uni.token=uni-safety-token-0001",
        "baton.customers.uni.quota=4",
        "baton.customers.ops.token=ops-customer-token-01",
        "baton.pools.shop.customer=acme",
        "baton.pools.shop.min=2",
        "baton.pools.shop.max=3",
        "baton.pools.lab.customer=uni",
        "baton.pools.lab.min=0",
        "baton.pools.lab.max=10",
        "baton.pools.probe.customer=ops",
        "baton.pools.probe.min=0",
        "baton.pools.probe.max=2",
        "baton.pools.probe.guardrails.dry-run=true",
        "baton.scrape.enabled=false",
        "baton.influx.flush-interval=50ms",
        "spring.datasource.url=jdbc:h2:mem:safety;DB_CLOSE_DELAY=-1",
})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SafetyEndToEndTest {
    static final String OPS = "ops-safety-token-0001";
    @RegisterExtension
    static InfluxServer influx = InfluxServer.perClass();
    static Path rules;
    static Path data;

    /** The shipped sentences and policies without their scenarios, plus one rule to watch: a pool-level queue depth. */
    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        rules = Launch.shippedRules("safety-rules");
        Files.writeString(rules.resolve("probe.drl"), Launch.queueRule("probe", "probe"));
        data = Files.createTempDirectory("safety-data");
        r.add("baton.rules.dir", rules::toString);
        r.add("baton.local.data-dir", data::toString);
        Launch.localPorts(r, Launch.nodePortBase(), "shop", "lab", "probe");
        Launch.influx(r, influx, "safety", data.resolve("spool"));
    }

    @LocalServerPort int port;
    @Autowired EngineService engine;
    @Autowired LocalActuator local;
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> call(String method, String path, String token, String body) throws IOException, InterruptedException {
        return Launch.call(port, method, path, token, body);
    }

    HttpResponse<String> write(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/write?db=x"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException { Launch.await(what, condition); }

    List<String> running(String pool) { return Launch.running(local, engine, pool); }

    long holding(String pool) { return Launch.holding(local, engine, pool); }

    @AfterAll
    static void stopNodes(@Autowired LocalActuator local) {
        local.terminateAll(10_000);
    }

    @Test
    @Order(1)
    void forgedLinesForUnknownNodesCreateNoCapacityAndDrainNothing() throws Exception {
        await("the pool's two real nodes", () -> running("shop").size() == 2);
        List<String> real = running("shop");
        StringBuilder forged = new StringBuilder();
        for (int i = 1; i <= 6; i++) forged.append("cpu,pool=shop,node=fake").append(i).append(" value=10\n");
        for (int round = 0; round < 5; round++) {
            assertThat(write(forged.toString()).statusCode()).isEqualTo(204);
            Thread.sleep(1000); // several engine evaluations (one a second) see the forged lines
        }
        String pool = call("GET", "/api/pools/shop", OPS, null).body();
        assertThat(pool).contains("\"nodes\":2");
        for (String id : real) assertThat(pool).contains("\"id\":\"" + id + "\"");
        assertThat(pool).doesNotContain("fake");
        assertThat(running("shop")).isEqualTo(real);
        assertThat(actedBesidesTheFirstRefill("shop")).isEmpty();
        assertThat(engine.dropped().get(io.baton.engine.session.DropReason.UNKNOWN_NODE)).isGreaterThanOrEqualTo(30);
        String metrics = call("GET", "/actuator/prometheus", OPS, null).body();
        assertThat(metrics).containsPattern("baton_engine_samples_dropped_total\\{reason=\"unknown_node\"\\} [1-9]");
        assertThat(metrics).contains("baton_healing_paused{pool=\"shop\"} 0.0");
    }

    @Test
    @Order(2)
    void futureDatedSamplesDoNotChangeWhatTheEngineSees() throws Exception {
        List<String> real = running("shop");
        long now = System.currentTimeMillis();
        StringBuilder body = new StringBuilder();
        for (String id : real) body.append("cpu,pool=shop,node=").append(id).append(" value=30 ").append(now * 1_000_000L).append('\n');
        assertThat(write(body.toString()).statusCode()).isEqualTo(204);
        await("cpu 30 in the engine", () -> cpu("shop") == 30.0);
        long hourAhead = (now + 3_600_000L) * 1_000_000L;
        StringBuilder ahead = new StringBuilder();
        for (String id : real) ahead.append("cpu,pool=shop,node=").append(id).append(" value=99 ").append(hourAhead).append('\n');
        assertThat(write(ahead.toString()).statusCode()).isEqualTo(204);
        for (int i = 0; i < 3; i++) {
            Thread.sleep(1000);
            assertThat(cpu("shop")).isEqualTo(30.0);
        }
        assertThat(engine.dropped().get(io.baton.engine.session.DropReason.FUTURE)).isGreaterThanOrEqualTo(real.size());
        assertThat(actedBesidesTheFirstRefill("shop")).isEmpty();
    }

    /** What was carried out in {@code pool} besides the refill to its minimum when Baton started with no nodes. */
    List<String> actedBesidesTheFirstRefill(String pool) {
        List<JournalEntry> acted = new ArrayList<>(engine.journal().all().stream()
                .filter(e -> e.pool().equals(pool) && e.outcome().acted()).toList());
        assertThat(acted).first().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("A pool below its minimum is refilled");
            assertThat(e.approved()).isEqualTo(2);
        });
        return acted.subList(1, acted.size()).stream().map(JournalEntry::describe).toList();
    }

    double cpu(String pool) {
        try {
            String json = call("GET", "/api/pools/" + pool, OPS, null).body();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"cpu\":(-?[0-9.]+)").matcher(json);
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(3)
    void aHundredThousandFieldNamesForOnePoolStayBounded() throws Exception {
        System.gc();
        long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int field = 0;
        for (int line = 0; line < 400; line++) {
            StringBuilder b = new StringBuilder("flood,pool=shop ");
            for (int i = 0; i < 250; i++, field++) b.append(i == 0 ? "" : ",").append("f").append(field).append('=').append(field);
            assertThat(write(b.toString()).statusCode()).isEqualTo(204);
        }
        assertThat(field).isEqualTo(100_000);
        await("the engine to take the flood", () -> engine.dropped().get(io.baton.engine.session.DropReason.METRIC_CAP) > 90_000);
        assertThat(engine.metricCount("shop")).isLessThanOrEqualTo(64);
        assertThat(call("GET", "/api/pools/shop", OPS, null).statusCode()).isEqualTo(200);
        System.gc();
        long after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        assertThat(after - before).as("heap growth in bytes").isLessThan(64L << 20);
    }

    @Test
    @Order(4)
    void twentyConcurrentRequestsNeverTakeACustomerAboveItsQuota() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger most = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                most.accumulateAndGet((int) holding("lab"), Math::max);
                Thread.onSpinWait();
            }
        });
        watcher.start();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) answers.add(pool.submit(() -> call("POST", "/api/pools/lab/scale", "uni-safety-token-0001", "{\"delta\":1}")));
        int ok = 0;
        int refused = 0;
        for (Future<HttpResponse<String>> f : answers) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 200) ok++;
            if (r.statusCode() == 409) {
                refused++;
                assertThat(r.body()).contains("quota").contains("uni").contains("may hold 4");
            }
        }
        pool.shutdown();
        await("four lab nodes running", () -> running("lab").size() == 4);
        Thread.sleep(500);
        done.set(true);
        watcher.join();
        assertThat(ok).isEqualTo(4);
        assertThat(refused).isEqualTo(16);
        assertThat(most.get()).isEqualTo(4);
        assertThat(holding("lab")).isEqualTo(4);
        List<JournalEntry> quota = engine.journal().recent("lab", 100).stream()
                .filter(e -> e.limits().contains(io.baton.engine.journal.Limit.QUOTA)).toList();
        assertThat(quota).isNotEmpty().allMatch(e -> e.reasons().toString().contains("quota"));
    }

    @Test
    @Order(5)
    void aLoopingRuleUploadedThroughTheApiIsRolledBackAndThePreviousRulesKeepFiring() throws Exception {
        long version = engine.policies().status().version();
        HttpResponse<String> put = call("PUT", "/api/rules/loop.drl", OPS, """
                package rules.loop;
                import io.baton.engine.model.*;
                rule "A rule that keeps touching the clock"
                when
                    $c : Clock()
                then
                    update($c);
                end
                """);
        assertThat(put.statusCode()).isEqualTo(200);
        await("the rollback", () -> !engine.policies().status().lastErrors().isEmpty());
        assertThat(engine.policies().status().version()).isEqualTo(version);
        assertThat(engine.policies().status().lastErrors().get(0).message())
                .contains("rules kept firing").contains("A rule that keeps touching the clock");
        HttpResponse<String> status = call("GET", "/api/rules", OPS, null);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("rules kept firing");
        await("the upload undone on disk", () -> !Files.exists(rules.resolve("loop.drl")));

        assertThat(write("queue_depth,pool=probe value=50").statusCode()).isEqualTo(204);
        await("the previous rules to fire", () -> engine.journal().recent("probe", 10).stream()
                .anyMatch(e -> e.rule().equals("A queue deeper than 10 adds 1 node")));
        assertThat(call("GET", "/api/pools/probe", OPS, null).body()).contains("\"nodes\":0");
    }
}
