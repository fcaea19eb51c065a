package io.baton.actuators.local;

import io.baton.actuators.lifecycle.DecisionLedger;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.lifecycle.NodeBook;
import io.baton.actuators.lifecycle.NodeIds;
import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.port.LifecycleListener;
import io.baton.engine.port.StaleEpochException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local pool: its node book (persisted to its {@link StateStore}), its decision ledger and the operations
 * on its nodes. {@link #apply} publishes REQUESTED (or DRAINING) synchronously and leaves the slow work
 * (start, probe, drain, stop) to {@link NodeRunner} on background threads.
 */
final class LocalPool {
    private static final Logger log = LoggerFactory.getLogger(LocalPool.class);

    final Pool pool;
    final LocalSettings settings;
    final NodeBook book;
    final DecisionLedger ledger = new DecisionLedger(1_000);
    final StateStore store;
    final NodeProcesses procs;
    final ExecutorService workers;
    final Set<Integer> reservedPorts;
    final Map<String, ProcessHandle> handles = new ConcurrentHashMap<>();
    /** New node id → the node it replaces, until the new one runs (persisted, so a restart finishes it). */
    final Map<String, String> replacing = new ConcurrentHashMap<>();
    /** Nodes with an operation in flight (start, stop): reconciliation leaves them alone. */
    final Set<String> busy = ConcurrentHashMap.newKeySet();
    /** Unknown node processes being watched until they are healthy (then adopted) or time out. */
    final Set<String> adopting = ConcurrentHashMap.newKeySet();
    /** Nodes Baton is stopping on purpose: their exit is not a crash. */
    final Set<String> stopping = ConcurrentHashMap.newKeySet();
    final List<String> dryRuns = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicLong startFailures = new AtomicLong();
    final AtomicLong crashes = new AtomicLong();
    /** Processes that claim to be nodes of this pool and were refused, with why: each is logged once. */
    final Map<Long, Adoption.Refusal> refused = new ConcurrentHashMap<>();
    final Adoption adoption;
    final Consumer<NodeFailure> onFailure;
    final Clock clock;
    final NodeRunner runner;
    /** Bounds the JVMs starting at once across pools (a burst of 50 starts thrashes 2 cores). */
    final java.util.concurrent.Semaphore startPermits;
    volatile boolean abandoned;
    /** The actuator's term this pool was loaded in (a pool of an earlier term is dropped). */
    final long generation;

    /**
     * @param onFenced told when the store refused a write because this replica no longer leads; the pool
     *                 is then abandoned (no more writes, no more events, node processes left running)
     */
    LocalPool(Pool pool, LocalSettings settings, LifecyclePublisher publisher, Clock clock, StateStore store,
              NodeProcesses procs, ExecutorService workers, Set<Integer> reservedPorts, Consumer<NodeFailure> onFailure,
              java.util.concurrent.Semaphore startPermits, long generation, Consumer<StaleEpochException> onFenced) {
        this.generation = generation;
        this.startPermits = startPermits;
        this.pool = pool;
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.procs = procs;
        this.workers = workers;
        this.reservedPorts = reservedPorts;
        this.onFailure = onFailure;
        LifecycleListener forward = publisher.asListener();
        LifecyclePublisher guarded = new LifecyclePublisher(() -> abandoned ? List.of() : List.of(forward));
        this.book = new NodeBook(pool, guarded, clock, (nodes, unpublished) -> {
            if (abandoned) return;
            try {
                store.save(new StateStore.PoolState(nodes, ledger.ids(), null, Map.copyOf(replacing), unpublished));
            } catch (StaleEpochException e) {
                abandoned = true; // under the book's monitor: nothing of this pool is written or published any more
                onFenced.accept(e);
                throw e;
            }
        });
        this.runner = new NodeRunner(this);
        this.adoption = new Adoption(procs, settings);
    }

    /** Records that process {@code p} is not adopted, logging it at warn the first time (per pid and reason). */
    void refuse(NodeProcess p, Adoption.Refusal why) {
        if (refused.put(p.pid(), why) != why) {
            log.warn("pool {}: process {} claims to be node '{}' on port '{}' but {}; not adopted, left alone",
                    pool.getName(), p.pid(), printable(p.id()), printable(p.port()), why.why);
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Carries out a decision: synchronous bookkeeping, slow work in the background. */
    void apply(Decision d) {
        if (d.getKind() == DecisionKind.REPLACE_NODE && d.getNode() != null && book.get(d.getNode()) == null) {
            throw new IllegalArgumentException("pool " + pool.getName() + " has no node " + d.getNode());
        }
        if (!ledger.claim(d.getId())) {
            log.info("pool {}: decision {} already applied, ignored", pool.getName(), d.getId());
            return;
        }
        if (settings.dryRun()) {
            String what = "dry-run: would " + d.getKind().label() + " pool " + pool.getName()
                    + (d.getNode() != null ? " node " + d.getNode() : " by " + d.getAmount()) + " (decision " + d.getId() + ")";
            dryRuns.add(what);
            log.info(what);
            saveLedger();
            return;
        }
        switch (d.getKind()) {
            case SCALE_OUT -> {
                for (int i = 0; i < d.getAmount(); i++) {
                    String id = request(d.getId(), null);
                    workers.execute(() -> startAndFinish(id, d.getId()));
                }
            }
            case SCALE_IN -> {
                for (NodeInfo n : book.pickForRemoval(d.getAmount())) remove(n.id(), d.getId());
            }
            case REPLACE_NODE -> replace(d.getNode(), d.getId());
            default -> throw new IllegalArgumentException("local actuator does not handle " + d.getKind() + " (the engine sends SCALE_OUT, SCALE_IN, REPLACE_NODE)");
        }
        saveLedger();
    }

    /**
     * Persists the ledger with the current nodes. Through the book, under its lock, like every other
     * write of the file, so a snapshot taken here can never overwrite a newer transition written by
     * another thread, nor drop the events still waiting to be published.
     */
    private void saveLedger() {
        book.persist();
    }

    /**
     * Books a new node as REQUESTED (published before this returns) and returns its id; when it
     * replaces {@code replaces}, that is persisted with it.
     */
    String request(String decision, String replaces) {
        String id = NodeIds.next(pool.getName(), x -> book.get(x) != null);
        busy.add(id);
        if (replaces != null) replacing.put(id, replaces);
        book.transition(id, NodeState.REQUESTED, decision, "", -1);
        return id;
    }

    /** Starts a REQUESTED node (with retries), then finishes the replacement it belongs to, if any. */
    void startAndFinish(String id, String decision) {
        finishReplacement(runner.start(id, decision, 1), decision);
    }

    /** Follows an adopted starting node to RUNNING, then finishes the replacement it belongs to, if any. */
    void resumeAndFinish(String id, String decision, ProcessHandle handle) {
        finishReplacement(runner.resume(id, decision, handle), decision);
    }

    /**
     * Once {@code ran} (the node that came up, or null) runs, drains the node it replaces. When no
     * node came up, the old node is kept.
     */
    void finishReplacement(String ran, String decision) {
        if (ran == null || abandoned) return;
        String old = replacing.remove(ran);
        if (old == null) return;
        NodeInfo now = book.get(old);
        if (now != null && !now.state().isFinal() && now.state() != NodeState.DRAINING) remove(old, decision);
        else saveLedger();
    }

    /** Marks a node DRAINING now and stops it in the background. */
    void remove(String id, String decision) {
        stopping.add(id);
        busy.add(id);
        if (book.transition(id, NodeState.DRAINING, decision)) {
            workers.execute(() -> runner.stop(id, decision));
        }
    }

    /** Starts a replacement now; the old node is drained once the new one runs (kept if it never does). */
    void replace(String old, String decision) {
        NodeInfo oldNode = old == null ? null : book.get(old);
        if (old != null && oldNode == null) throw new IllegalArgumentException("pool " + pool.getName() + " has no node " + old);
        boolean oldLive = oldNode != null && !oldNode.state().isFinal();
        String id = request(decision, oldLive ? old : null);
        workers.execute(() -> startAndFinish(id, decision));
    }

    /** A node process ended. Unless Baton stopped it on purpose, a running node has FAILED (once). */
    void exited(String id, ProcessHandle handle) {
        try {
            if (abandoned || stopping.contains(id)) return;
            NodeInfo n = book.get(id);
            if (n == null || n.state().isFinal() || busy.contains(id)) return;
            crashes.incrementAndGet(); // counted before the event, so a listener already sees it
            if (!book.transition(id, NodeState.FAILED, "")) {
                crashes.decrementAndGet();
                return;
            }
            if (!n.address().isEmpty()) releasePort(n.address());
            log.warn("pool {}: node {} (pid {}) exited unexpectedly", pool.getName(), id, handle.pid());
            onFailure.accept(new NodeFailure(pool.getName(), id, -1, clock.millis()));
        } finally {
            handles.remove(id, handle);
        }
    }

    /** Picks a loopback port of the pool's range that no node holds and that is free now. */
    synchronized int allocatePort() {
        int start = settings.portStart();
        for (int i = 0; i < settings.portCount(); i++) {
            int port = start + i;
            if (reservedPorts.contains(port)) continue;
            if (NodeProcesses.portFree(port)) {
                reservedPorts.add(port);
                return port;
            }
        }
        return -1;
    }

    void releasePort(String address) {
        int colon = address.lastIndexOf(':');
        if (colon > 0) reservedPorts.remove(Integer.parseInt(address.substring(colon + 1)));
    }

    /** Live nodes, richer than the engine's view. */
    List<NodeInfo> nodes() {
        return book.live();
    }

    List<String> dryRunActions() {
        return new ArrayList<>(dryRuns);
    }
}
