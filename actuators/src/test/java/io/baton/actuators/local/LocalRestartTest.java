package io.baton.actuators.local;

import static io.baton.actuators.local.LocalFixture.decision;
import static io.baton.engine.model.NodeState.REQUESTED;
import static io.baton.engine.model.NodeState.RUNNING;
import static io.baton.engine.model.NodeState.STARTING;
import static io.baton.engine.model.NodeState.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.lifecycle.RecordingListener;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * "Baton" restarts (a new actuator over the same data dir) at various points of a provisioning: no
 * node leaks, none is doubled, and the two instances' events together tell each node's story once.
 */
class LocalRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private LocalFixture fx;

    @BeforeEach void setUp() throws Exception {
        fx = new LocalFixture();
    }

    @AfterEach void tearDown() throws Exception {
        fx.close();
    }

    @ParameterizedTest(name = "restart after {1} x {0}")
    @CsvSource({
            "REQUESTED, 2",
            "STARTING,  1",
            "STARTING,  2",
            "RUNNING,   1",
            "RUNNING,   2"})
    void aRestartInTheMiddleOfProvisioningLeaksAndDoublesNothing(NodeState reached, int count) throws Exception {
        RecordingListener first = new RecordingListener();
        LocalActuator a = fx.actuator(first);
        a.apply(fx.pool, decision("grow", DecisionKind.SCALE_OUT, 2, null));
        first.awaitCount(reached, count, WAIT);
        a.abandon();

        RecordingListener second = new RecordingListener();
        LocalActuator b = fx.actuator(second);
        assertThat(b.ready(fx.pool)).isTrue();
        b.apply(fx.pool, decision("grow", DecisionKind.SCALE_OUT, 2, null));
        // a node's book entry turns RUNNING just before its event goes out (events leave after the book's lock): wait for both
        second.await(l -> b.nodes(fx.pool).stream().filter(n -> n.state() == RUNNING).count() == 2
                && Stream.concat(first.events().stream(), second.events().stream()).filter(e -> e.state() == RUNNING).count() == 2,
                WAIT, "2 running nodes, published");

        List<LifecycleEvent> all = new ArrayList<>(first.events());
        all.addAll(second.events());
        Set<String> ids = all.stream().map(LifecycleEvent::node).collect(Collectors.toSet());
        assertThat(ids).hasSize(2);
        for (String id : ids) {
            assertThat(all.stream().filter(e -> e.node().equals(id)).map(LifecycleEvent::state))
                    .as("node %s, once each", id).containsExactly(REQUESTED, STARTING, RUNNING);
        }
        assertThat(fx.processes()).as("exactly the two nodes run").hasSize(2);
        assertThat(fx.processes().values().stream().map(NodeProcess::id).collect(Collectors.toSet())).isEqualTo(ids);
        assertThat(second.count(REQUESTED)).as("the retried decision is not applied again").isZero();
    }

    @ParameterizedTest(name = "restart once the new node is {0}")
    @CsvSource({"REQUESTED", "STARTING", "RUNNING"})
    void aRestartInTheMiddleOfAReplacementFinishesIt(NodeState reached) throws Exception {
        RecordingListener first = new RecordingListener();
        LocalActuator a = fx.actuator(first);
        a.apply(fx.pool, decision("one", DecisionKind.SCALE_OUT, 1, null));
        first.awaitCount(RUNNING, 1, WAIT);
        String old = first.nodesIn(RUNNING).get(0);
        a.apply(fx.pool, decision("swap", DecisionKind.REPLACE_NODE, 1, old));
        first.await(l -> l.events().stream().anyMatch(e -> !e.node().equals(old) && e.state() == reached), WAIT, "new node " + reached);
        a.abandon();

        RecordingListener second = new RecordingListener();
        LocalActuator b = fx.actuator(second);
        assertThat(b.ready(fx.pool)).isTrue();
        second.await(l -> l.states(old).contains(TERMINATED) || first.states(old).contains(TERMINATED), WAIT, "old node terminated");
        List<LifecycleEvent> all = new ArrayList<>(first.events());
        all.addAll(second.events());
        String fresh = all.stream().map(LifecycleEvent::node).filter(id -> !id.equals(old)).findFirst().orElseThrow();
        assertThat(all.stream().filter(e -> e.node().equals(fresh)).map(LifecycleEvent::state)).containsExactly(REQUESTED, STARTING, RUNNING);
        assertThat(all.stream().filter(e -> e.node().equals(old)).map(LifecycleEvent::state))
                .containsExactly(REQUESTED, STARTING, RUNNING, NodeState.DRAINING, TERMINATED);
        assertThat(all.stream().filter(e -> e.node().equals(old) && e.state() == NodeState.DRAINING).findFirst().orElseThrow().decision())
                .isEqualTo("swap");
        assertThat(fx.processes().values().stream().map(NodeProcess::id).toList()).containsExactly(fresh);
    }

    @Test void aNodeThatVanishedWhileBatonWasDownIsTerminated() throws Exception {
        RecordingListener first = new RecordingListener();
        LocalActuator a = fx.actuator(first);
        a.apply(fx.pool, decision("one", DecisionKind.SCALE_OUT, 1, null));
        first.awaitCount(RUNNING, 1, WAIT);
        NodeInfo node = a.nodes(fx.pool).get(0);
        a.abandon();
        LocalFixture.kill9(node.pid());
        ProcessHandle.of(node.pid()).ifPresent(h -> h.onExit().join());

        RecordingListener second = new RecordingListener();
        LocalActuator b = fx.actuator(second);
        assertThat(b.status(fx.pool)).isEmpty();
        assertThat(second.events()).singleElement().satisfies(e -> {
            assertThat(e.node()).isEqualTo(node.id());
            assertThat(e.state()).isEqualTo(TERMINATED);
        });
    }

    @Test void aTransitionPersistedButNotPublishedIsPublishedAfterTheRestartAtItsOwnTime() throws Exception {
        Files.createDirectories(fx.dataDir.resolve("nodes"));
        Files.writeString(fx.dataDir.resolve("nodes").resolve("web.json"), """
                {"nodes":[{"id":"web-aaaaa","pool":"web","state":"RUNNING","address":"127.0.0.1:1","pid":-1,"decision":"d0","since":1234}],
                 "decisions":["d0"],"unpublished":"web-aaaaa"}""");
        RecordingListener second = new RecordingListener();
        LocalActuator b = fx.actuator(second);
        assertThat(b.status(fx.pool)).isEmpty();
        assertThat(second.events()).extracting(LifecycleEvent::node, LifecycleEvent::state, LifecycleEvent::decision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web-aaaaa", RUNNING, "d0"),
                        org.assertj.core.groups.Tuple.tuple("web-aaaaa", TERMINATED, ""));
        assertThat(second.events().get(0).time()).isEqualTo(1234);
        b.apply(fx.pool, decision("d0", DecisionKind.SCALE_OUT, 1, null));
        assertThat(second.count(REQUESTED)).as("d0 is in the stored ledger").isZero();
    }

    @Test void everyEventPersistedButNotPublishedIsPublishedAfterTheRestartInOrder() throws Exception {
        Files.createDirectories(fx.dataDir.resolve("nodes"));
        Files.writeString(fx.dataDir.resolve("nodes").resolve("web.json"), """
                {"nodes":[{"id":"web-bbbbb","pool":"web","state":"RUNNING","address":"127.0.0.1:1","pid":-1,"decision":"d1","since":2000}],
                 "decisions":["d1"],
                 "pending":[{"id":"web-bbbbb","pool":"web","state":"STARTING","address":"127.0.0.1:1","pid":-1,"decision":"d1","since":1500},
                            {"id":"web-bbbbb","pool":"web","state":"RUNNING","address":"127.0.0.1:1","pid":-1,"decision":"d1","since":2000}]}""");
        RecordingListener second = new RecordingListener();
        LocalActuator b = fx.actuator(second);
        assertThat(b.status(fx.pool)).isEmpty();
        assertThat(second.events()).extracting(LifecycleEvent::state, LifecycleEvent::time)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(STARTING, 1500L), org.assertj.core.groups.Tuple.tuple(RUNNING, 2000L),
                        org.assertj.core.groups.Tuple.tuple(TERMINATED, second.events().get(2).time()));
        assertThat(Files.readString(fx.dataDir.resolve("nodes").resolve("web.json"))).as("nothing left pending").contains("\"pending\":[]");
    }

    @Test void aCorruptStateFileIsAClearErrorAndIsLeftAlone() throws Exception {
        Files.createDirectories(fx.dataDir.resolve("nodes"));
        Files.writeString(fx.dataDir.resolve("nodes").resolve("web.json"), "{not json");
        LocalActuator b = fx.actuator(new RecordingListener());
        assertThat(b.ready(fx.pool)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.status(fx.pool)).hasMessageContaining("web.json is not valid");
        assertThat(Files.readString(fx.dataDir.resolve("nodes").resolve("web.json"))).isEqualTo("{not json");
    }

    @Test void aPeriodicPassAdoptsANodeProcessThatAppearsOnceItIsHealthy() throws Exception {
        RecordingListener events = new RecordingListener();
        LocalActuator a = fx.actuator(events);
        assertThat(a.status(fx.pool)).isEmpty();
        int port = fx.freePortInRange();
        ProcessHandle stray = new NodeProcesses(fx.dataDir).launch("web", "web-fffff", port, 1, LocalSettings.DEFAULT_JVM);
        assertThat(a.reconcile()).isEqualTo(1);
        events.awaitCount(RUNNING, 1, WAIT);
        assertThat(events.states("web-fffff")).containsExactly(RUNNING);
        assertThat(a.nodes(fx.pool)).singleElement().satisfies(n -> {
            assertThat(n.pid()).isEqualTo(stray.pid());
            assertThat(n.address()).isEqualTo("127.0.0.1:" + port);
        });
        assertThat(a.reconcile()).as("a second pass changes nothing").isZero();
    }

    @Test void anOrphanProcessUnknownToTheStateFileIsAdopted() throws Exception {
        RecordingListener first = new RecordingListener();
        LocalActuator a = fx.actuator(first);
        a.apply(fx.pool, decision("one", DecisionKind.SCALE_OUT, 1, null));
        first.awaitCount(RUNNING, 1, WAIT);
        NodeInfo node = a.nodes(fx.pool).get(0);
        a.abandon();
        Files.delete(fx.dataDir.resolve("nodes").resolve("web.json"));

        RecordingListener second = new RecordingListener();
        LocalActuator b = fx.actuator(second);
        assertThat(b.nodes(fx.pool)).singleElement().satisfies(n -> {
            assertThat(n.id()).isEqualTo(node.id());
            assertThat(n.pid()).isEqualTo(node.pid());
            assertThat(n.state()).isEqualTo(RUNNING);
        });
        assertThat(second.states(node.id())).containsExactly(RUNNING);
        assertThat(fx.processes()).hasSize(1);

        LocalFixture.kill9(node.pid());
        second.awaitCount(NodeState.FAILED, 1, WAIT);
        assertThat(second.states(node.id())).as("an adopted node's crash is seen too").containsExactly(RUNNING, NodeState.FAILED);
        assertThat(b.crashes(fx.pool)).isEqualTo(1);
    }
}
