package io.baton.actuators.lifecycle;

import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import io.baton.engine.port.LifecycleListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A real listener that keeps every event it gets, for tests to read and wait on. */
public final class RecordingListener implements LifecycleListener {
    private final List<LifecycleEvent> events = new ArrayList<>();
    private final List<LifecycleEvent> again = new ArrayList<>();

    @Override public synchronized void onLifecycle(LifecycleEvent event) {
        events.add(event);
        notifyAll();
    }

    @Override public synchronized void onLifecycleAgain(LifecycleEvent event) {
        again.add(event);
        notifyAll();
    }

    /** The last transitions published again by a leader that loaded the book, apart from {@link #events()}. */
    public synchronized List<LifecycleEvent> again() {
        return new ArrayList<>(again);
    }

    public synchronized List<LifecycleEvent> events() {
        return new ArrayList<>(events);
    }

    /** The states node {@code id} went through, in order. */
    public synchronized List<NodeState> states(String id) {
        return events.stream().filter(e -> e.node().equals(id)).map(LifecycleEvent::state).toList();
    }

    /** Ids of nodes that entered {@code state}, in order. */
    public synchronized List<String> nodesIn(NodeState state) {
        return events.stream().filter(e -> e.state() == state).map(LifecycleEvent::node).toList();
    }

    public synchronized long count(NodeState state) {
        return events.stream().filter(e -> e.state() == state).count();
    }

    /**
     * Waits until the events satisfy {@code test}; fails with the events seen after {@code timeout}.
     * The test runs without this listener's lock held, so it may call into an actuator that is
     * publishing to this listener at the same time.
     */
    public void await(Predicate<RecordingListener> test, Duration timeout, String what) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!test.test(this)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) throw new AssertionError("timed out waiting for " + what + "; events: " + events());
            synchronized (this) {
                try {
                    wait(Math.min(left, 20));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Waits until {@code n} events of {@code state} were seen. */
    public void awaitCount(NodeState state, long n, Duration timeout) {
        await(l -> l.count(state) >= n, timeout, n + " x " + state);
    }
}
