package io.baton.actuators.local;

import io.baton.actuators.env.ChildEnvironment;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.reconcile.Reconcilable;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.Node;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Actuator;
import io.baton.engine.port.LeadershipListener;
import io.baton.engine.port.SharedState;
import io.baton.engine.port.StaleEpochException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local process-pool actuator (type {@code local}): each node is a {@link io.baton.actuators.node.NodeServer}
 * process on its own loopback port. Pool state lives in {@code <data>/nodes/<pool>.json}, or, when a
 * {@link SharedState} is given, in its document {@code node-book}/{@code <pool>} (same JSON, fenced
 * writes), so a new instance over the same data dir adopts the nodes of an earlier one.
 *
 * <p>Leadership: the actuator acts only between {@link #leading} and {@link #following} (or from the start
 * when its epoch is positive at construction). A new term drops the pools of an earlier one and loads
 * each pool again from its store, adopting the running node processes (the start-up path). A follower
 * refuses decisions ({@link StaleEpochException}), reconciles nothing and leaves the node processes
 * running for the next leader; it reports a pool's nodes as its store holds them.
 *
 * <p>Readiness: a pool is ready while this replica leads, once its state has been loaded and reconciled,
 * and until the actuator shuts down ({@link #terminateAll}, {@link #close}). Operations on one
 * pool may overlap (a replacement in flight does not block a scale-out): every node is handled on its
 * own and the decision ledger keeps each decision to one application.
 */
public final class LocalActuator implements Actuator, Reconcilable, LeadershipListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalActuator.class);
    public static final String TYPE = "local";

    private final Path dataDir;
    private final Function<String, StateStore> stores;
    private final Object termLock = new Object();
    /** Whether this replica acts: between {@link #leading} and {@link #following}. */
    private volatile boolean acting;
    /** The epoch of the term acted under (or last acted under). */
    private volatile long term;
    /** Counts terms: a pool loaded in an earlier one is dropped. */
    private final AtomicLong generation = new AtomicLong();
    private final Function<String, LocalSettings> settings;
    private final LifecyclePublisher publisher;
    private final Clock clock;
    private final NodeProcesses procs;
    private final Map<String, Pool> known = new ConcurrentHashMap<>();
    private final Map<String, LocalPool> pools = new ConcurrentHashMap<>();
    private final Set<Integer> reservedPorts = ConcurrentHashMap.newKeySet();
    private final List<Consumer<NodeFailure>> failureHooks = new CopyOnWriteArrayList<>();
    private final ExecutorService workers;
    private volatile boolean closing;
    private final java.util.concurrent.Semaphore startPermits =
            new java.util.concurrent.Semaphore(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));

    /**
     * @param dataDir where the pools' state files (without a SharedState), the node secret and the node logs live
     * @param pools the pools configured at start (reconciled by {@link #reconcile()}); others are added on first use
     * @param settings each pool's settings by name
     */
    public LocalActuator(Path dataDir, Collection<Pool> pools, Function<String, LocalSettings> settings,
                         LifecyclePublisher publisher, Clock clock) {
        this(dataDir, pools, settings, publisher, clock, ChildEnvironment.system());
    }

    /** @param childEnv what node JVMs may inherit of the parent's environment ({@link ChildEnvironment}) */
    public LocalActuator(Path dataDir, Collection<Pool> pools, Function<String, LocalSettings> settings,
                         LifecyclePublisher publisher, Clock clock, ChildEnvironment childEnv) {
        this(dataDir, pools, settings, publisher, clock, childEnv, null, () -> 1);
    }

    /**
     * @param shared where the pools' state is kept and shared by the replicas (fenced), or null for the
     *               state files of the data dir
     * @param epoch the leader's fencing epoch now, 0 while this replica follows (for example
     *              {@code Leadership::epoch}); a single process passes {@code () -> 1}. The actuator acts
     *              from the start when it is positive at construction, else from the first {@link #leading}.
     */
    public LocalActuator(Path dataDir, Collection<Pool> pools, Function<String, LocalSettings> settings,
                         LifecyclePublisher publisher, Clock clock, ChildEnvironment childEnv, SharedState shared, LongSupplier epoch) {
        this(dataDir, pools, settings, publisher, clock, new NodeProcesses(dataDir, childEnv, NodeProcesses.currentUid()),
                stores(dataDir, shared), epoch);
    }

    /** Over given node processes (tests: another user id, another parent environment). */
    LocalActuator(Path dataDir, Collection<Pool> pools, Function<String, LocalSettings> settings,
                  LifecyclePublisher publisher, Clock clock, NodeProcesses procs) {
        this(dataDir, pools, settings, publisher, clock, procs, stores(dataDir, null), () -> 1);
    }

    private LocalActuator(Path dataDir, Collection<Pool> pools, Function<String, LocalSettings> settings,
                          LifecyclePublisher publisher, Clock clock, NodeProcesses procs, Function<String, StateStore> stores,
                          LongSupplier epoch) {
        this.stores = stores;
        long e = epoch.getAsLong();
        this.term = e;
        this.acting = e > 0;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.settings = settings;
        this.publisher = publisher;
        this.clock = clock;
        this.procs = procs;
        for (Pool p : pools) known.put(p.getName(), p);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-actuator-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, x) -> {
                if (x instanceof StaleEpochException) {
                    log.warn("local actuator: a write after this replica stopped leading was refused ({}); node processes are left "
                            + "for the leader to adopt", x.getMessage());
                } else {
                    log.error("local actuator: {} failed", thread.getName(), x);
                }
            });
            return t;
        });
    }

    /** The state store of each pool: its file in the data dir, or its document in the shared state. */
    private static Function<String, StateStore> stores(Path dataDir, SharedState shared) {
        Path dir = dataDir.toAbsolutePath().normalize();
        return shared == null ? name -> new FileStateStore(dir, name) : name -> new SharedStateStore(shared, name, new FileStateStore(dir, name));
    }

    @Override public String type() { return TYPE; }

    @Override public boolean ready(Pool pool) {
        if (!acting) {
            log.debug("local pool {} not ready: this replica does not lead", pool.getName());
            return false;
        }
        if (closing) {
            log.info("local pool {} not ready: the actuator is shutting down", pool.getName());
            return false;
        }
        try {
            pool(pool);
            return true;
        } catch (RuntimeException e) {
            log.warn("local pool {} not ready: {}", pool.getName(), e.getMessage());
            return false;
        }
    }

    /**
     * Publishes REQUESTED (or DRAINING) before it returns; starts and stops run in the background.
     *
     * @throws StaleEpochException when this replica does not lead, or its store refused the write (then it
     *         stops acting until its next {@link #leading})
     */
    @Override public void apply(Pool pool, Decision decision) {
        if (!acting) {
            throw new StaleEpochException(term, "local pool " + pool.getName() + ": decision " + decision.getId()
                    + " refused: this replica does not lead");
        }
        pool(pool).apply(decision);
    }

    @Override public List<Node> status(Pool pool) {
        return nodes(pool).stream().map(NodeInfo::toNode).toList();
    }

    /** The pool's live nodes with address and pid (on a follower: as the store holds them). */
    public List<NodeInfo> nodes(Pool pool) {
        if (!acting) return stored(pool.getName(), n -> !n.state().isFinal());
        return pool(pool).nodes();
    }

    private List<NodeInfo> stored(String name, java.util.function.Predicate<NodeInfo> which) {
        if (!Adoption.validId(name)) return List.of();
        return stores.apply(name).load().nodes().stream().filter(which).toList();
    }

    /**
     * Every RUNNING node of every pool (what the front routes to), or of one pool when {@code poolName}
     * is set. On a follower, as the stores hold them.
     */
    public List<NodeInfo> running(String poolName) {
        if (!acting) {
            List<NodeInfo> out = new ArrayList<>();
            for (String name : known.keySet()) {
                if (poolName != null && !poolName.equals(name)) continue;
                try {
                    out.addAll(stored(name, n -> n.state() == NodeState.RUNNING));
                } catch (RuntimeException e) {
                    log.warn("local pool {}: state not readable: {}", name, e.getMessage());
                }
            }
            return out;
        }
        List<NodeInfo> out = new ArrayList<>();
        for (LocalPool p : pools.values()) {
            if (poolName == null || poolName.equals(p.pool.getName())) {
                out.addAll(p.book.matching(n -> n.state() == NodeState.RUNNING));
            }
        }
        return out;
    }

    /** What dry-run pools would have done. */
    public List<String> dryRunActions(Pool pool) {
        return pool(pool).dryRunActions();
    }

    /** Failed starts so far (each one FAILED and, within the bound, retried). */
    public long startFailures(Pool pool) { return pool(pool).startFailures.get(); }

    /** The processes that claim to be nodes of the pool and are not adopted, with why (as of the last pass). */
    Map<Long, Adoption.Refusal> refused(Pool pool) { return Map.copyOf(pool(pool).refused); }

    /** Nodes that died on their own so far. */
    public long crashes(Pool pool) { return pool(pool).crashes.get(); }

    /** Registers a hook called when a node dies on its own (after its FAILED event). */
    public void onNodeFailure(Consumer<NodeFailure> hook) {
        failureHooks.add(hook);
    }

    /**
     * Asks for a replacement of {@code node}, as the engine's REPLACE_NODE would; the decision id is
     * derived from the node, so asking twice replaces once.
     */
    public void replace(Pool pool, String node) {
        apply(pool, new Decision("replace-" + node, DecisionKind.REPLACE_NODE, pool.getName(), 1, node,
                "node failure", List.of(), "local-actuator"));
    }

    /** One pass over every known pool (the leader only: a follower does nothing). */
    @Override public int reconcile() {
        if (!acting) return 0;
        int changed = 0;
        for (Pool p : known.values()) {
            try {
                changed += LocalReconciler.reconcile(pool(p));
            } catch (RuntimeException e) {
                log.warn("local pool {}: not reconciled: {}", p.getName(), e.getMessage());
            }
        }
        return changed;
    }

    /** The pool, loaded from its store and reconciled on first use of the term; refused on a follower. */
    LocalPool pool(Pool pool) {
        if (!Adoption.validId(pool.getName())) {
            throw new IllegalArgumentException("local pool name '" + pool.getName() + "' must be letters, digits and dashes (it names files and node ids)");
        }
        known.putIfAbsent(pool.getName(), pool);
        while (true) {
            if (!acting) {
                throw new StaleEpochException(term, "local pool " + pool.getName() + " is not loaded: this replica does not lead");
            }
            long gen = generation.get();
            LocalPool lp = pools.computeIfAbsent(pool.getName(), name -> {
                LocalPool fresh = new LocalPool(pool, settings.apply(name), publisher, clock, stores.apply(name),
                        procs, workers, reservedPorts, this::failed, startPermits, gen, e -> fenced(gen, e));
                LocalReconciler.load(fresh);
                LocalReconciler.reconcile(fresh);
                return fresh;
            });
            if (lp.generation == generation.get() && acting) return lp;
            // loaded for a term that ended meanwhile: drop it (its processes are adopted by the current term's load)
            if (pools.remove(pool.getName(), lp)) lp.book.quiesce(() -> lp.abandoned = true);
        }
    }

    /** A write was refused by the fence: this replica stops acting now (the pool that tried is abandoned already). */
    private void fenced(long gen, StaleEpochException e) {
        synchronized (termLock) {
            if (!acting || generation.get() != gen) return;
            acting = false;
        }
        log.warn("local actuator stops acting: {}; node processes are left running for the leader to adopt", e.getMessage());
    }

    /**
     * This replica leads under {@code epoch}: the pools of an earlier term are dropped, and each known pool
     * is loaded again from its store, adopting the running node processes and publishing the events that
     * were persisted but maybe not published. Call it before the engine reads {@link #status}. A repeat for
     * the term already acted under changes nothing.
     */
    @Override public void leading(long epoch) {
        List<LocalPool> old;
        synchronized (termLock) {
            if (closing || (acting && term == epoch)) return;
            term = epoch;
            generation.incrementAndGet();
            old = new ArrayList<>(pools.values());
            pools.clear();
            acting = true;
        }
        for (LocalPool p : old) p.book.quiesce(() -> p.abandoned = true);
        reservedPorts.clear(); // the load's reconciliation reserves the ports of the nodes it adopts
        log.info("local actuator leads under epoch {}: loading {} pool(s)", epoch, known.size());
        for (Pool p : known.values()) {
            try {
                pool(p);
            } catch (RuntimeException e) {
                log.error("local pool {}: not loaded: {}", p.getName(), e.getMessage());
            }
        }
    }

    /**
     * This replica stopped leading: no decision is applied ({@link #apply} throws
     * {@link StaleEpochException}), nothing is reconciled, nothing more is written or published. The node
     * processes keep running: the next leader adopts them (they prove the data dir's secret).
     */
    @Override public void following(String why) {
        List<LocalPool> old;
        synchronized (termLock) {
            acting = false;
            old = new ArrayList<>(pools.values());
            pools.clear();
        }
        for (LocalPool p : old) p.book.quiesce(() -> p.abandoned = true);
        long live = old.stream().mapToLong(p -> p.book.live().size()).sum();
        log.info("local actuator stops acting ({}); {} live node(s) are left running for the next leader", why, live);
    }

    /**
     * The catalog has {@code pool} now, added or changed. A loaded pool that runs no node is loaded again
     * on its next use, with its new settings; one that runs nodes keeps its settings until the next term.
     */
    public void configure(Pool pool) {
        known.put(pool.getName(), pool);
        LocalPool lp = pools.get(pool.getName());
        if (lp != null && lp.book.live().isEmpty() && pools.remove(pool.getName(), lp)) lp.book.quiesce(() -> lp.abandoned = true);
        else if (lp != null) log.info("local pool {}: changed in the catalog; its running nodes keep the settings they started with until the next term", pool.getName());
    }

    /** The catalog no longer has {@code pool} (it holds no nodes): it is neither loaded nor reconciled any more. */
    public void forget(String pool) {
        known.remove(pool);
        LocalPool lp = pools.remove(pool);
        if (lp != null) lp.book.quiesce(() -> lp.abandoned = true);
    }

    /** Whether this replica acts (it leads, as far as it was told). */
    public boolean acting() { return acting; }

    private void failed(NodeFailure f) {
        for (Consumer<NodeFailure> hook : failureHooks) {
            try {
                hook.accept(f);
            } catch (RuntimeException e) {
                log.warn("node failure hook failed on {}: {}", f, e.toString());
            }
        }
    }

    /**
     * Stops as a crash of Baton would: no more events, no more file writes, node processes left
     * running for the next instance to adopt. For restart tests and shutdown without teardown.
     */
    public void abandon() {
        closing = true;
        for (LocalPool p : pools.values()) {
            p.book.quiesce(() -> p.abandoned = true);
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Shuts the actuator down leaving nodes running (they are adopted on the next start). Use
     * {@link #terminateAll(long)} first to stop them.
     */
    @Override public void close() {
        abandon();
    }

    /** Drains and stops every live node of every pool, waiting up to {@code timeoutMs} for them to end and their events to be out. */
    public void terminateAll(long timeoutMs) {
        closing = true;
        for (LocalPool p : pools.values()) {
            for (NodeInfo n : p.book.live()) {
                if (n.state() != NodeState.DRAINING) p.remove(n.id(), "shutdown");
            }
        }
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline
                && pools.values().stream().anyMatch(p -> !p.book.live().isEmpty() || !p.book.published())) {
            NodeRunner.sleep(20);
        }
    }

    /** The data dir's absolute path (the owner mark of its node processes). */
    public Path dataDir() { return dataDir; }
}
