package io.baton.reports.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.rules.RuleMode;
import io.baton.engine.session.EngineSettings;
import io.baton.reports.ReportProperties;
import io.baton.testkit.influx.InfluxServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest against a real InfluxDB holding a history this test writes. Every expected decision, node-hour and
 * SLA minute is worked out here from the model (L(t), cpu = min(100, L/n), the rule's window, the guardrails, the
 * provisioning delay), never read back from the output.
 */
class BacktestTest {
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    static final String SCALE_OUT_2 = rule("CPU above 80% for 2 minutes adds 2 nodes", "covers(120), minOver(120) > 80", "Decision.scaleOut(kcontext, $pool.getName(), 2)", "");
    static final String SCALE_OUT_4 = rule("CPU above 80% for 2 minutes adds 4 nodes", "covers(120), minOver(120) > 80", "Decision.scaleOut(kcontext, $pool.getName(), 4)", "");
    static final String SCALE_IN_1 = rule("CPU below 20% for 2 minutes removes 1 node", "covers(120), maxOver(120) < 20", "Decision.scaleIn(kcontext, $pool.getName(), 1)", "nodes > min");
    /** A long cooldown, so one scale-out per test; scale-in 60 s after any scaling. */
    static final GuardrailSettings GUARDS = new GuardrailSettings(Duration.ofHours(2), Duration.ofSeconds(60), 10, false, true);
    static final BigDecimal PRICE = new BigDecimal("0.10");

    @TempDir Path tmp;
    String db;
    InfluxDB client;

    @AfterEach
    void close() {
        if (client != null) client.close();
    }

    // ---------------------------------------------------------------- the model, worked out by hand

    @Test
    void aRampScalesOutAndTheProvisioningDelayShowsInTheSlaMinutes() throws IOException {
        String from = "2026-11-01T10:00:00Z", to = "2026-11-01T10:30:00Z";
        history(ramp("web", from, 300));
        Path rules = rules("a", SCALE_OUT_2);
        // L = 2 x 50 = 100 until 300 s, then 2 x 95 = 190; with 2 nodes cpu = 95 from 300 s. minOver(120) > 80 first holds
        // at 420 s (every second of [300, 420] is 95): a scale-out of 2 at 10:07:00, RUNNING at 420 + delay.
        for (int delay : new int[] {60, 0}) {
            BacktestResult r = backtest(from, to, List.of(rules), List.of(), Duration.ofSeconds(delay), null);
            BacktestResult.PoolOutcome web = BacktestResult.pool(r.runs().get(0), "web");
            assertThat(acted(web)).containsExactly("2026-11-01T10:07:00Z scale_out 2 EXECUTED");
            assertThat(web.decisions()).filteredOn(d -> !d.outcome().equals("EXECUTED")).allMatch(d -> d.outcome().equals("SUPPRESSED"));
            long running = 420 + delay;
            // L/n = 95 > 90 from 300 s until the new nodes run (then 190 / 4 = 47.5)
            assertThat(web.slaMinutes()).isEqualByComparingTo(minutes(running - 300));
            long nodeSeconds = 2 * 1800 + 2 * (1800 - running);
            assertThat(web.nodeHours()).isEqualByComparingTo(hours(nodeSeconds));
            assertThat(web.cost()).isEqualByComparingTo(cost(nodeSeconds, PRICE));
            assertThat(web.peakNodes()).isEqualTo(4);
            assertThat(web.meanNodes()).isEqualByComparingTo(BigDecimal.valueOf(nodeSeconds).divide(BigDecimal.valueOf(1800), 3, RoundingMode.HALF_EVEN));
            assertThat(web.actions()).isEqualTo(1);
        }
        // 3 minutes with the default 60 s delay against 2 with none: the delay's minute is in the SLA figure
    }

    @Test
    void aFallScalesInOneNodeAtATimeDownToTheMinimum() throws IOException {
        String from = "2026-11-01T10:00:00Z", to = "2026-11-01T10:30:00Z";
        List<String> lines = new ArrayList<>();
        for (String n : List.of("w", "x", "y", "z")) lifecycle(lines, "batch", n, "RUNNING", "2026-11-01T08:00:00Z");
        for (long s = -30; s < 1800; s += 10) for (String n : List.of("w", "x", "y", "z")) cpu(lines, "batch", n, 4, at(from, s));
        history(lines);
        // L = 16: 4 nodes read 4, 3 read 5.3, 2 read 8, 1 reads 16, all below 20. maxOver(120) < 20 first holds at 120 s;
        // then one scale-in each time the 60 s stabilization is over: 120, 180, 240 s, down to the minimum of 1.
        BacktestResult r = backtest(from, to, List.of(rules("in", SCALE_IN_1)), List.of("batch"), Duration.ofSeconds(60), null);
        BacktestResult.PoolOutcome batch = BacktestResult.pool(r.runs().get(0), "batch");
        assertThat(acted(batch)).containsExactly("2026-11-01T10:02:00Z scale_in 1 EXECUTED", "2026-11-01T10:03:00Z scale_in 1 EXECUTED",
                "2026-11-01T10:04:00Z scale_in 1 EXECUTED");
        long nodeSeconds = 4 * 120 + 3 * 60 + 2 * 60 + (1800 - 240);
        assertThat(batch.nodeHours()).isEqualByComparingTo(hours(nodeSeconds));
        assertThat(batch.slaMinutes()).isEqualByComparingTo("0");
        assertThat(batch.peakNodes()).isEqualTo(4);
        assertThat(batch.meanNodes()).isEqualByComparingTo(BigDecimal.valueOf(nodeSeconds).divide(BigDecimal.valueOf(1800), 3, RoundingMode.HALF_EVEN));
        assertThat(batch.cost()).as("the customer's price").isEqualByComparingTo(cost(nodeSeconds, PRICE));
        assertThat(batch.actions()).isEqualTo(3);
    }

    @Test
    void twoRuleSetsRunOnTheSameInputAndTheirCostsDiffer() throws IOException {
        String from = "2026-11-01T10:00:00Z", to = "2026-11-01T10:30:00Z";
        history(ramp("web", from, 300));
        Path two = rules("two", SCALE_OUT_2), four = rules("four", SCALE_OUT_4);
        BigDecimal price = new BigDecimal("0.50");
        BacktestResult r = backtest(from, to, List.of(two, four), List.of("web"), Duration.ofSeconds(60), price);
        // both scale out at 420 s; RUNNING at 480 s: 2 more nodes against 4 more
        long a = 2 * 1800 + 2 * (1800 - 480), b = 2 * 1800 + 4 * (1800 - 480);
        BacktestResult.PoolOutcome first = BacktestResult.pool(r.run(two.toString()), "web");
        BacktestResult.PoolOutcome second = BacktestResult.pool(r.run(four.toString()), "web");
        assertThat(acted(first)).containsExactly("2026-11-01T10:07:00Z scale_out 2 EXECUTED");
        assertThat(acted(second)).containsExactly("2026-11-01T10:07:00Z scale_out 4 EXECUTED");
        assertThat(first.cost()).isEqualByComparingTo(cost(a, price));
        assertThat(second.cost()).isEqualByComparingTo(cost(b, price));
        assertThat(second.cost()).isGreaterThan(first.cost());
        assertThat(first.slaMinutes()).isEqualByComparingTo(second.slaMinutes()).isEqualByComparingTo(minutes(180));
        assertThat(second.peakNodes()).isEqualTo(6);
        String json = Files.readString(r.files().get(0));
        // the differences are those of the figures shown: the second's minus the first's
        assertThat(json).contains("\"differences\": [", "{\"pool\": \"web\", \"node_hours\": " + hours(b).subtract(hours(a)).toPlainString()
                + ", \"cost\": " + cost(b, price).subtract(cost(a, price)).toPlainString());
    }

    @Test
    void aPeriodCrossingMidnightIsOneRunAndRecordedHoursAreCutAtItsBounds() throws IOException {
        String from = "2026-11-01T23:55:00Z", to = "2026-11-02T00:10:00Z";
        List<String> lines = ramp("web", from, 180);
        lifecycle(lines, "web", "c", "REQUESTED", "2026-11-01T23:59:00Z");
        lifecycle(lines, "web", "c", "RUNNING", "2026-11-01T23:59:30Z");
        lifecycle(lines, "web", "c", "TERMINATED", "2026-11-02T00:05:00Z");
        lines.add("decision,pool=web,customer=acme,action=scale_out,outcome=EXECUTED approved=1i " + ns("2026-11-01T23:59:00Z"));
        lines.add("decision,pool=web,customer=acme,action=scale_out,outcome=SUPPRESSED approved=0i " + ns("2026-11-01T23:59:01Z"));
        history(lines);
        BacktestResult r = backtest(from, to, List.of(rules("a", SCALE_OUT_2)), List.of("web"), Duration.ofSeconds(60), null);
        BacktestResult.PoolOutcome web = BacktestResult.pool(r.runs().get(0), "web");
        // hot from 180 s (23:58): the window holds at 300 s, which is midnight; the nodes run at 00:01:00
        assertThat(acted(web)).containsExactly("2026-11-02T00:00:00Z scale_out 2 EXECUTED");
        assertThat(web.slaMinutes()).isEqualByComparingTo(minutes(360 - 180));
        assertThat(web.nodeHours()).isEqualByComparingTo(hours(2 * 900 + 2 * (900 - 360)));
        BacktestResult.Recorded rec = r.recorded().get(0);
        // a and b the whole 15 minutes, c from 23:59:30 to 00:05:00; one carried-out action
        assertThat(rec.nodeHours()).isEqualByComparingTo(hours(900 + 900 + 330));
        assertThat(rec.actions()).isEqualTo(1);
        assertThat(r.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("backtest-20261101T235500Z_20261102T001000Z.json", "backtest-20261101T235500Z_20261102T001000Z.html");
        String html = Files.readString(r.files().get(1));
        assertThat(html).contains("<svg", "<h2>web</h2>", "recorded nodes");
    }

    @Test
    void aPoolWithNoNodeAtTheStartBeginsAtItsMinimum() throws IOException {
        String from = "2026-11-01T10:00:00Z", to = "2026-11-01T10:30:00Z";
        List<String> lines = new ArrayList<>();
        // the recorded nodes x and y came up at 10:05 and read 60 each: L = 120 from 300 s
        lifecycle(lines, "lab", "x", "RUNNING", "2026-11-01T10:05:00Z");
        lifecycle(lines, "lab", "y", "RUNNING", "2026-11-01T10:05:00Z");
        for (long s = 300; s < 1800; s += 10) for (String n : List.of("x", "y")) cpu(lines, "lab", n, 60, at(from, s));
        history(lines);
        BacktestResult r = backtest(from, to, List.of(rules("a", SCALE_OUT_2)), List.of("lab"), Duration.ofSeconds(60), null);
        BacktestResult.PoolOutcome lab = BacktestResult.pool(r.runs().get(0), "lab");
        // one simulated node (the minimum) reads min(100, 120) = 100 from 300 s; the window holds at 420 s; RUNNING at 480 s
        assertThat(acted(lab)).containsExactly("2026-11-01T10:07:00Z scale_out 2 EXECUTED");
        assertThat(lab.slaMinutes()).isEqualByComparingTo(minutes(480 - 300));
        assertThat(lab.nodeHours()).isEqualByComparingTo(hours(1800 + 2 * (1800 - 480)));
        assertThat(lab.cost()).as("initech has no price").isNull();
        assertThat(r.recorded().get(0).nodeHours()).isEqualByComparingTo(hours(2 * 1500));
    }

    @Test
    void otherMetricsAreReplayedPerNodeAndPerPoolAndAReplacementKeepsTheCount() throws IOException {
        String from = "2026-11-01T10:00:00Z", to = "2026-11-01T10:30:00Z";
        List<String> lines = new ArrayList<>();
        lifecycle(lines, "web", "a", "RUNNING", "2026-10-31T08:00:00Z");
        lifecycle(lines, "web", "b", "RUNNING", "2026-10-31T08:00:00Z");
        for (long s = -30; s < 1800; s += 10) for (String n : List.of("a", "b")) cpu(lines, "web", n, 50, at(from, s));
        for (long s = 60; s < 1800; s += 10) {
            lines.add("latency_p95,pool=web,node=a value=100 " + at(from, s).toEpochMilli() * 1_000_000L);
            lines.add("latency_p95,pool=web,node=b value=900 " + at(from, s).toEpochMilli() * 1_000_000L);
        }
        for (long s = 300; s < 1800; s += 10) lines.add("queue_depth,pool=web value=500 " + at(from, s).toEpochMilli() * 1_000_000L);
        history(lines);
        Path rules = rules("replay",
                "rule \"A node whose p95 latency stays above 500 ms for 1 minute is replaced\"\nwhen\n    $node : Node(state == NodeState.RUNNING)\n"
                        + "    $pool : Pool(name == $node.pool)\n    NodeMetric(node == $node.id, metric == \"latency_p95\", covers(60), minOver(60) > 500)\n"
                        + "then\n    insert(Decision.replace(kcontext, $pool.getName(), $node.getId()));\nend\n",
                rule("A queue above 100 for 1 minute adds 1 node", "metric == \"queue_depth\", covers(60), minOver(60) > 100",
                        "Decision.scaleOut(kcontext, $pool.getName(), 1)", "").replace("metric == \"cpu\", ", ""));
        BacktestResult r = backtest(from, to, List.of(rules), List.of("web"), Duration.ofSeconds(60), null);
        BacktestResult.PoolOutcome web = BacktestResult.pool(r.runs().get(0), "web");
        // b's latency (per node, from 60 s) has covered a minute above 500 at 120 s: b is replaced, its successor RUNNING at once;
        // the queue (per pool, from 300 s) at 360 s: one node more, RUNNING at 420 s
        assertThat(acted(web)).containsExactly("2026-11-01T10:02:00Z replace_node 1 EXECUTED", "2026-11-01T10:06:00Z scale_out 1 EXECUTED");
        assertThat(web.decisions()).filteredOn(d -> d.action().equals("replace_node")).first().extracting(BacktestResult.Decision::node).isEqualTo("b");
        // a all along; b until 120 s; b's successor from 120 s; the new node from 420 s
        long nodeSeconds = 1800 + 120 + (1800 - 120) + (1800 - 420);
        assertThat(web.nodeHours()).isEqualByComparingTo(hours(nodeSeconds));
        assertThat(web.peakNodes()).isEqualTo(3);
        assertThat(web.actions()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void badInputGetsAClearMessageAndRunsNothing() throws IOException {
        history(ramp("web", "2026-11-01T10:00:00Z", 300));
        Path good = rules("a", SCALE_OUT_2);
        assertThatThrownBy(() -> backtest("2026-11-01T10:30:00Z", "2026-11-01T10:00:00Z", List.of(good), List.of(), null, null))
                .isInstanceOf(BacktestException.class).hasMessageContaining("--to (2026-11-01T10:00:00Z) must be after --from");
        assertThatThrownBy(() -> backtest("2026-10-01T10:00:00Z", "2026-10-01T11:00:00Z", List.of(good), List.of(), null, null))
                .isInstanceOf(BacktestException.class).hasMessageContaining("no data: no cpu reading of pools web, batch, lab");
        assertThatThrownBy(() -> backtest("2026-11-01T10:00:00Z", "2026-11-01T10:30:00Z", List.of(good), List.of("nope"), null, null))
                .isInstanceOf(BacktestException.class).hasMessage("unknown pool nope (configured: web, batch, lab)");
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        // the pattern opened on line 5 is never closed: the parser takes "then" into it and stops at "end", line 7
        Files.writeString(bad.resolve("broken.drl"), "package rules.bt;\n\nrule \"x\"\nwhen\n    Pool(\nthen\nend\n");
        assertThatThrownBy(() -> backtest("2026-11-01T10:00:00Z", "2026-11-01T10:30:00Z", List.of(good, bad), List.of(), null, null))
                .isInstanceOf(BacktestException.class).hasMessageContaining("the rules do not compile")
                .satisfies(e -> assertThat(((BacktestException) e).details()).first().asString().startsWith(bad.resolve("broken.drl") + ":7: "));
    }

    // ---------------------------------------------------------------- helpers

    /** Nodes a and b of {@code pool} RUNNING since before the period, reading 50 every 10 s, then 95 from {@code hotAt} seconds. */
    static List<String> ramp(String pool, String from, long hotAt) {
        List<String> lines = new ArrayList<>();
        lifecycle(lines, pool, "a", "RUNNING", "2026-10-31T08:00:00Z");
        lifecycle(lines, pool, "b", "RUNNING", "2026-10-31T08:00:00Z");
        for (long s = -60; s < 3600; s += 10) {
            for (String n : List.of("a", "b")) cpu(lines, pool, n, s < hotAt ? 50 : 95, at(from, s));
        }
        return lines;
    }

    BacktestResult backtest(String from, String to, List<Path> rules, List<String> pools, Duration delay, BigDecimal price) {
        BacktestRequest req = new BacktestRequest(Instant.parse(from), Instant.parse(to), rules, pools, delay, 90, price, tmp.resolve("out"));
        return new Backtest(config(), client).run(req, Progress.NONE);
    }

    BacktestConfig config() {
        List<PoolSpec> pools = List.of(
                new PoolSpec("web", "acme", "shop", "nginx", "local", 2, 10, 2, GUARDS, Map.of()),
                new PoolSpec("batch", "acme", "jobs", "java", "local", 1, 10, 1, GUARDS, Map.of()),
                new PoolSpec("lab", "initech", "lab", "jupyter", "local", 1, 10, 1, GUARDS, Map.of()));
        Map<String, ReportProperties.Price> prices = Map.of("acme", new ReportProperties.Price(PRICE, null, "EUR"));
        return new BacktestConfig(pools, c -> Long.MAX_VALUE, prices, EngineSettings.defaults(), RuleMode.DRL, influx.url(), db, db + "_records");
    }

    void history(List<String> lines) {
        db = influx.newDatabase();
        influx.createDatabase(db + "_records");
        client = InfluxDBFactory.connect(influx.url());
        List<String> metrics = lines.stream().filter(l -> !l.startsWith("node_lifecycle,") && !l.startsWith("decision,")).toList();
        List<String> records = lines.stream().filter(l -> l.startsWith("node_lifecycle,") || l.startsWith("decision,")).toList();
        if (!metrics.isEmpty()) influx.writeWithPrecision(db, "n", metrics.toArray(String[]::new));
        if (!records.isEmpty()) influx.writeWithPrecision(db + "_records", "n", records.toArray(String[]::new));
    }

    Path rules(String name, String... drl) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("rules.drl"), "package rules.bt;\n\nimport io.baton.engine.model.*;\n\n" + String.join("\n", drl));
        return dir;
    }

    static String rule(String name, String window, String decision, String pool) {
        return "rule \"" + name + "\"\nwhen\n    $pool : Pool(" + pool + ")\n    PoolMetric(pool == $pool.name, metric == \"cpu\", " + window
                + ")\nthen\n    insert(" + decision + ");\nend\n";
    }

    static List<String> acted(BacktestResult.PoolOutcome p) {
        return p.decisions().stream().filter(d -> d.outcome().equals("EXECUTED") || d.outcome().equals("CLAMPED"))
                .map(d -> d.time() + " " + d.action() + " " + d.amount() + " " + d.outcome()).toList();
    }

    static void lifecycle(List<String> lines, String pool, String node, String state, String at) {
        String customer = pool.equals("lab") ? "initech" : "acme";
        lines.add("node_lifecycle,customer=" + customer + ",service=s,software=x,pool=" + pool + ",node=" + node + " state=\"" + state
                + "\",cores=1i,decision=\"d\" " + ns(at));
    }

    static void cpu(List<String> lines, String pool, String node, double value, Instant at) {
        lines.add("cpu,pool=" + pool + ",node=" + node + " value=" + value + " " + at.toEpochMilli() * 1_000_000L);
    }

    static Instant at(String from, long seconds) { return Instant.parse(from).plusSeconds(seconds); }

    static long ns(String at) { return Instant.parse(at).toEpochMilli() * 1_000_000L; }

    static BigDecimal hours(long seconds) { return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_EVEN); }

    /** Node-seconds at a price per node-hour, to 6 decimals as the reports round. */
    static BigDecimal cost(long seconds, BigDecimal perHour) {
        return BigDecimal.valueOf(seconds).multiply(perHour).divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_EVEN);
    }

    static BigDecimal minutes(long seconds) { return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 4, RoundingMode.HALF_EVEN); }
}
