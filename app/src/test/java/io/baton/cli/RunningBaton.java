package io.baton.cli;

import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.local.LocalActuator;
import io.baton.app.BatonApplication;
import io.baton.app.engine.EngineService;
import io.baton.engine.model.NodeState;
import io.baton.testkit.influx.InfluxServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running Baton for the client commands: real HTTP, real local node processes, a real InfluxDB.
 * acme's {@code shop-web} is a local pool (quota 3); the university's {@code lab} runs in dry-run, with
 * one extra rule that scales it on a deep queue.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "baton.security.ops-token=" + RunningBaton.OPS,
        "baton.customers.acme.token=" + RunningBaton.ACME,
        "baton.customers.acme.quota=3",
        "baton.customers.uni.token=" + RunningBaton.UNI,
        "baton.customers.uni.quota=4",
        "baton.pools.shop-web.customer=acme",
        "baton.pools.shop-web.actuator=local",
        "baton.pools.shop-web.min=0",
        "baton.pools.shop-web.max=6",
        "baton.pools.lab.customer=uni",
        "baton.pools.lab.min=0",
        "baton.pools.lab.max=5",
        "baton.pools.lab.guardrails.dry-run=true",
        "baton.scrape.enabled=false",
        "baton.influx.flush-interval=50ms",
        "spring.datasource.url=jdbc:h2:mem:cli;DB_CLOSE_DELAY=-1",
})
abstract class RunningBaton {
    static final String OPS = "ops-cli-token-000001";
    static final String ACME = "acme-cli-token-00001";
    static final String UNI = "uni-cli-token-000001";
    @RegisterExtension
    static InfluxServer influx = InfluxServer.perClass();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        Path rules = Files.createTempDirectory("cli-rules");
        try (var files = Files.list(Path.of("../rules"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, rules.resolve(f.getFileName()));
        }
        Files.writeString(rules.resolve("queue.drl"), """
                package rules.queue;
                import io.baton.engine.model.*;
                rule "A queue deeper than 10 adds 1 node"
                when
                    $pool : Pool(name == "lab")
                    PoolMetric(pool == $pool.name, metric == "queue_depth", value > 10)
                then
                    insert(Decision.scaleOut(kcontext, $pool.getName(), 1));
                end
                """);
        r.add("baton.rules.dir", rules::toString);
        Path data = Files.createTempDirectory("cli-data");
        int base = 20000 + ThreadLocalRandom.current().nextInt(120) * 100; // below the ephemeral port range
        r.add("baton.local.data-dir", data::toString);
        r.add("baton.pools.shop-web.local.port-start", () -> base);
        r.add("baton.pools.shop-web.local.port-count", () -> 20);
        r.add("baton.influx.url", influx::url);
        r.add("baton.influx.database", () -> "cli");
        r.add("baton.influx.spool-dir", () -> data.resolve("spool").toString());
    }

    @LocalServerPort int port;
    @Autowired EngineService engine;
    @Autowired LocalActuator local;

    @AfterAll
    static void stopNodes(@Autowired LocalActuator local) {
        local.terminateAll(10_000);
    }

    /** One run of a client command: its exit code and what it printed. */
    record Run(int exit, String out, String err) { }

    Run cli(String token, String... args) {
        return cli(Map.of("BATON_URL", "http://127.0.0.1:" + port, "BATON_TOKEN", token), args);
    }

    static Run cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> running(String pool) {
        return local.nodes(engine.pool(pool)).stream().filter(n -> n.state() == NodeState.RUNNING).map(NodeInfo::id).sorted().toList();
    }

    long holding(String pool) {
        return local.nodes(engine.pool(pool)).stream().filter(n -> n.state().countsAsCapacity()).count();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }
}
