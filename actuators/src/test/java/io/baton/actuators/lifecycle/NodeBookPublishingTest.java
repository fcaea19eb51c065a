package io.baton.actuators.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.port.LifecycleListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Events leave the book after its monitor is released: a blocked listener wedges no reader, and each node's events keep their order. */
class NodeBookPublishingTest {
    private static final List<NodeState> LIFE = List.of(NodeState.REQUESTED, NodeState.STARTING, NodeState.RUNNING,
            NodeState.DRAINING, NodeState.TERMINATED);
    private final Pool pool = new Pool("web", "acme", "shop", "nginx", 0, 10, 2);

    @Test void aBlockedListenerKeepsNobodyFromTheBook() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener seen = new RecordingListener();
        LifecycleListener blocking = e -> {
            if (e.node().equals("n1")) {
                entered.countDown();
                await(release);
            }
        };
        List<List<NodeInfo>> journal = new CopyOnWriteArrayList<>();
        NodeBook book = new NodeBook(pool, LifecyclePublisher.of(blocking, seen), Clock.systemUTC(), (nodes, unpublished) -> journal.add(unpublished));

        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> book.transition("n1", NodeState.REQUESTED, "d1", "", -1));
        assertThat(entered.await(5, TimeUnit.SECONDS)).as("the listener got n1").isTrue();

        // Another thread takes the book's monitor and reads while the listener is blocked.
        CompletableFuture<List<NodeInfo>> reader = CompletableFuture.supplyAsync(() -> {
            synchronized (book) {
                return book.live();
            }
        });
        assertThat(reader.get(2, TimeUnit.SECONDS)).extracting(NodeInfo::id).containsExactly("n1");
        assertThat(book.get("n1").state()).isEqualTo(NodeState.REQUESTED);

        // A second transition is booked at once, and handed to the blocked publisher after a bounded wait.
        long t0 = System.nanoTime();
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> book.transition("n2", NodeState.REQUESTED, "d2", "", -1));
        assertThat(second.get(NodeBook.HANDOFF_MS + 3_000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(NodeBook.HANDOFF_MS + 3_000);
        assertThat(book.get("n2").state()).isEqualTo(NodeState.REQUESTED);
        assertThat(seen.events()).as("nothing overtakes the blocked event").isEmpty();
        assertThat(first).isNotDone();
        assertThat(journal.get(journal.size() - 1)).as("both wait in the journal").extracting(NodeInfo::id).containsExactly("n1", "n2");

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
        seen.await(l -> l.events().size() == 2, java.time.Duration.ofSeconds(5), "both events");
        assertThat(seen.events()).extracting(LifecycleEvent::node).containsExactly("n1", "n2");
        assertThat(journal.get(journal.size() - 1)).as("nothing left unpublished").isEmpty();
    }

    @Test void aListenerThatPutsIntoABoundedQueueDrainedByAReaderOfTheBookNeverWedges() throws Exception {
        // The engine's shape: its listener puts into a bounded queue; the engine thread reads the
        // book (status) before each take. Publishing under the monitor deadlocked this.
        BlockingQueue<LifecycleEvent> queue = new ArrayBlockingQueue<>(1);
        LifecycleListener enqueue = e -> {
            try {
                queue.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        };
        NodeBook book = new NodeBook(pool, LifecyclePublisher.of(enqueue), Clock.systemUTC(), NodeBook.Journal.NONE);
        int nodes = 50;
        List<LifecycleEvent> taken = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread engine = new Thread(() -> {
            try {
                while (!stop.get() && taken.size() < nodes * LIFE.size()) {
                    book.live();
                    LifecycleEvent e = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (e != null) taken.add(e);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }, "engine");
        engine.start();
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int from = t * nodes / 2;
            Thread p = new Thread(() -> {
                for (int i = from; i < from + nodes / 2; i++) for (NodeState s : LIFE) book.transition("n" + i, s, "d", "", -1);
            });
            producers.add(p);
            p.start();
        }
        for (Thread p : producers) p.join(20_000);
        engine.join(20_000);
        stop.set(true);
        assertThat(producers).noneMatch(Thread::isAlive);
        assertThat(taken).hasSize(nodes * LIFE.size());
        for (int i = 0; i < nodes; i++) {
            String id = "n" + i;
            assertThat(taken.stream().filter(e -> e.node().equals(id)).map(LifecycleEvent::state).toList()).as(id).isEqualTo(LIFE);
        }
    }

    @Test void eachNodesEventsKeepTheirOrderUnderConcurrentTransitions() throws Exception {
        RecordingListener events = new RecordingListener();
        NodeBook book = new NodeBook(pool, LifecyclePublisher.of(events), Clock.systemUTC(), NodeBook.Journal.NONE);
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            runs.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 200; i++) for (NodeState s : LIFE) book.transition("t" + thread + "-" + i, s, "d", "", -1);
            }));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        events.await(l -> l.events().size() == 4 * 200 * LIFE.size(), java.time.Duration.ofSeconds(10), "every event");
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 200; i++) assertThat(events.states("t" + t + "-" + i)).isEqualTo(LIFE);
        }
    }

    @Test void aListenerThatBooksATransitionGetsItAfterTheCurrentEvent() {
        List<String> order = new CopyOnWriteArrayList<>();
        NodeBook[] book = new NodeBook[1];
        LifecycleListener chaining = e -> {
            order.add(e.node() + ":" + e.state() + ":start");
            if (e.state() == NodeState.REQUESTED) book[0].transition(e.node(), NodeState.STARTING, "d");
            order.add(e.node() + ":" + e.state() + ":end");
        };
        book[0] = new NodeBook(pool, LifecyclePublisher.of(chaining), Clock.systemUTC(), NodeBook.Journal.NONE);
        book[0].transition("n1", NodeState.REQUESTED, "d", "", -1);
        assertThat(order).containsExactly("n1:REQUESTED:start", "n1:REQUESTED:end", "n1:STARTING:start", "n1:STARTING:end");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
