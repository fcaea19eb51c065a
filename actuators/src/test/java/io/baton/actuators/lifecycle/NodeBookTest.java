package io.baton.actuators.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every transition is published once, illegal or repeated ones never; the journal brackets each publication. */
class NodeBookTest {
    private final Pool pool = new Pool("web", "acme", "shop", "nginx", 0, 10, 2);

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            ",           REQUESTED,  true",
            "REQUESTED,  STARTING,   true",
            "REQUESTED,  TERMINATED, true",
            "STARTING,   RUNNING,    true",
            "RUNNING,    DRAINING,   true",
            "DRAINING,   TERMINATED, true",
            "RUNNING,    FAILED,     true",
            "RUNNING,    RUNNING,    false",
            "RUNNING,    STARTING,   false",
            "DRAINING,   RUNNING,    false",
            "TERMINATED, RUNNING,    false",
            "FAILED,     FAILED,     false",
            "TERMINATED, FAILED,     false"})
    void transitions(NodeState from, NodeState to, boolean allowed) {
        assertThat(Transitions.allowed(from, to)).isEqualTo(allowed);
    }

    @Test void publishesEachTransitionOnceAndJournalsAroundIt() {
        RecordingListener events = new RecordingListener();
        List<String> journal = new ArrayList<>();
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC);
        NodeBook book = new NodeBook(pool, LifecyclePublisher.of(events), clock,
                (nodes, unpublished) -> journal.add(nodes.get(0).state() + "/" + (unpublished.isEmpty() ? "-" : "pending")));
        assertThat(book.transition("n1", NodeState.REQUESTED, "d1", "", -1)).isTrue();
        assertThat(book.transition("n1", NodeState.REQUESTED, "d1", "", -1)).isFalse();
        assertThat(book.transition("n1", NodeState.STARTING, "d1", "127.0.0.1:9", 42)).isTrue();
        assertThat(book.transition("n1", NodeState.RUNNING, "d1")).isTrue();
        assertThat(book.transition("n1", NodeState.STARTING, "d1")).isFalse();
        assertThat(events.states("n1")).containsExactly(NodeState.REQUESTED, NodeState.STARTING, NodeState.RUNNING);
        assertThat(events.events().get(2).address()).isEqualTo("127.0.0.1:9");
        assertThat(events.events()).allMatch(e -> e.time() == 1_000 && e.decision().equals("d1") && e.cores() == 2);
        assertThat(journal).containsExactly("REQUESTED/pending", "REQUESTED/-", "STARTING/pending", "STARTING/-", "RUNNING/pending", "RUNNING/-");
        assertThat(book.get("n1").pid()).isEqualTo(42);
    }

    @Test void nodeIdsAreFreshAndAvoidTakenOnes() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = NodeIds.next("web", seen::contains);
            assertThat(id).matches("web-[0-9a-z]{10,}");
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test void removalPrefersNodesNotYetRunningThenTheNewest() {
        long[] now = {0};
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return Instant.ofEpochMilli(now[0]++); }
        };
        NodeBook book = new NodeBook(pool, LifecyclePublisher.of(), clock, NodeBook.Journal.NONE);
        for (String id : List.of("old", "mid", "new")) {
            book.transition(id, NodeState.REQUESTED, "d", "", -1);
            book.transition(id, NodeState.RUNNING, "d");
        }
        book.transition("pending", NodeState.REQUESTED, "d", "", -1);
        book.transition("mid", NodeState.DRAINING, "d");
        assertThat(book.pickForRemoval(3)).extracting(NodeInfo::id).containsExactly("pending", "new", "old");
    }
}
