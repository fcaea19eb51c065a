package io.baton.actuators.lifecycle;

import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The nodes of one pool and the one place their transitions happen: each legal transition updates the
 * book, is persisted through the {@link Journal} and is published exactly once; an illegal or repeated
 * one is refused. Thread-safe: transitions are serialised, so each node's events leave in order.
 */
public final class NodeBook {

    /** Where a book persists itself around each publication (a no-op for actuators that keep no file). */
    public interface Journal {
        /** Called before an event is published ({@code published=false}) and after it ({@code true}). */
        void save(List<NodeInfo> nodes, String unpublished);

        /** A journal that keeps nothing. */
        Journal NONE = (nodes, unpublished) -> { };
    }

    private final Pool pool;
    private final LifecyclePublisher publisher;
    private final Clock clock;
    private final Journal journal;
    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();

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
    public synchronized boolean transition(String id, NodeState state, String decision, String address, long pid) {
        NodeInfo current = nodes.get(id);
        if (!Transitions.allowed(current == null ? null : current.state(), state)) return false;
        long now = clock.millis();
        NodeInfo next = current == null
                ? new NodeInfo(id, pool.getName(), state, address, pid, decision, now)
                : current.with(state, decision, now);
        if (current != null && address != null && !address.isEmpty()) next = next.at(address, pid >= 0 ? pid : next.pid());
        nodes.put(id, next);
        journal.save(snapshot(), id);
        publisher.publish(LifecycleEvent.of(pool, id, state, decision, now, next.address()));
        journal.save(snapshot(), null);
        return true;
    }

    /** Moves a node to {@code state} keeping its address. */
    public boolean transition(String id, NodeState state, String decision) {
        return transition(id, state, decision, null, -1);
    }

    /** Re-publishes an event that was persisted but maybe not published (after a crash), at its own time. */
    public synchronized void republish(NodeInfo info) {
        nodes.put(info.id(), info);
        publisher.publish(LifecycleEvent.of(pool, info.id(), info.state(), info.decision(), info.since(), info.address()));
        journal.save(snapshot(), null);
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
        journal.save(snapshot(), null);
    }

    /** Forgets final nodes older than {@code keepMs} so the book stays small. */
    public synchronized void prune(long keepMs) {
        long cutoff = clock.millis() - keepMs;
        if (nodes.values().removeIf(n -> n.state().isFinal() && n.since() < cutoff)) journal.save(snapshot(), null);
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
