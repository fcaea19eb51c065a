package io.baton.actuators.command;

import static io.baton.engine.model.NodeState.DRAINING;
import static io.baton.engine.model.NodeState.FAILED;
import static io.baton.engine.model.NodeState.REQUESTED;
import static io.baton.engine.model.NodeState.RUNNING;
import static io.baton.engine.model.NodeState.STARTING;
import static io.baton.engine.model.NodeState.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.baton.actuators.env.ChildEnvironment;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.lifecycle.RecordingListener;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command actuator with real {@code sh -c} commands and a real JDK HTTP server as the webhook. */
class CommandActuatorTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final Pool pool = new Pool("batch", "acme", "etl", "spark", 0, 10, 4);
    private final RecordingListener events = new RecordingListener();
    private CommandActuator actuator;
    private HttpServer server;
    @TempDir Path dir;

    @AfterEach void tearDown() {
        if (actuator != null) actuator.close();
        if (server != null) server.stop(0);
    }

    private CommandActuator actuator(CommandSettings s) {
        actuator = new CommandActuator(List.of(pool), name -> s, LifecyclePublisher.of(events), Clock.systemUTC());
        return actuator;
    }

    private static Decision decision(String id, DecisionKind kind, int amount, String node) {
        return new Decision(id, kind, "batch", amount, node, "test", List.of(), "test");
    }

    private void awaitFinal(int n) {
        events.await(l -> l.count(RUNNING) + l.count(FAILED) + l.count(TERMINATED) >= n, WAIT, n + " outcomes");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "echo ok                                       | RUNNING | 1 | ",
            "echo disk full >&2; exit 3                     | FAILED  | 2 | exited with 3: disk full",
            "sleep 5                                        | FAILED  | 2 | timed out after PT0.3S"})
    void provisionOutcomes(String command, NodeState outcome, int attempts, String failure) throws Exception {
        Path count = dir.resolve("attempts");
        String counted = "echo x >> " + count + "; " + command;
        actuator(new CommandSettings(counted, "true", null, null, null, Duration.ofMillis(300), 2, Duration.ofMillis(10), false));
        actuator.apply(pool, decision("p1", DecisionKind.SCALE_OUT, 1, null));
        assertThat(events.count(REQUESTED)).as("REQUESTED before apply returns").isEqualTo(1);
        awaitFinal(1);
        String node = events.nodesIn(REQUESTED).get(0);
        assertThat(events.states(node)).containsExactly(REQUESTED, STARTING, outcome);
        assertThat(Files.readAllLines(count)).as("attempts").hasSize(attempts);
        if (failure == null) assertThat(actuator.failures(pool)).isEmpty();
        else assertThat(actuator.failures(pool)).singleElement().asString().contains(failure);
    }

    @Test void theDecisionReachesTheCommandAsEnvAndJsonAndDeprovisionTerminates() throws Exception {
        Path env = dir.resolve("env");
        Path stdin = dir.resolve("stdin.json");
        actuator(new CommandSettings("env | grep ^BATON_ | sort > " + env + "; cat > " + stdin + "; echo \"$BATON_NODES 10.1.1.1\"",
                "echo gone", null, null, null, Duration.ofSeconds(10), 1, Duration.ofMillis(10), false));
        actuator.apply(pool, decision("p2", DecisionKind.SCALE_OUT, 1, null));
        actuator.apply(pool, decision("p2", DecisionKind.SCALE_OUT, 1, null));
        awaitFinal(1);
        String node = events.nodesIn(REQUESTED).get(0);
        assertThat(events.count(REQUESTED)).as("a duplicate decision runs once").isEqualTo(1);
        assertThat(Files.readString(env)).contains("BATON_ACTION=provision", "BATON_DECISION_ID=p2", "BATON_EPOCH=1", "BATON_POOL=batch",
                "BATON_NODES=" + node, "BATON_CORES=4", "BATON_CUSTOMER=acme");
        assertThat(Files.readString(stdin)).contains("\"action\":\"provision\"", "\"epoch\":1", "\"id\":\"p2\"", "\"nodes\":[\"" + node + "\"]");
        assertThat(actuator.nodes(pool)).singleElement().satisfies(n -> assertThat(n.address()).isEqualTo("10.1.1.1"));

        events.await(l -> actuator.ready(pool), WAIT, "ready again");
        actuator.apply(pool, decision("d2", DecisionKind.SCALE_IN, 1, null));
        events.awaitCount(TERMINATED, 1, WAIT);
        assertThat(events.states(node)).containsExactly(REQUESTED, STARTING, RUNNING, DRAINING, TERMINATED);
    }

    @Test void aCommandGetsOnlyTheAllowListAndItsDecisionNeverTheParentsTokens() throws Exception {
        Path env = dir.resolve("env");
        Map<String, String> parent = Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString(), "TZ", "UTC",
                "BATON_INGEST_TOKEN", "ingest-secret-123456", "BATON_OPS_TOKEN", "ops-secret-123456",
                "AWS_SECRET_ACCESS_KEY", "aws-secret", "AWS_PROFILE", "ops", "JAVA_TOOL_OPTIONS", "-Dx=y");
        CommandSettings s = new CommandSettings("env > " + env, "true", null, null, null, Duration.ofSeconds(10), 1,
                Duration.ofMillis(10), false, List.of("AWS_PROFILE"));
        actuator = new CommandActuator(List.of(pool), name -> s, LifecyclePublisher.of(events), Clock.systemUTC(), new ChildEnvironment(parent));
        actuator.apply(pool, decision("e1", DecisionKind.SCALE_OUT, 1, null));
        awaitFinal(1);
        String node = events.nodesIn(REQUESTED).get(0);
        Map<String, String> seen = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(env)) {
            int eq = line.indexOf('=');
            if (eq > 0) seen.put(line.substring(0, eq), line.substring(eq + 1));
        }
        for (String shellOwn : List.of("PWD", "OLDPWD", "SHLVL", "_")) seen.remove(shellOwn); // set by sh itself
        assertThat(seen).isEqualTo(new java.util.TreeMap<>(Map.ofEntries(
                Map.entry("PATH", System.getenv("PATH")), Map.entry("HOME", dir.toString()), Map.entry("TZ", "UTC"),
                Map.entry("AWS_PROFILE", "ops"),
                Map.entry("BATON_ACTION", "provision"), Map.entry("BATON_DECISION_ID", "e1"), Map.entry("BATON_EPOCH", "1"),
                Map.entry("BATON_DECISION_KIND", "SCALE_OUT"),
                Map.entry("BATON_POOL", "batch"), Map.entry("BATON_AMOUNT", "1"), Map.entry("BATON_NODE", ""),
                Map.entry("BATON_NODES", node), Map.entry("BATON_CUSTOMER", "acme"), Map.entry("BATON_SERVICE", "etl"),
                Map.entry("BATON_SOFTWARE", "spark"), Map.entry("BATON_CORES", "4"))));
        assertThat(Files.readString(env)).doesNotContain("secret");
    }

    @Test void aReplacementWithoutAReplaceCommandProvisionsThenDeprovisions() throws Exception {
        Path log = dir.resolve("log");
        actuator(new CommandSettings("echo \"provision $BATON_NODES\" >> " + log, "echo \"deprovision $BATON_NODES\" >> " + log,
                null, null, null, Duration.ofSeconds(10), 1, Duration.ofMillis(10), false));
        actuator.apply(pool, decision("p3", DecisionKind.SCALE_OUT, 1, null));
        events.awaitCount(RUNNING, 1, WAIT);
        String old = events.nodesIn(RUNNING).get(0);
        events.await(l -> actuator.ready(pool), WAIT, "ready again");
        actuator.apply(pool, decision("r3", DecisionKind.REPLACE_NODE, 1, old));
        events.awaitCount(TERMINATED, 1, WAIT);
        String fresh = events.nodesIn(RUNNING).get(1);
        assertThat(events.events().stream().filter(e -> e.decision().equals("r3")).map(e -> (e.node().equals(old) ? "old " : "new ") + e.state()))
                .containsExactly("new REQUESTED", "new STARTING", "new RUNNING", "old DRAINING", "old TERMINATED");
        assertThat(Files.readAllLines(log)).containsExactly("provision " + old, "provision " + fresh, "deprovision " + old);
    }

    @Test void notReadyWhileAnActionOfThePoolRuns() throws Exception {
        Path go = dir.resolve("go");
        actuator(new CommandSettings("while [ ! -f " + go + " ]; do sleep 0.02; done", "true", null, null, null,
                Duration.ofSeconds(10), 1, Duration.ofMillis(10), false));
        assertThat(actuator.ready(pool)).isTrue();
        actuator.apply(pool, decision("slow", DecisionKind.SCALE_OUT, 1, null));
        assertThat(actuator.ready(pool)).isFalse();
        Files.writeString(go, "");
        events.awaitCount(RUNNING, 1, WAIT);
        events.await(l -> actuator.ready(pool), WAIT, "ready again");
    }

    @ParameterizedTest(name = "webhook answering {0} -> {1} after {2} call(s)")
    @CsvSource({
            "200, RUNNING, 1",
            "500, FAILED,  3",
            "400, FAILED,  1"})
    void webhook(int status, NodeState outcome, int calls) throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger hits = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", ex -> {
            hits.incrementAndGet();
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] reply = (status == 200 ? "ok" : "backend says no").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        actuator(new CommandSettings(null, null, null, null, url, Duration.ofSeconds(5), 3, Duration.ofMillis(10), false));
        actuator.apply(pool, decision("w1", DecisionKind.SCALE_OUT, 1, null));
        awaitFinal(1);
        assertThat(events.states(events.nodesIn(REQUESTED).get(0))).containsExactly(REQUESTED, STARTING, outcome);
        assertThat(hits.get()).isEqualTo(calls);
        assertThat(bodies.get(0)).contains("\"action\":\"provision\"", "\"id\":\"w1\"", "\"customer\":\"acme\"");
        if (status != 200) assertThat(actuator.failures(pool)).singleElement().asString().contains("answered " + status, "backend says no");
    }

    @Test void aWebhookThatDoesNotAnswerInTimeFailsTheNodeAndSaysSo() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/slow", ex -> {
            hits.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow");
        actuator(new CommandSettings(null, null, null, null, url, Duration.ofMillis(300), 2, Duration.ofMillis(10), false));
        actuator.apply(pool, decision("slow", DecisionKind.SCALE_OUT, 1, null));
        awaitFinal(1);
        assertThat(events.states(events.nodesIn(REQUESTED).get(0))).containsExactly(REQUESTED, STARTING, FAILED);
        assertThat(hits.get()).as("two counted attempts, and no POST sent again by the HTTP client").isEqualTo(2);
        assertThat(actuator.failures(pool)).singleElement().asString().contains("timed out after PT0.3S");
    }

    @Test void dryRunRunsNothing() throws Exception {
        Path marker = dir.resolve("ran");
        actuator(new CommandSettings("touch " + marker, "true", null, null, null, null, 1, null, true));
        actuator.apply(pool, decision("dry", DecisionKind.SCALE_OUT, 2, null));
        assertThat(actuator.dryRunActions(pool)).singleElement().asString().contains("would run scale_out", "by 2");
        assertThat(events.events()).isEmpty();
        assertThat(actuator.ready(pool)).as("no action was started").isTrue();
        assertThat(marker).doesNotExist();
    }

    @Test void theStatusCommandIsTheTruth() {
        actuator(new CommandSettings("true", "true", null, "printf 'vm-1 RUNNING 10.0.0.1\\nvm-2 STARTING\\n'", null,
                Duration.ofSeconds(5), 1, null, false));
        assertThat(actuator.nodes(pool)).extracting(n -> n.id() + " " + n.state() + " " + n.address())
                .containsExactly("vm-1 RUNNING 10.0.0.1", "vm-2 STARTING ");
        assertThat(events.states("vm-1")).containsExactly(RUNNING);
    }
}
