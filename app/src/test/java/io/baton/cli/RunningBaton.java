package io.baton.cli;

import io.baton.actuators.local.LocalActuator;
import io.baton.app.BatonApplication;
import io.baton.app.engine.EngineService;
import io.baton.app.fixture.Launch;
import io.baton.testkit.influx.InfluxServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        Path rules = Launch.shippedRules("cli-rules");
        Files.writeString(rules.resolve("queue.drl"), Launch.queueRule("queue", "lab"));
        r.add("baton.rules.dir", rules::toString);
        Path data = Files.createTempDirectory("cli-data");
        r.add("baton.local.data-dir", data::toString);
        Launch.localPorts(r, Launch.nodePortBase(), "shop-web");
        Launch.influx(r, influx, "cli", data.resolve("spool"));
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

    List<String> running(String pool) { return Launch.running(local, engine, pool); }

    long holding(String pool) { return Launch.holding(local, engine, pool); }

    static void await(String what, BooleanSupplier condition) throws InterruptedException { Launch.await(what, condition); }
}
