package io.baton.actuators.lifecycle;

import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.port.LifecycleListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The nodes of one pool and the one place their transitions happen: each legal transition updates the
 * book, is persisted through the {@link Journal} and is published exactly once; an illegal or repeated
 * one is refused.
 *
 * <p>Thread-safe. Transitions are serialised under the book's monitor and queued in an outbox in that
 * order; the events are handed to the listeners <em>after</em> the monitor is released, one at a time
 * and in outbox order (so each node's events leave in order). A listener that blocks therefore never
 * keeps another thread from reading the book or booking a transition; it only delays later
 * publications. A transition's event has been published when {@link #transition} returns, except when
 * the call comes from a listener of this book, or another thread's publication takes longer than
 * {@link #HANDOFF_MS}: then the event is published by that thread right after its own.
 */
public final class NodeBook {

    /** Where a book persists itself around each publication (a no-op for actuators that keep no file). */
    public interface Journal {
        /**
         * Persists the book, under its monitor: every node, and the events booked but not yet published
         * (oldest first, empty once every event is out). A restarted actuator publishes those again.
         */
        void save(List<NodeInfo> nodes, List<NodeInfo> unpublished);

        /** A journal that keeps nothing. */
        Journal NONE = (nodes, unpublished) -> { };
    }

    /** How long a transition waits for another thread's publication before leaving its event to that thread. */
    static final long HANDOFF_MS = 1_000;
    private static final long QUIESCE_WAIT_MS = 5_000;

    private final Pool pool;
    private final LifecyclePublisher publisher;
    private final Clock clock;
    private final Journal journal;
    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
    /** Events booked and not yet published, oldest first (guarded by this). Only the publishing thread removes the head. */
    private final List<NodeInfo> outbox = new ArrayList<>();
    /** Held while events are handed to the listeners; never taken while holding the monitor. */
    private final ReentrantLock publishing = new ReentrantLock();

    public NodeBook(Pool pool, LifecyclePublisher publisher, Clock clock, Journal journal) {
        this.pool = pool;
        this.publisher = publisher;
        this.clock = clock;
        this.journal = journal;
    }

    public Pool pool() { return pool; }

    /**
     * Moves {@code id} to {@code state}, creating it when it is new (then {@code address}/{@code pid}
     * describe it). Returns false, and publishes nothing, when the transition is not legal.
     */
    public boolean transition(String id, NodeState state, String decision, String address, long pid) {
        synchronized (this) {
            NodeInfo current = nodes.get(id);
            if (!Transitions.allowed(current == null ? null : current.state(), state)) return false;
            long now = clock.millis();
            NodeInfo next = current == null
                    ? new NodeInfo(id, pool.getName(), state, address, pid, decision, now)
                    : current.with(state, decision, now);
            if (current != null && address != null && !address.isEmpty()) next = next.at(address, pid >= 0 ? pid : next.pid());
            nodes.put(id, next);
            outbox.add(next);
            journal.save(snapshot(), List.copyOf(outbox));
        }
        flush();
        return true;
    }

    /** Moves a node to {@code state} keeping its address. */
    public boolean transition(String id, NodeState state, String decision) {
        return transition(id, state, decision, null, -1);
    }

    /**
     * Publishes again events that were persisted but maybe not published (after a crash), each at its
     * own time. The nodes themselves are {@link #load loaded} first.
     */
    public void republish(List<NodeInfo> events) {
        synchronized (this) {
            outbox.addAll(events);
            journal.save(snapshot(), List.copyOf(outbox));
        }
        flush();
    }

    /**
     * Hands the outbox to the listeners, oldest first, one publishing thread at a time. Each event
     * leaves the outbox (and the journal) only once every listener has had it. When another thread is
     * publishing and does not finish within {@link #HANDOFF_MS} (a listener blocks), the events are
     * left to that thread, which publishes until the outbox is empty, so no caller ever waits for long
     * on another's listener.
     */
    private void flush() {
        if (publishing.isHeldByCurrentThread()) return; // a listener's own transition: the loop below takes it next
        boolean first = true;
        do {
            if (!acquire(first)) return;
            first = false;
            try {
                while (true) {
                    NodeInfo e;
                    synchronized (this) {
                        if (outbox.isEmpty()) break;
                        e = outbox.get(0);
                    }
                    publisher.publish(LifecycleEvent.of(pool, e.id(), e.state(), e.decision(), e.since(), e.address()));
                    synchronized (this) {
                        outbox.remove(0);
                        journal.save(snapshot(), List.copyOf(outbox));
                    }
                }
            } finally {
                publishing.unlock();
            }
        } while (pending()); // booked after our last look but handed to us: take it, or leave it to whoever holds the lock
    }

    private boolean acquire(boolean wait) {
        if (!wait) return publishing.tryLock();
        try {
            return publishing.tryLock(HANDOFF_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized boolean pending() {
        return !outbox.isEmpty();
    }

    /** Whether every booked event has been handed to the listeners and none is being handed now. */
    public boolean published() {
        return !pending() && !publishing.isLocked();
    }

    /**
     * Runs {@code action} under the book's monitor once no event is being published (waiting a few
     * seconds at most for a slow listener), so that a flag it sets is seen by the next publication and
     * journal write, and none is half done.
     */
    public void quiesce(Runnable action) {
        boolean locked = false;
        try {
            locked = publishing.tryLock(QUIESCE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            synchronized (this) {
                action.run();
            }
        } finally {
            if (locked) publishing.unlock();
        }
    }

    /**
     * Publishes the last transition of every node in the book again, at its own time
     * ({@link LifecycleListener#onLifecycleAgain}): a leader that has just loaded the book does this,
     * because an event the previous leader handed to a sink just before it died may never have been
     * stored, and the book is all that is left of it. Billing would otherwise miss a node that became
     * RUNNING, or keep billing one that ended, in that instant.
     */
    public void reassert() {
        for (NodeInfo n : snapshot()) publisher.publishAgain(LifecycleEvent.of(pool, n.id(), n.state(), n.decision(), n.since(), n.address()));
    }

    /** Loads a node read from storage without publishing anything. */
    public synchronized void load(NodeInfo info) {
        nodes.put(info.id(), info);
    }

    /** Records a new address or pid without a transition (persisted, not published). */
    public synchronized void locate(String id, String address, long pid) {
        NodeInfo n = nodes.get(id);
        if (n == null) return;
        nodes.put(id, n.at(address, pid));
        persist();
    }

    /** Writes the journal now (for an owner whose journal holds more than the nodes, such as a ledger). */
    public synchronized void persist() {
        journal.save(snapshot(), List.copyOf(outbox));
    }

    /** Forgets final nodes older than {@code keepMs} so the book stays small. */
    public synchronized void prune(long keepMs) {
        long cutoff = clock.millis() - keepMs;
        if (nodes.values().removeIf(n -> n.state().isFinal() && n.since() < cutoff)) persist();
    }

    public synchronized NodeInfo get(String id) { return nodes.get(id); }

    /** Every node known, final ones included, in the order they appeared. */
    public synchronized List<NodeInfo> snapshot() {
        return new ArrayList<>(nodes.values());
    }

    /** The nodes that match, in the order they appeared. */
    public synchronized List<NodeInfo> matching(Predicate<NodeInfo> p) {
        return nodes.values().stream().filter(p).toList();
    }

    /** The nodes still alive (not final). */
    public List<NodeInfo> live() {
        return matching(n -> !n.state().isFinal());
    }

    /**
     * Picks up to {@code n} live nodes to remove: not-yet-running ones first (newest first), then the
     * newest running ones. Nodes already draining are not picked again.
     */
    public List<NodeInfo> pickForRemoval(int n) {
        Comparator<NodeInfo> order = Comparator
                .comparing((NodeInfo x) -> x.state() == NodeState.RUNNING ? 1 : 0)
                .thenComparing(NodeInfo::since, Comparator.reverseOrder());
        return matching(x -> x.state().countsAsCapacity()).stream().sorted(order).limit(Math.max(0, n)).toList();
    }
}
