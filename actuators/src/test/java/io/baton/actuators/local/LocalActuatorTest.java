package io.baton.actuators.local;

import static io.baton.actuators.local.LocalFixture.decision;
import static io.baton.engine.model.NodeState.DRAINING;
import static io.baton.engine.model.NodeState.FAILED;
import static io.baton.engine.model.NodeState.REQUESTED;
import static io.baton.engine.model.NodeState.RUNNING;
import static io.baton.engine.model.NodeState.STARTING;
import static io.baton.engine.model.NodeState.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.lifecycle.RecordingListener;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.Node;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Provisioning, draining, deprovisioning, duplicates, retries and dry-run with real node processes. */
class LocalActuatorTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalFixture fx;
    private RecordingListener events;

    @BeforeEach void setUp() throws Exception {
        fx = new LocalFixture();
        events = new RecordingListener();
    }

    @AfterEach void tearDown() throws Exception {
        fx.close();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test void provisionsRealNodesThenDeprovisionsTheNewest() throws Exception {
        LocalActuator a = fx.actuator(events);
        assertThat(a.ready(fx.pool)).isTrue();
        a.apply(fx.pool, decision("d-out", DecisionKind.SCALE_OUT, 2, null));
        assertThat(events.count(REQUESTED)).as("REQUESTED is published before apply returns").isEqualTo(2);
        assertThat(events.events()).allMatch(e -> e.decision().equals("d-out") && e.cores() == 2 && e.customer().equals("acme"));

        events.awaitCount(RUNNING, 2, WAIT);
        List<NodeInfo> nodes = a.nodes(fx.pool);
        assertThat(nodes).hasSize(2).allMatch(n -> n.state() == RUNNING && n.pid() > 0 && n.address().startsWith("127.0.0.1:"));
        for (NodeInfo n : nodes) {
            assertThat(get("http://" + n.address() + "/health").body()).contains("\"id\":\"" + n.id() + "\"");
            assertThat(ProcessHandle.of(n.pid())).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
        }
        assertThat(fx.processes()).hasSize(2);
        assertThat(a.status(fx.pool)).extracting(Node::getState).containsOnly(RUNNING);

        String newest = nodes.stream().max(java.util.Comparator.comparingLong(NodeInfo::since)).orElseThrow().id();
        a.apply(fx.pool, decision("d-in", DecisionKind.SCALE_IN, 1, null));
        events.awaitCount(TERMINATED, 1, WAIT);
        assertThat(events.nodesIn(TERMINATED)).containsExactly(newest);
        assertThat(events.states(newest)).containsExactly(REQUESTED, STARTING, RUNNING, DRAINING, TERMINATED);
        assertThat(fx.processes()).hasSize(1);
        assertThat(a.status(fx.pool)).hasSize(1);
        a.terminateAll(10_000);
        assertThat(a.ready(fx.pool)).as("not ready once shutting down").isFalse();
        assertThat(fx.processes()).isEmpty();
        NodeInfo gone = nodes.stream().filter(n -> n.id().equals(newest)).findFirst().orElseThrow();
        ProcessHandle.of(gone.pid()).ifPresent(h -> assertThat(h.isAlive()).isFalse());
    }

    @Test void drainWaitsForTheInFlightRequest() throws Exception {
        LocalActuator a = fx.actuator(events);
        a.apply(fx.pool, decision("d1", DecisionKind.SCALE_OUT, 1, null));
        events.awaitCount(RUNNING, 1, WAIT);
        NodeInfo node = a.nodes(fx.pool).get(0);
        CompletableFuture<Long> done = CompletableFuture.supplyAsync(() -> {
            try {
                int code = get("http://" + node.address() + "/work?ms=1500").statusCode();
                return code == 200 ? System.currentTimeMillis() : -code;
            } catch (Exception e) {
                return -1L;
            }
        });
        long deadline = System.currentTimeMillis() + 5000;
        while (!get("http://" + node.address() + "/health").body().contains("\"inflight\":1") && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        a.apply(fx.pool, decision("d2", DecisionKind.SCALE_IN, 1, null));
        assertThat(events.states(node.id())).last().isEqualTo(DRAINING);
        events.awaitCount(TERMINATED, 1, WAIT);
        long finished = done.get();
        assertThat(finished).as("the in-flight /work request completed with 200").isPositive();
        LifecycleEvent terminated = events.events().stream().filter(e -> e.state() == TERMINATED).findFirst().orElseThrow();
        assertThat(terminated.time()).as("TERMINATED only after the request finished").isGreaterThanOrEqualTo(finished - 5);
        assertThat(fx.processes()).isEmpty();
    }

    @Test void aDuplicatedDecisionProvisionsOnce() throws Exception {
        LocalActuator a = fx.actuator(events);
        var d = decision("dup-1", DecisionKind.SCALE_OUT, 1, null);
        CompletableFuture<?> other = CompletableFuture.runAsync(() -> a.apply(fx.pool, d));
        a.apply(fx.pool, d);
        other.get();
        a.apply(fx.pool, d);
        events.awaitCount(RUNNING, 1, WAIT);
        assertThat(events.count(REQUESTED)).isEqualTo(1);
        assertThat(fx.processes()).hasSize(1);

        RecordingListener later = new RecordingListener();
        LocalActuator restarted = fx.actuator(later);
        a.abandon();
        restarted.apply(fx.pool, d);
        assertThat(later.count(REQUESTED)).as("the ledger survives a restart").isZero();
        assertThat(restarted.status(fx.pool)).hasSize(1);
        assertThat(fx.processes()).hasSize(1);
    }

    @Test void theFrontRoutesToRunningNodesOnly() throws Exception {
        LocalActuator a = fx.actuator(events);
        try (Front front = new Front(0, a::running)) {
            assertThat(get("http://127.0.0.1:" + front.port() + "/work?ms=1").statusCode()).isEqualTo(503);
            a.apply(fx.pool, decision("f1", DecisionKind.SCALE_OUT, 2, null));
            events.awaitCount(RUNNING, 2, WAIT);
            Set<String> served = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> r = get("http://127.0.0.1:" + front.port() + "/work?ms=1&pool=web");
                assertThat(r.statusCode()).isEqualTo(200);
                served.add(r.headers().firstValue("X-Baton-Node").orElseThrow());
            }
            assertThat(served).containsExactlyInAnyOrderElementsOf(events.nodesIn(RUNNING));
            assertThat(get("http://127.0.0.1:" + front.port() + "/nodes").body()).contains(events.nodesIn(RUNNING).get(0));

            a.apply(fx.pool, decision("f2", DecisionKind.SCALE_IN, 1, null));
            String draining = events.nodesIn(DRAINING).get(0);
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> r = get("http://127.0.0.1:" + front.port() + "/work?ms=1");
                assertThat(r.headers().firstValue("X-Baton-Node")).isPresent().get().isNotEqualTo(draining);
            }
            events.awaitCount(TERMINATED, 1, WAIT);
        }
    }

    @Test void aNodeThatNeverGetsHealthyFailsAndIsRetriedWithinBounds() throws Exception {
        LocalActuator a = fx.actuator(events, s -> s.withStartTimeout(Duration.ofMillis(1)).withAttempts(2, Duration.ofMillis(10)));
        a.apply(fx.pool, decision("bad", DecisionKind.SCALE_OUT, 1, null));
        events.awaitCount(FAILED, 2, WAIT);
        assertThat(events.count(REQUESTED)).isEqualTo(2);
        for (String id : events.nodesIn(REQUESTED)) assertThat(events.states(id)).containsExactly(REQUESTED, STARTING, FAILED);
        assertThat(a.startFailures(fx.pool)).isEqualTo(2);
        assertThat(a.status(fx.pool)).isEmpty();
        long deadline = System.currentTimeMillis() + 5000;
        while (!fx.processes().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertThat(fx.processes()).as("failed starts leave no process").isEmpty();
        assertThat(events.count(REQUESTED)).as("no third attempt").isEqualTo(2);
    }

    @Test void dryRunRecordsAndDoesNothing() throws Exception {
        LocalActuator a = fx.actuator(events, s -> s.withDryRun(true));
        assertThat(a.ready(fx.pool)).isTrue();
        a.apply(fx.pool, decision("dry", DecisionKind.SCALE_OUT, 3, null));
        a.apply(fx.pool, decision("dry", DecisionKind.SCALE_OUT, 3, null));
        assertThat(a.dryRunActions(fx.pool)).singleElement().asString().contains("scale_out", "by 3", "dry");
        assertThat(events.events()).isEmpty();
        assertThat(fx.processes()).isEmpty();
    }
}
