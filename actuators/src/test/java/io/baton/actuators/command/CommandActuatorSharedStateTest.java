package io.baton.actuators.command;

import static io.baton.engine.model.NodeState.REQUESTED;
import static io.baton.engine.model.NodeState.RUNNING;
import static io.baton.engine.model.NodeState.STARTING;
import static io.baton.engine.model.NodeState.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.actuators.env.ChildEnvironment;
import io.baton.actuators.ha.SharedStateDouble;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.lifecycle.RecordingListener;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.Node;
import io.baton.engine.model.Pool;
import io.baton.engine.port.StaleEpochException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two command actuators over one shared state, as two replicas would run them, with real {@code sh -c}
 * commands: the shared ledger applies a decision id once, the shared book moves to the new leader, and
 * the fence stops the old one.
 */
class CommandActuatorSharedStateTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final Pool pool = new Pool("batch", "acme", "etl", "spark", 0, 10, 4);
    private final List<CommandActuator> actuators = new ArrayList<>();
    @TempDir Path dir;

    @AfterEach void tearDown() {
        actuators.forEach(CommandActuator::close);
    }

    /** A replica's command actuator: its epoch is the replica's view of the shared state (0: it follows). */
    private CommandActuator replica(SharedStateDouble.Replica db, RecordingListener events, CommandSettings s) {
        CommandActuator a = new CommandActuator(List.of(pool), name -> s, LifecyclePublisher.of(events), Clock.systemUTC(),
                ChildEnvironment.system(), db, db::epoch);
        actuators.add(a);
        return a;
    }

    /** Provision appends {@code $BATON_DECISION_ID $BATON_EPOCH} to {@code log} and gives each node an address. */
    private static CommandSettings recording(Path log) {
        return new CommandSettings("echo \"$BATON_DECISION_ID $BATON_EPOCH\" >> " + log
                + "; echo \"$BATON_NODES\" | tr , '\\n' | sed 's/$/ 10.9.9.9/'", "true", null, null, null,
                Duration.ofSeconds(10), 1, Duration.ofMillis(10), false);
    }

    private static Decision decision(String id, DecisionKind kind, int amount) {
        return new Decision(id, kind, "batch", amount, null, "test", List.of(), "test");
    }

    private static List<Tuple> view(List<Node> nodes) {
        return nodes.stream().map(n -> new Tuple(n.getId(), n.getState(), n.getStartedAt())).toList();
    }

    @Test void aDecisionAppliedThroughBothReplicasIsProvisionedOnce() throws Exception {
        SharedStateDouble db = new SharedStateDouble(1);
        SharedStateDouble.Replica ra = db.replica(1);
        SharedStateDouble.Replica rb = db.replica(0);
        Path log = dir.resolve("provisioned");
        RecordingListener ea = new RecordingListener();
        RecordingListener eb = new RecordingListener();
        CommandActuator a = replica(ra, ea, recording(log));
        CommandActuator b = replica(rb, eb, recording(log));
        assertThat(b.acting()).as("epoch 0 at the start: b follows").isFalse();

        a.apply(pool, decision("d1", DecisionKind.SCALE_OUT, 2));
        a.apply(pool, decision("d1", DecisionKind.SCALE_OUT, 2));
        assertThatThrownBy(() -> b.apply(pool, decision("d1", DecisionKind.SCALE_OUT, 2)))
                .as("a follower applies nothing").isInstanceOf(StaleEpochException.class);
        ea.awaitCount(RUNNING, 2, WAIT);
        ea.await(l -> a.ready(pool), WAIT, "a's command finished");

        // failover: b takes the lease under epoch 2, a learns it lost it
        db.leaderEpoch(2);
        a.following("lease lost");
        rb.epoch(2);
        b.leading(2);
        b.apply(pool, decision("d1", DecisionKind.SCALE_OUT, 2)); // the engine retries the decision on the new leader
        assertThatThrownBy(() -> a.apply(pool, decision("d1", DecisionKind.SCALE_OUT, 2))).isInstanceOf(StaleEpochException.class);
        b.apply(pool, decision("d2", DecisionKind.SCALE_OUT, 1));
        eb.awaitCount(RUNNING, 1, WAIT);
        eb.await(l -> b.ready(pool), WAIT, "b's command finished");

        // d1 by a under epoch 1 (one command for its 2 nodes), d2 by b under epoch 2; d1's repeats ran nothing
        assertThat(Files.readAllLines(log)).containsExactly("d1 1", "d2 2");
        assertThat(db.claimed("command/batch")).isEqualTo(Set.of("d1", "d2"));
        assertThat(ea.count(REQUESTED)).isEqualTo(2);
        assertThat(eb.events()).extracting(LifecycleEvent::decision).containsOnly("d2");
        assertThat(eb.count(REQUESTED)).isEqualTo(1);
        assertThat(b.status(pool)).hasSize(3).allMatch(n -> n.getState() == RUNNING);
        // a's two nodes as b loaded them, published again for the records at the times a booked them
        List<LifecycleEvent> mine = ea.events().stream().filter(e -> e.state() == RUNNING).toList();
        assertThat(eb.again()).extracting(LifecycleEvent::node, LifecycleEvent::state, LifecycleEvent::time)
                .containsExactlyInAnyOrderElementsOf(mine.stream().map(e -> org.assertj.core.groups.Tuple.tuple(e.node(), RUNNING, e.time())).toList());
    }

    @Test void theBookWrittenByOneReplicaIsWhatTheNextLeaderReports() throws Exception {
        SharedStateDouble db = new SharedStateDouble(1);
        SharedStateDouble.Replica ra = db.replica(1);
        SharedStateDouble.Replica rb = db.replica(0);
        RecordingListener ea = new RecordingListener();
        RecordingListener eb = new RecordingListener();
        CommandActuator a = replica(ra, ea, recording(dir.resolve("log")));
        a.apply(pool, decision("grow", DecisionKind.SCALE_OUT, 2));
        ea.awaitCount(RUNNING, 2, WAIT);
        ea.await(l -> a.ready(pool), WAIT, "provisioned");
        a.apply(pool, decision("shrink", DecisionKind.SCALE_IN, 1));
        ea.awaitCount(TERMINATED, 1, WAIT);
        ea.await(l -> a.ready(pool), WAIT, "deprovisioned");
        List<Node> before = a.status(pool);
        assertThat(before).as("2 provisioned, 1 removed").hasSize(1);

        CommandActuator b = replica(rb, eb, recording(dir.resolve("log")));
        assertThat(view(b.status(pool))).as("a follower reads the leader's shared book").isEqualTo(view(before));
        db.leaderEpoch(2);
        a.following("lease lost");
        rb.epoch(2);
        b.leading(2);
        assertThat(view(b.status(pool))).isEqualTo(view(before));
        assertThat(b.nodes(pool)).singleElement().satisfies(n -> assertThat(n.address()).isEqualTo("10.9.9.9"));
        assertThat(eb.events()).as("every event was published by a: nothing to publish again").isEmpty();
        assertThat(ra.read("node-book", "batch")).contains("\"state\":\"TERMINATED\"", "\"pending\":[]");
    }

    @Test void eventsTheOldLeaderPersistedButDidNotPublishArePublishedByTheNewOne() {
        SharedStateDouble db = new SharedStateDouble(2);
        db.put("node-book", "batch", """
                {"nodes":[{"id":"batch-x1","pool":"batch","state":"RUNNING","address":"10.0.0.7","pid":-1,"decision":"d7","since":2000}],
                 "pending":[{"id":"batch-x1","pool":"batch","state":"STARTING","address":"","pid":-1,"decision":"d7","since":1500},
                            {"id":"batch-x1","pool":"batch","state":"RUNNING","address":"10.0.0.7","pid":-1,"decision":"d7","since":2000}]}""");
        SharedStateDouble.Replica rb = db.replica(0);
        RecordingListener eb = new RecordingListener();
        CommandActuator b = replica(rb, eb, recording(dir.resolve("log")));
        assertThat(eb.events()).as("a follower publishes nothing").isEmpty();
        rb.epoch(2);
        b.leading(2);
        assertThat(eb.events()).extracting(LifecycleEvent::node, LifecycleEvent::state, LifecycleEvent::time)
                .containsExactly(new Tuple("batch-x1", STARTING, 1500L), new Tuple("batch-x1", RUNNING, 2000L));
        assertThat(b.nodes(pool)).extracting(NodeInfo::id, NodeInfo::state, NodeInfo::address)
                .containsExactly(new Tuple("batch-x1", RUNNING, "10.0.0.7"));
        assertThat(rb.read("node-book", "batch")).as("published: nothing left pending").contains("\"pending\":[]");
        b.leading(2);
        assertThat(eb.events()).as("a repeat of the same term reloads nothing").hasSize(2);
    }

    @Test void aCorruptSharedBookIsAClearErrorAndIsLeftAlone() {
        SharedStateDouble db = new SharedStateDouble(2);
        db.put("node-book", "batch", "{not json");
        SharedStateDouble.Replica rb = db.replica(2);
        CommandActuator b = replica(rb, new RecordingListener(), recording(dir.resolve("log")));
        b.leading(2);
        assertThat(b.ready(pool)).isFalse();
        assertThatThrownBy(() -> b.status(pool)).hasMessageContaining("node-book document of command pool batch in the shared state is not valid");
        assertThat(rb.read("node-book", "batch")).isEqualTo("{not json");
    }

    @Test void aLeaderWhoseEpochIsNoLongerTheLeadersRunsNoCommand() throws Exception {
        SharedStateDouble db = new SharedStateDouble(2);
        SharedStateDouble.Replica ra = db.replica(2);
        Path log = dir.resolve("provisioned");
        RecordingListener ea = new RecordingListener();
        CommandActuator a = replica(ra, ea, recording(log));
        db.leaderEpoch(3); // another replica took over under epoch 3; a was paused and was not told

        assertThatThrownBy(() -> a.apply(pool, decision("late", DecisionKind.SCALE_OUT, 1)))
                .isInstanceOf(StaleEpochException.class).hasMessageContaining("epoch 2");
        assertThat(a.acting()).as("a refused write stops the replica acting").isFalse();
        assertThatThrownBy(() -> a.apply(pool, decision("later", DecisionKind.SCALE_OUT, 1))).isInstanceOf(StaleEpochException.class);
        Thread.sleep(200); // a command, had one been started, would have written by now
        assertThat(log).doesNotExist();
        assertThat(ea.events()).isEmpty();
        assertThat(db.claimed("command/batch")).isEmpty();
    }

    @Test void aCommandRunningWhenLeadershipIsLostFinishesButItsBookWriteIsRefused() throws Exception {
        SharedStateDouble db = new SharedStateDouble(2);
        SharedStateDouble.Replica ra = db.replica(2);
        Path log = dir.resolve("provisioned");
        Path go = dir.resolve("go");
        CommandSettings slow = new CommandSettings("while [ ! -f " + go + " ]; do sleep 0.02; done; echo \"$BATON_DECISION_ID $BATON_EPOCH\" >> " + log,
                "true", null, null, null, Duration.ofSeconds(10), 1, Duration.ofMillis(10), false);
        RecordingListener ea = new RecordingListener();
        CommandActuator a = replica(ra, ea, slow);
        a.apply(pool, decision("d1", DecisionKind.SCALE_OUT, 1));
        ea.awaitCount(STARTING, 1, WAIT);
        String node = ea.nodesIn(REQUESTED).get(0);

        db.leaderEpoch(3);
        a.following("lease lost");
        Files.createFile(go);
        // the command either was already running (it is left to finish: its line is written under epoch 2) or had
        // not started yet (a replica that no longer leads starts none); in neither case is RUNNING written or published
        Thread.sleep(1_500);
        if (Files.exists(log)) assertThat(Files.readAllLines(log)).as("the running command was left to finish").containsExactly("d1 2");
        assertThat(ea.states(node)).as("RUNNING was not persisted, so not published").containsExactly(REQUESTED, STARTING);

        SharedStateDouble.Replica rb = db.replica(3);
        CommandActuator b = replica(rb, new RecordingListener(), slow);
        b.leading(3);
        assertThat(b.nodes(pool)).extracting(NodeInfo::id, NodeInfo::state).containsExactly(new Tuple(node, STARTING));
    }
}
