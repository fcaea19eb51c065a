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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node killed with {@code kill -9} is detected and replaced; a planned replacement starts first, then drains. */
class LocalCrashAndReplaceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private LocalFixture fx;
    private RecordingListener events;

    @BeforeEach void setUp() throws Exception {
        fx = new LocalFixture();
        events = new RecordingListener();
    }

    @AfterEach void tearDown() throws Exception {
        fx.close();
    }

    @Test void aKilledNodeIsDetectedAndReplaced() throws Exception {
        LocalActuator a = fx.actuator(events);
        List<NodeFailure> failures = new CopyOnWriteArrayList<>();
        a.onNodeFailure(f -> {
            failures.add(f);
            a.replace(fx.pool, f.node());
            a.replace(fx.pool, f.node());
        });
        a.apply(fx.pool, decision("start", DecisionKind.SCALE_OUT, 1, null));
        events.awaitCount(RUNNING, 1, WAIT);
        NodeInfo victim = a.nodes(fx.pool).get(0);

        LocalFixture.kill9(victim.pid());
        events.awaitCount(RUNNING, 2, WAIT);

        assertThat(failures).singleElement().satisfies(f -> assertThat(f.node()).isEqualTo(victim.id()));
        assertThat(a.crashes(fx.pool)).isEqualTo(1);
        String replacement = events.nodesIn(RUNNING).get(1);
        List<String> story = events.events().stream().map(e -> e.node().equals(victim.id()) ? "old " + e.state() : "new " + e.state()).toList();
        assertThat(story).containsExactly("old REQUESTED", "old STARTING", "old RUNNING", "old FAILED",
                "new REQUESTED", "new STARTING", "new RUNNING");
        LifecycleEvent failed = events.events().get(3);
        assertThat(failed.decision()).as("a crash is caused by no decision").isEmpty();
        assertThat(events.events().get(4).decision()).isEqualTo("replace-" + victim.id());
        assertThat(a.nodes(fx.pool)).extracting(NodeInfo::id).containsExactly(replacement);
        assertThat(fx.processes()).hasSize(1);
    }

    @Test void aPlannedReplacementRunsTheNewNodeBeforeDrainingTheOld() throws Exception {
        LocalActuator a = fx.actuator(events);
        a.apply(fx.pool, decision("start", DecisionKind.SCALE_OUT, 1, null));
        events.awaitCount(RUNNING, 1, WAIT);
        String old = events.nodesIn(RUNNING).get(0);

        a.apply(fx.pool, decision("swap", DecisionKind.REPLACE_NODE, 1, old));
        events.awaitCount(TERMINATED, 1, WAIT);
        String fresh = events.nodesIn(RUNNING).get(1);
        List<String> order = events.events().stream().filter(e -> e.decision().equals("swap"))
                .map(e -> (e.node().equals(old) ? "old " : "new ") + e.state()).toList();
        assertThat(order).containsExactly("new REQUESTED", "new STARTING", "new RUNNING", "old DRAINING", "old TERMINATED");
        assertThat(events.states(old)).containsExactly(REQUESTED, STARTING, RUNNING, DRAINING, TERMINATED);
        assertThat(events.states(fresh)).containsExactly(REQUESTED, STARTING, RUNNING);
        assertThat(events.count(FAILED)).isZero();
        assertThat(fx.processes()).hasSize(1);
    }
}
