package io.baton.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.app.BatonApplication;
import io.baton.app.engine.EngineService;
import io.baton.app.fixture.Launch;
import io.baton.testkit.influx.InfluxServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running Baton for the console's browser tests: real local node processes, a real InfluxDB, two customers
 * (acme with pool shop, university with pool physics-lab), OPS and BILLING tokens, the shipped rules plus one of
 * our own in a directory of their own (the editor writes there), and one Chromium for the class.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "baton.security.ops-token=" + ConsoleFixture.OPS,
        "baton.security.billing-token=" + ConsoleFixture.BILLING,
        "baton.customers.acme.token=" + ConsoleFixture.ACME,
        "baton.customers.acme.quota=3",
        "baton.customers.university.token=" + ConsoleFixture.UNIVERSITY,
        "baton.customers.university.quota=4",
        "baton.pools.shop.customer=acme",
        "baton.pools.shop.service=webshop",
        "baton.pools.shop.software=nginx:1.27",
        "baton.pools.shop.min=1",
        "baton.pools.shop.max=4",
        "baton.pools.shop.guardrails.scale-out-cooldown=0s",
        "baton.pools.physics-lab.customer=university",
        "baton.pools.physics-lab.service=teaching-lab",
        "baton.pools.physics-lab.software=jupyter:4.2",
        "baton.pools.physics-lab.min=0",
        "baton.pools.physics-lab.max=3",
        "baton.scrape.enabled=false",
        "baton.reports.enabled=false",
        "baton.influx.flush-interval=50ms",
        "spring.datasource.url=jdbc:h2:mem:console;DB_CLOSE_DELAY=-1",
})
abstract class ConsoleFixture {
    static final String OPS = "ops-console-token-0001";
    static final String BILLING = "billing-console-token-1";
    static final String ACME = "acme-console-token-001";
    static final String UNIVERSITY = "university-console-tok";
    /** A rule of our own, limited to pool shop: its threshold (queue_depth > 10) is drawn on the pool's chart. */
    static final String QUEUE_RULE = Launch.queueRule("console", "shop");
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    static Path rules;
    static Path data;
    static Browser browser;
    @LocalServerPort int port;
    @Autowired EngineService engine;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        rules = Launch.shippedRulesTree("console-rules"); // with the scenarios and their folders
        Files.writeString(rules.resolve("queue.drl"), QUEUE_RULE);
        data = Files.createTempDirectory("console-data");
        r.add("baton.rules.dir", rules::toString);
        r.add("baton.local.data-dir", data::toString);
        Launch.localPorts(r, Launch.nodePortBase(), "shop", "physics-lab");
        Launch.influx(r, influx, "console", data.resolve("spool"));
        r.add("baton.reports.out-dir", () -> data.resolve("reports").toString());
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.close();
    }

    Browser browser() throws IOException {
        if (browser == null) browser = new Browser("http://127.0.0.1:" + port, data.resolve("chromium"));
        return browser;
    }

    Api api() {
        return new Api("http://127.0.0.1:" + port);
    }

    static String lifecycle(String customer, String pool, String service, String software, String node, String state, String at) {
        return "node_lifecycle,customer=" + customer + ",node=" + node + ",pool=" + pool + ",service=" + service + ",software=" + software
                + " cores=1i,decision=\"d\",state=\"" + state + "\" " + Instant.parse(at).toEpochMilli();
    }

    /** The node-hours of a report CSV summed per customer (its cells hold no comma here: plain names, no tags). */
    static Map<String, BigDecimal> nodeHoursByCustomer(List<String> lines) {
        List<String> header = List.of(lines.get(0).split(","));
        Map<String, BigDecimal> out = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            out.merge(cells[header.indexOf("customer")], new BigDecimal(cells[header.indexOf("node_hours")]), BigDecimal::add);
        }
        return out;
    }

    /** The last 3 minutes of a moderate load, through line-protocol ingest: CPU 40-55% per node, a queue of 3-5 (below its rule's 10). */
    void reportLoad(String pool) throws Exception {
        long now = System.currentTimeMillis();
        StringBuilder lines = new StringBuilder();
        List<String> nodes = engine.pools().stream().filter(p -> p.name().equals(pool)).flatMap(p -> p.members().stream()).map(n -> n.id()).toList();
        for (int i = 12; i >= 0; i--) {
            long t = now - i * 15_000L;
            for (String node : nodes) lines.append("cpu,pool=").append(pool).append(",node=").append(node).append(" value=").append(40 + i % 4 * 5).append(' ').append(t).append('\n');
            lines.append("queue_depth,pool=").append(pool).append(" value=").append(3 + i % 3).append(' ').append(t).append('\n');
        }
        Api.Answer a = api().call("POST", "/write?db=console&precision=ms", null, lines.toString());
        assertThat(a.status()).as(a.body()).isEqualTo(204);
    }

    void awaitCapacity(String pool, int nodes) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (engine.pools().stream().filter(p -> p.name().equals(pool)).flatMap(p -> p.members().stream())
                .filter(n -> n.state().equals("RUNNING")).count() != nodes) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError(pool + " never had " + nodes + " running nodes: " + engine.pools());
            Thread.sleep(100);
        }
    }
}
