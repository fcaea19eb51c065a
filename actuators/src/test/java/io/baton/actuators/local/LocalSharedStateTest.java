package io.baton.actuators.local;

import static io.baton.actuators.local.LocalFixture.decision;
import static io.baton.engine.model.NodeState.REQUESTED;
import static io.baton.engine.model.NodeState.RUNNING;
import static io.baton.engine.model.NodeState.STARTING;
import static io.baton.engine.model.NodeState.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.actuators.ha.SharedStateDouble;
import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.lifecycle.RecordingListener;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.port.StaleEpochException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two local actuators over one data dir and one shared state, as two replicas on one host would run
 * them, with real node processes: the state goes to the shared document, a new leader loads it and
 * adopts the running nodes, a follower leaves them running, and a stale leader writes nothing.
 */
class LocalSharedStateTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private LocalFixture fx;

    @BeforeEach void setUp() throws Exception {
        fx = new LocalFixture();
    }

    @AfterEach void tearDown() throws Exception {
        fx.close();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test void aStateFileOfABatonFromBeforeTheSharedStateIsImportedAndItsNodesAdopted() throws Exception {
        RecordingListener old = new RecordingListener();
        LocalActuator before = fx.actuator(old); // an upgrade: the state file of the former version
        before.apply(fx.pool, decision("grow", DecisionKind.SCALE_OUT, 1, null));
        old.await(l -> l.count(RUNNING) == 1, WAIT, "1 running node");
        NodeInfo node = before.nodes(fx.pool).get(0);
        before.abandon(); // the old version stops, its node keeps running
        assertThat(fx.dataDir.resolve("nodes").resolve("web.json")).exists();

        SharedStateDouble db = new SharedStateDouble(1);
        SharedStateDouble.Replica r = db.replica(1);
        RecordingListener events = new RecordingListener();
        LocalActuator after = fx.actuator(events, r, r::epoch);
        assertThat(after.nodes(fx.pool)).as("the node of the state file, adopted").extracting(NodeInfo::id, NodeInfo::state, NodeInfo::pid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(node.id(), RUNNING, node.pid()));
        assertThat(alive(node.pid())).isTrue();
        after.apply(fx.pool, decision("grow", DecisionKind.SCALE_OUT, 1, null));
        assertThat(after.nodes(fx.pool)).as("the imported ledger knows decision grow: nothing started twice").hasSize(1);
        after.apply(fx.pool, decision("more", DecisionKind.SCALE_OUT, 1, null));
        events.await(l -> l.count(RUNNING) == 1, WAIT, "the next node running");
        assertThat(r.read("node-book", "web")).as("from now on the book is the shared document").contains("\"id\":\"" + node.id() + "\"");
    }

    @Test void theStateGoesToTheSharedStateAndTheNextLeaderAdoptsItsNodes() throws Exception {
        SharedStateDouble db = new SharedStateDouble(1);
        SharedStateDouble.Replica ra = db.replica(1);
        SharedStateDouble.Replica rb = db.replica(0);
        RecordingListener ea = new RecordingListener();
        LocalActuator a = fx.actuator(ea, ra, ra::epoch);
        a.apply(fx.pool, decision("grow", DecisionKind.SCALE_OUT, 1, null));
        // the book is written before each event goes out, and again once it is out: wait for the last write
        ea.await(l -> l.count(RUNNING) == 1 && ra.read("node-book", "web").contains("\"pending\":[]"), WAIT, "1 running node, published");
        NodeInfo node = a.nodes(fx.pool).get(0);
        assertThat(fx.dataDir.resolve("nodes").resolve("web.json")).as("no state file: the state is shared").doesNotExist();
        assertThat(ra.read("node-book", "web")).contains("\"id\":\"" + node.id() + "\"", "\"state\":\"RUNNING\"",
                "\"pid\":" + node.pid(), "\"decisions\":[\"grow\"]", "\"pending\":[]");

        RecordingListener eb = new RecordingListener();
        LocalActuator b = fx.actuator(eb, rb, rb::epoch);
        assertThat(b.ready(fx.pool)).as("a follower is not ready").isFalse();
        assertThat(b.nodes(fx.pool)).as("a follower reports the shared state").extracting(NodeInfo::id, NodeInfo::state, NodeInfo::pid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(node.id(), RUNNING, node.pid()));

        // failover: b takes the lease under epoch 2, a learns it lost it
        db.leaderEpoch(2);
        a.following("lease lost");
        assertThat(alive(node.pid())).as("a follower leaves its node processes running").isTrue();
        assertThat(a.reconcile()).isZero();
        assertThatThrownBy(() -> a.apply(fx.pool, decision("more", DecisionKind.SCALE_OUT, 1, null))).isInstanceOf(StaleEpochException.class);
        rb.epoch(2);
        b.leading(2);
        assertThat(b.ready(fx.pool)).isTrue();
        assertThat(b.nodes(fx.pool)).extracting(NodeInfo::id, NodeInfo::state, NodeInfo::pid, NodeInfo::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(node.id(), RUNNING, node.pid(), node.address()));
        b.apply(fx.pool, decision("grow", DecisionKind.SCALE_OUT, 1, null));
        assertThat(eb.events()).as("adopted as it was; grow is in the shared ledger").isEmpty();
        assertThat(eb.again()).as("its last transition published again for the records, at its own time, in case a died before a sink stored it")
                .extracting(LifecycleEvent::node, LifecycleEvent::state, LifecycleEvent::time)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(node.id(), RUNNING, node.since()));

        b.apply(fx.pool, decision("shrink", DecisionKind.SCALE_IN, 1, null));
        eb.awaitCount(TERMINATED, 1, WAIT);
        assertThat(eb.states(node.id())).as("the new leader stops the node it adopted").containsExactly(io.baton.engine.model.NodeState.DRAINING, TERMINATED);
        assertThat(ra.read("node-book", "web")).contains("\"state\":\"TERMINATED\"", "\"shrink\"");
        assertThat(fx.processes()).isEmpty();
    }

    @Test void aNodeStartingWhenLeadershipMovesIsFinishedByTheNewLeaderOnce() throws Exception {
        SharedStateDouble db = new SharedStateDouble(1);
        SharedStateDouble.Replica ra = db.replica(1);
        SharedStateDouble.Replica rb = db.replica(0);
        RecordingListener ea = new RecordingListener();
        RecordingListener eb = new RecordingListener();
        LocalActuator a = fx.actuator(ea, ra, ra::epoch);
        LocalActuator b = fx.actuator(eb, rb, rb::epoch);
        a.apply(fx.pool, decision("grow", DecisionKind.SCALE_OUT, 1, null));
        ea.awaitCount(STARTING, 1, WAIT);
        db.leaderEpoch(2);
        a.following("lease lost");
        rb.epoch(2);
        b.leading(2);
        eb.await(l -> b.nodes(fx.pool).stream().anyMatch(n -> n.state() == RUNNING)
                && ea.count(RUNNING) + eb.count(RUNNING) == 1, WAIT, "the node running, published once");

        List<LifecycleEvent> all = new ArrayList<>(ea.events());
        all.addAll(eb.events());
        Set<String> ids = all.stream().map(LifecycleEvent::node).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        // an event the old leader published but could not mark published before the fence moved is published
        // again by the new leader (at least once across a handover): the story, repeats folded, is one
        List<io.baton.engine.model.NodeState> story = new ArrayList<>();
        for (LifecycleEvent e : all) if (story.isEmpty() || story.get(story.size() - 1) != e.state()) story.add(e.state());
        assertThat(story).as("one story told by the two replicas").containsExactly(REQUESTED, STARTING, RUNNING);
        assertThat(fx.processes()).as("one node process: not restarted, not doubled").hasSize(1);
    }

    @Test void aLeaderWhoseEpochIsNoLongerTheLeadersStartsNoNode() throws Exception {
        SharedStateDouble db = new SharedStateDouble(2);
        SharedStateDouble.Replica ra = db.replica(2);
        RecordingListener ea = new RecordingListener();
        LocalActuator a = fx.actuator(ea, ra, ra::epoch);
        assertThat(a.ready(fx.pool)).isTrue();
        db.leaderEpoch(3); // another replica took over; a was not told

        assertThatThrownBy(() -> a.apply(fx.pool, decision("late", DecisionKind.SCALE_OUT, 1, null)))
                .isInstanceOf(StaleEpochException.class).hasMessageContaining("epoch 2");
        assertThat(a.acting()).isFalse();
        assertThat(a.ready(fx.pool)).isFalse();
        Thread.sleep(300);
        assertThat(fx.processes()).as("no node process started").isEmpty();
        assertThat(ea.events()).isEmpty();
        assertThat(ra.read("node-book", "web")).isNull();
    }

    @Test void aCorruptSharedDocumentIsAClearErrorAndIsLeftAlone() {
        SharedStateDouble db = new SharedStateDouble(1);
        db.put("node-book", "web", "{not json");
        SharedStateDouble.Replica ra = db.replica(1);
        LocalActuator a = fx.actuator(new RecordingListener(), ra, ra::epoch);
        assertThat(a.ready(fx.pool)).isFalse();
        assertThatThrownBy(() -> a.status(fx.pool)).hasMessageContaining("node-book document of local pool web in the shared state is not valid");
        a.leading(2);
        assertThat(ra.read("node-book", "web")).isEqualTo("{not json");
    }
}
