package io.baton.actuators.local;

import static io.baton.actuators.local.LocalFixture.decision;
import static io.baton.engine.model.NodeState.RUNNING;
import static io.baton.engine.model.NodeState.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.baton.actuators.env.ChildEnvironment;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.lifecycle.RecordingListener;
import io.baton.actuators.local.Adoption.Refusal;
import io.baton.actuators.node.NodeServer;
import io.baton.engine.model.DecisionKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Strict adoption with real processes: look-alikes of a node (no secret, a wrong secret, a bad id, a
 * port outside the range, another user) are never adopted nor touched, and the real nodes still are.
 */
class LocalAdoptionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<Process> handMade = new ArrayList<>();
    private LocalFixture fx;

    @BeforeEach void setUp() throws Exception {
        fx = new LocalFixture();
    }

    @AfterEach void tearDown() throws Exception {
        for (Process p : handMade) {
            p.destroyForcibly();
            p.onExit().join();
        }
        fx.close();
    }

    /** Two real nodes, started by a first Baton that then stops without a trace (state file gone). */
    private List<NodeInfo> twoOrphans() throws Exception {
        RecordingListener first = new RecordingListener();
        LocalActuator a = fx.actuator(first);
        a.apply(fx.pool, decision("grow", DecisionKind.SCALE_OUT, 2, null));
        first.awaitCount(RUNNING, 2, WAIT);
        List<NodeInfo> nodes = a.nodes(fx.pool);
        a.abandon();
        Files.delete(fx.dataDir.resolve("nodes").resolve("web.json"));
        return nodes;
    }

    private String secret() throws Exception {
        return Files.readString(fx.dataDir.resolve(NodeSecret.FILE)).strip();
    }

    private List<String> marks(String id, String port) {
        return List.of(NodeServer.class.getName(), "--port", port, "--id", id, "--pool", "web", "--cores", "1", "--owner", fx.dataDir.toString());
    }

    /** A real node JVM started by hand, with exactly {@code env}; returns once it answers /health. */
    private Process nodeByHand(Map<String, String> env, String id, int port) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-XX:TieredStopAtLevel=1", "-cp", NodeClasspath.resolve()));
        cmd.addAll(marks(id, String.valueOf(port)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        handMade.add(p);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return p;
            } catch (java.io.IOException e) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("hand-made node " + id + " did not start");
    }

    /** A process that only looks like a node: {@code sh} sleeping, with a node's marks as its arguments. */
    private Process lookAlike(String id, String port) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "sleep 120; true"));
        cmd.addAll(marks(id, port));
        Process p = new ProcessBuilder(cmd).start();
        handMade.add(p);
        // sh forks for the sleep: until the child has exec'd it carries sh's arguments, marks included, and
        // a scan would rightly refuse it too; wait for the sleep so the test counts only the look-alike
        long deadline = System.currentTimeMillis() + 10_000;
        while (p.children().noneMatch(c -> c.info().command().filter(x -> x.endsWith("/sleep")).isPresent())) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("look-alike " + id + " did not start its sleep");
            Thread.sleep(5);
        }
        return p;
    }

    private static ListAppender<ILoggingEvent> warnings() {
        ListAppender<ILoggingEvent> list = new ListAppender<>();
        list.start();
        ((Logger) LoggerFactory.getLogger(LocalPool.class)).addAppender(list);
        return list;
    }

    @Test void lookAlikesAreNeitherAdoptedNorTouchedAndTheRealNodesStillAre() throws Exception {
        List<NodeInfo> real = twoOrphans();
        int top = fx.portStart + fx.settings().portCount() - 1;
        Process noSecret = nodeByHand(Map.of("PATH", System.getenv("PATH")), "web-nosecret", top);
        Process wrongSecret = nodeByHand(Map.of(NodeServer.SECRET_ENV, "0".repeat(64)), "web-wrongsecret", top - 1);
        Process outside = nodeByHand(Map.of(NodeServer.SECRET_ENV, secret()), "web-outside", fx.portStart - 1);
        Process badId = lookAlike("../../etc", String.valueOf(top - 2));
        Process badPort = lookAlike("web-farport", "99999");
        Process noPort = lookAlike("web-noport", "80a");
        ListAppender<ILoggingEvent> log = warnings();

        RecordingListener second = new RecordingListener();
        LocalActuator b = fx.actuator(second);
        assertThat(b.ready(fx.pool)).isTrue();
        second.awaitCount(RUNNING, 2, WAIT);
        assertThat(b.reconcile()).as("a second pass changes nothing").isZero();

        Map<String, Long> adopted = new TreeMap<>();
        for (NodeInfo n : b.nodes(fx.pool)) adopted.put(n.id() + " " + n.state(), n.pid());
        Map<String, Long> expected = new TreeMap<>();
        for (NodeInfo n : real) expected.put(n.id() + " RUNNING", n.pid());
        assertThat(adopted).isEqualTo(expected);
        assertThat(second.events()).extracting(e -> e.node() + " " + e.state()).containsExactlyInAnyOrderElementsOf(expected.keySet());

        assertThat(b.refused(fx.pool)).isEqualTo(Map.of(
                noSecret.pid(), Refusal.NO_SECRET,
                wrongSecret.pid(), Refusal.NO_SECRET,
                outside.pid(), Refusal.BAD_PORT,
                badId.pid(), Refusal.BAD_ID,
                badPort.pid(), Refusal.BAD_PORT,
                noPort.pid(), Refusal.BAD_PORT));
        assertThat(List.of(noSecret, wrongSecret, outside, badId, badPort, noPort)).as("left alone").allMatch(Process::isAlive);

        Map<Long, Long> warnedPerPid = new HashMap<>();
        for (ILoggingEvent e : log.list) {
            if (e.getLevel() == Level.WARN && e.getFormattedMessage().contains("not adopted")) {
                long pid = Long.parseLong(e.getFormattedMessage().split("process ")[1].split(" ")[0]);
                warnedPerPid.merge(pid, 1L, Long::sum);
            }
        }
        assertThat(warnedPerPid).as("one warning per refused pid over two passes").isEqualTo(Map.of(
                noSecret.pid(), 1L, wrongSecret.pid(), 1L, outside.pid(), 1L, badId.pid(), 1L, badPort.pid(), 1L, noPort.pid(), 1L));
    }

    @Test void aForgedProcessWithAKnownNodesIdIsNotMistakenForIt() throws Exception {
        RecordingListener first = new RecordingListener();
        LocalActuator a = fx.actuator(first);
        a.apply(fx.pool, decision("one", DecisionKind.SCALE_OUT, 1, null));
        first.awaitCount(RUNNING, 1, WAIT);
        NodeInfo node = a.nodes(fx.pool).get(0);
        a.abandon();
        LocalFixture.kill9(node.pid());
        ProcessHandle.of(node.pid()).ifPresent(h -> h.onExit().join());
        int port = Integer.parseInt(node.address().substring(node.address().lastIndexOf(':') + 1));
        Process forged = nodeByHand(Map.of(), node.id(), port);

        RecordingListener second = new RecordingListener();
        LocalActuator b = fx.actuator(second);
        assertThat(b.status(fx.pool)).as("the real node is gone").isEmpty();
        assertThat(second.states(node.id())).containsExactly(TERMINATED);
        assertThat(b.refused(fx.pool)).isEqualTo(Map.of(forged.pid(), Refusal.NO_SECRET));
        Thread.sleep(200);
        assertThat(forged.isAlive()).as("Baton never kills a process it cannot prove is its own").isTrue();
    }

    @Test void nodesOfAnotherUserAreNotAdopted() throws Exception {
        List<NodeInfo> real = twoOrphans();
        int other = NodeProcesses.currentUid() + 1;
        RecordingListener events = new RecordingListener();
        LocalActuator stranger = new LocalActuator(fx.dataDir, List.of(fx.pool), name -> fx.settings(), LifecyclePublisher.of(events),
                Clock.systemUTC(), new NodeProcesses(fx.dataDir, ChildEnvironment.system(), other));
        try {
            assertThat(stranger.status(fx.pool)).isEmpty();
            assertThat(stranger.refused(fx.pool)).isEqualTo(Map.of(real.get(0).pid(), Refusal.WRONG_USER, real.get(1).pid(), Refusal.WRONG_USER));
            assertThat(events.events()).isEmpty();
            assertThat(real).allMatch(n -> ProcessHandle.of(n.pid()).map(ProcessHandle::isAlive).orElse(false));
        } finally {
            stranger.abandon();
        }
        RecordingListener ours = new RecordingListener();
        LocalActuator b = fx.actuator(ours);
        assertThat(b.ready(fx.pool)).isTrue();
        ours.awaitCount(RUNNING, 2, WAIT);
        assertThat(b.nodes(fx.pool)).extracting(NodeInfo::pid).containsExactlyInAnyOrderElementsOf(real.stream().map(NodeInfo::pid).toList());
    }

    @Test void aNodeJvmGetsOnlyTheAllowListAndTheSecretNeverTheParentsTokens() throws Exception {
        Map<String, String> parent = Map.of("PATH", "/usr/bin:/bin", "HOME", fx.dataDir.toString(), "LANG", "C.UTF-8",
                "BATON_INGEST_TOKEN", "ingest-secret-123456", "BATON_OPS_TOKEN", "ops-secret-123456",
                "AWS_SECRET_ACCESS_KEY", "aws-secret", "JAVA_TOOL_OPTIONS", "-Dleak=1", "BATON_NODE_SECRET", "parent-value");
        RecordingListener events = new RecordingListener();
        LocalActuator a = new LocalActuator(fx.dataDir, List.of(fx.pool), name -> fx.settings(), LifecyclePublisher.of(events),
                Clock.systemUTC(), new ChildEnvironment(parent));
        try {
            a.apply(fx.pool, decision("env", DecisionKind.SCALE_OUT, 1, null));
            events.awaitCount(RUNNING, 1, WAIT);
            long pid = a.nodes(fx.pool).get(0).pid();
            Map<String, String> environ = new TreeMap<>();
            for (String entry : new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ")), StandardCharsets.UTF_8).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) environ.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
            assertThat(environ).isEqualTo(new TreeMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", fx.dataDir.toString(), "LANG", "C.UTF-8",
                    "BATON_NODE_SECRET", secret())));
            assertThat(secret()).matches("[0-9a-f]{64}");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.dataDir.resolve(NodeSecret.FILE)))).isEqualTo("rw-------");
        } finally {
            a.terminateAll(10_000);
            a.abandon();
        }
    }

    @Test void healthCountsOnlyWithTheProofOfThisDataDirsSecret() throws Exception {
        NodeProcesses procs = new NodeProcesses(fx.dataDir);
        String ours = procs.secret().value();
        int top = fx.portStart + fx.settings().portCount() - 1;
        nodeByHand(Map.of(NodeServer.SECRET_ENV, ours), "web-ours", top);
        nodeByHand(Map.of(), "web-none", top - 1);
        nodeByHand(Map.of(NodeServer.SECRET_ENV, "f".repeat(64)), "web-other", top - 2);
        assertThat(procs.healthy("127.0.0.1:" + top)).isTrue();
        assertThat(procs.healthy("127.0.0.1:" + (top - 1))).as("no secret: no proof").isFalse();
        assertThat(procs.healthy("127.0.0.1:" + (top - 2))).as("another data dir's secret").isFalse();

        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + top + "/health?nonce=abc")).build(),
                HttpResponse.BodyHandlers.discarding());
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(ours.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(r.headers().firstValue("X-Baton-Proof")).contains(java.util.HexFormat.of().formatHex(mac.doFinal("abc".getBytes(StandardCharsets.UTF_8))));
    }

    @Test void aBadIdNeverNamesAFileOutsideTheDataDir() throws Exception {
        Path outside = fx.dataDir.resolve("victim.log");
        Files.writeString(outside, "keep me");
        new NodeProcesses(fx.dataDir).forgetLog("web", "../../victim");
        assertThat(outside).hasContent("keep me");
    }
}
