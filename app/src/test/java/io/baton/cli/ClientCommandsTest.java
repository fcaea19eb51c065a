package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.app.BatonApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Each client command against a running Baton ({@link RunningBaton}), with its output and exit code. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientCommandsTest extends RunningBaton {

    @Test
    @Order(1)
    void poolsPrintsATableOfThePoolsTheTokenMaySee() {
        Run ops = cli(OPS, "pools");
        assertThat(ops.exit()).as(ops.err()).isZero();
        List<String> lines = ops.out().lines().toList();
        assertThat(lines.get(0)).matches("POOL +CUSTOMER +NODES/MIN/MAX +CPU +HEALING");
        // no samples were sent, so no CPU is known; nothing is unhealthy, so healing is active
        assertThat(lines).anyMatch(l -> l.matches("shop-web +acme +0/0/6 +- +active"));
        assertThat(lines).anyMatch(l -> l.matches("lab +uni +0/0/5 +- +active"));
        assertThat(lines).hasSize(3);

        Run acme = cli(ACME, "pools");
        assertThat(acme.exit()).isZero();
        assertThat(acme.out()).contains("shop-web").doesNotContain("lab").doesNotContain("uni");
    }

    @Test
    @Order(2)
    void jsonPrintsTheApisJson() {
        Run r = cli(OPS, "pools", "--json");
        assertThat(r.exit()).isZero();
        List<Object> pools = Json.array(Json.parse(r.out()));
        assertThat(pools).hasSize(2);
        Map<String, Object> shop = pools.stream().map(Json::object).filter(p -> "shop-web".equals(p.get("name"))).findFirst().orElseThrow();
        assertThat(shop).containsEntry("customer", "acme").containsEntry("min", 0L).containsEntry("max", 6L)
                .containsEntry("actuator", "local").containsEntry("healingPaused", false);
    }

    @Test
    @Order(3)
    void scaleWaitStartsTheNewNodesAndWaitsUntilTheyRun() throws Exception {
        Run r = cli(ACME, "scale", "shop-web", "+2", "--wait", "--timeout", "120");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("SCALE-OUT shop-web +2  EXECUTED").contains(", +2 approved")
                .contains("quota: the customer holds 2 of its 3 nodes");
        assertThat(r.out()).containsPattern("\\[ *\\d+\\.\\ds\\] done: 2 of 2 new nodes RUNNING");
        List<String> running = running("shop-web");
        assertThat(running).hasSize(2);
        String done = r.out().lines().filter(l -> l.contains("done:")).findFirst().orElseThrow();
        for (String id : running) assertThat(done).contains(id);

        Run nodes = cli(OPS, "nodes", "shop-web");
        assertThat(nodes.exit()).isZero();
        assertThat(nodes.out()).startsWith("pool shop-web (customer acme): 2 nodes, min 0, max 6");
        for (NodeInfo n : local.nodes(engine.pool("shop-web"))) {
            assertThat(nodes.out()).containsPattern(n.id() + " +RUNNING +" + java.util.regex.Pattern.quote(n.address()) + " +" + n.pid() + " +\\d+s");
        }
    }

    @Test
    @Order(4)
    void overQuotaIsRefusedWithExit3AndTheQuotaNamed() {
        // acme holds 2 of its 3 nodes, so 2 more do not fit and the request is refused whole
        Run r = cli(ACME, "scale", "shop-web", "+2");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("refused: over quota: customer acme may hold 3 nodes, holds 2, asked for 2 more");
        assertThat(holding("shop-web")).isEqualTo(2);

        Run json = cli(ACME, "scale", "shop-web", "+2", "--json");
        assertThat(json.exit()).isEqualTo(3);
        assertThat(Json.object(Json.parse(json.out()))).containsEntry("status", 409L);
    }

    @Test
    @Order(5)
    void aScaleInWaitsUntilTheRemovedNodeIsGone() throws Exception {
        Run r = cli(OPS, "scale", "shop-web", "-1", "--wait", "--timeout", "120");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("SCALE-IN shop-web -1  EXECUTED").contains(", -1 approved").contains("done: capacity 1, going to 1");
        assertThat(holding("shop-web")).isEqualTo(1);
        assertThat(running("shop-web")).hasSize(1);
    }

    @Test
    @Order(6)
    void aDryRunPoolAnswersWithTheDecisionAndNothingToWaitFor() {
        Run r = cli(UNI, "scale", "lab", "=3", "--wait");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("SET-CAPACITY lab =3  DRY_RUN").contains("a change of 3 nodes approved").contains("because: dry-run")
                .contains("quota: the customer holds 0 of its 4 nodes").contains("nothing to wait for");
    }

    @Test
    @Order(7)
    void decisionsFiltersByPoolAndLimits() {
        Run lab = cli(OPS, "decisions", "--pool", "lab");
        assertThat(lab.exit()).as(lab.err()).isZero();
        List<String> lines = lab.out().lines().toList();
        assertThat(lines.get(0)).matches("TIME +POOL +ACTION +OUTCOME +BY +REASONS");
        assertThat(lines).hasSize(2);
        // a capacity of 3 for an empty pool is journaled as the change it makes: 3 more nodes
        assertThat(lines.get(1)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +lab +scale_out \\+3 +DRY_RUN +uni \\(planned request\\) +dry-run");

        Run shop = cli(OPS, "decisions", "--pool", "shop-web");
        assertThat(shop.out()).doesNotContain(" lab ");
        // oldest first: the scale-out, the two refusals (a person's requests are never folded together), the scale-in
        List<String> rows = shop.out().lines().skip(1).toList();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).contains("scale_out +2").contains("EXECUTED").contains("acme (planned request)");
        for (String refused : rows.subList(1, 3)) {
            assertThat(refused).contains("scale_out +2").contains("SUPPRESSED").endsWith("quota: customer acme may hold 3 nodes, holds 2, asked for 2 more");
        }
        assertThat(rows.get(3)).contains("scale_in -1").contains("EXECUTED").contains("ops (planned request)");

        Run last = cli(OPS, "decisions", "--pool", "shop-web", "--limit", "1", "--json");
        List<Object> entries = Json.array(Json.parse(last.out()));
        assertThat(entries).hasSize(1);
        assertThat(Json.object(entries.get(0))).containsEntry("pool", "shop-web").containsEntry("action", "scale_in");

        Run forbidden = cli(ACME, "decisions", "--pool", "lab");
        assertThat(forbidden.exit()).isEqualTo(4);
        assertThat(forbidden.err()).contains("pool lab belongs to another customer");
    }

    @Test
    @Order(8)
    void decisionsFollowPrintsNewDecisionsAsTheyCome() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Map<String, String> env = Map.of("BATON_URL", "http://127.0.0.1:" + port, "BATON_TOKEN", OPS);
        Thread follow = new Thread(() -> exit.set(Cli.run(new String[] {"decisions", "--pool", "lab", "--follow"}, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))));
        follow.start();
        try {
            await("the first page", () -> out.toString(StandardCharsets.UTF_8).contains("scale_out +3"));
            assertThat(cli(UNI, "scale", "lab", "+1").exit()).isZero();
            await("the planned request", () -> out.toString(StandardCharsets.UTF_8).contains("scale_out +1"));
            // a rule that keeps matching in a dry-run pool is folded into one entry, which --follow prints again with its count
            assertThat(write("queue_depth,pool=lab value=50")).isEqualTo(204);
            await("the rule's decision", () -> out.toString(StandardCharsets.UTF_8).contains("rule \"A queue deeper than 10 adds 1 node\""));
            assertThat(write("queue_depth,pool=lab value=60")).isEqualTo(204);
            await("the rule's repeat", () -> out.toString(StandardCharsets.UTF_8).contains("dry-run (×"));
        } finally {
            follow.interrupt();
            follow.join(10_000);
        }
        assertThat(exit.get()).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).matches("TIME +POOL +ACTION +OUTCOME +BY +REASONS");
        assertThat(lines.get(1)).contains("lab").contains("scale_out +3").contains("DRY_RUN").contains("uni (planned request)").endsWith("dry-run");
        assertThat(lines.get(2)).contains("lab").contains("scale_out +1").contains("DRY_RUN").contains("uni (planned request)").endsWith("dry-run");
        List<String> ruled = lines.stream().filter(l -> l.contains("rule \"A queue deeper than 10 adds 1 node\"")).toList();
        assertThat(ruled).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines.subList(3, lines.size())).isEqualTo(ruled);
        // the same entry (same time, pool, action, outcome, rule), printed again each time its count grew
        String entry = ruled.get(0).replaceAll(" dry-run( \\(×\\d+\\))?$", "");
        assertThat(entry).contains("lab").contains("scale_out +1").contains("DRY_RUN");
        long previous = 0;
        for (String l : ruled) {
            assertThat(l).startsWith(entry).matches(".* dry-run( \\(×\\d+\\))?");
            long count = l.endsWith(")") ? Long.parseLong(l.replaceAll(".*\\(×(\\d+)\\)$", "$1")) : 1;
            assertThat(count).isGreaterThan(previous);
            previous = count;
        }
    }

    @Test
    @Order(8)
    void followWithJsonPrintsOneJsonEntryALine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Map<String, String> env = Map.of("BATON_URL", "http://127.0.0.1:" + port, "BATON_TOKEN", OPS);
        Thread follow = new Thread(() -> exit.set(Cli.run(new String[] {"decisions", "--pool", "shop-web", "--limit", "2", "--follow", "--json"}, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))));
        follow.start();
        try {
            await("the two newest entries", () -> out.toString(StandardCharsets.UTF_8).lines().count() == 2);
        } finally {
            follow.interrupt();
            follow.join(10_000);
        }
        assertThat(exit.get()).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        // oldest first: the second refusal, then the scale-in
        assertThat(Json.object(Json.parse(lines.get(0)))).containsEntry("pool", "shop-web").containsEntry("outcome", "SUPPRESSED");
        assertThat(Json.object(Json.parse(lines.get(1)))).containsEntry("pool", "shop-web").containsEntry("action", "scale_in")
                .containsEntry("requester", "ops");
    }

    int write(String lines) throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/write?db=x")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(lines)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    @Order(9)
    void aWrongTokenIsExit4() {
        Run wrong = cli("not-a-token", "pools");
        assertThat(wrong.exit()).isEqualTo(4);
        assertThat(wrong.err()).contains("unauthorized").contains("the token was not accepted");
        Run none = cli(Map.of("BATON_URL", "http://127.0.0.1:" + port), "pools");
        assertThat(none.exit()).isEqualTo(4);
        assertThat(none.err()).contains("no token given: set --token or BATON_TOKEN");
        Run others = cli(ACME, "nodes", "lab");
        assertThat(others.exit()).isEqualTo(4);
        // --token wins over BATON_TOKEN
        assertThat(cli("not-a-token", "pools", "--token", OPS).exit()).isZero();
    }

    @Test
    @Order(10)
    void anUnreachableServerIsExit5() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run r = cli(Map.of("BATON_TOKEN", OPS), "pools", "--server", "http://127.0.0.1:" + closed);
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).contains("cannot reach the Baton server at http://127.0.0.1:" + closed);
    }

    @Test
    @Order(11)
    void badUsageIsExit2() {
        List<String[]> bad = new ArrayList<>();
        bad.add(new String[] {"scale", "shop-web", "6"});
        bad.add(new String[] {"scale", "shop-web"});
        bad.add(new String[] {"scale", "shop-web", "+1", "--timeout", "5"});
        bad.add(new String[] {"decisions", "--limit", "lots"});
        bad.add(new String[] {"decisions", "--limit", "0"});
        bad.add(new String[] {"pools", "--frobnicate"});
        bad.add(new String[] {"nodes"});
        bad.add(new String[] {"nodes", "no-such-pool"});
        bad.add(new String[] {"pools", "--server", "ftp://example"});
        for (String[] args : bad) {
            Run r = cli(OPS, args);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("baton: ");
        }
        assertThat(cli(OPS, "nodes", "no-such-pool").err()).contains("no pool named no-such-pool");
        assertThat(cli(OPS, "scale", "shop-web", "6").err()).contains("+N to add nodes, -N to remove nodes or =N");
        assertThat(holding("shop-web")).isEqualTo(1);
    }

    @Test
    @Order(12)
    void theServiceMainRunsACommandWithoutStartingSpring() throws Exception {
        Path outFile = Files.createTempFile("cli-out", ".txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BatonApplication.class.getName(),
                "pools", "--server", "http://127.0.0.1:" + port, "--token", OPS)
                .redirectErrorStream(true).redirectOutput(outFile.toFile()).start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(outFile);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("POOL").contains("shop-web").contains("1/0/6")
                .doesNotContain("Spring").doesNotContain("Starting BatonApplication");
    }
}
