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
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local process-pool actuator (type {@code local}): each node is a {@link io.baton.actuators.node.NodeServer}
 * process on its own loopback port. Pool state lives in {@code <data>/nodes/<pool>.json}, so a new
 * instance over the same data dir adopts the nodes of an earlier one.
 *
 * <p>Readiness: a pool is ready once its state file has been loaded and reconciled, and until the
 * actuator shuts down ({@link #terminateAll}, {@link #close}). Operations on one
 * pool may overlap (a replacement in flight does not block a scale-out): every node is handled on its
 * own and the decision ledger keeps each decision to one application.
 */
public final class LocalActuator implements Actuator, Reconcilable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalActuator.class);
    public static final String TYPE = "local";

    private final Path dataDir;
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
     * @param dataDir where the pools' state files and node logs live
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
        this(dataDir, pools, settings, publisher, clock, new NodeProcesses(dataDir, childEnv, NodeProcesses.currentUid()));
    }

    /** Over given node processes (tests: another user id, another parent environment). */
    LocalActuator(Path dataDir, Collection<Pool> pools, Function<String, LocalSettings> settings,
                  LifecyclePublisher publisher, Clock clock, NodeProcesses procs) {
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
            return t;
        });
    }

    @Override public String type() { return TYPE; }

    @Override public boolean ready(Pool pool) {
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

    /** Publishes REQUESTED (or DRAINING) before it returns; starts and stops run in the background. */
    @Override public void apply(Pool pool, Decision decision) {
        pool(pool).apply(decision);
    }

    @Override public List<Node> status(Pool pool) {
        return pool(pool).nodes().stream().map(NodeInfo::toNode).toList();
    }

    /** The pool's live nodes with address and pid. */
    public List<NodeInfo> nodes(Pool pool) {
        return pool(pool).nodes();
    }

    /** Every RUNNING node of every pool (what the front routes to), or of one pool when {@code poolName} is set. */
    public List<NodeInfo> running(String poolName) {
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

    @Override public int reconcile() {
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

    LocalPool pool(Pool pool) {
        if (!Adoption.validId(pool.getName())) {
            throw new IllegalArgumentException("local pool name '" + pool.getName() + "' must be letters, digits and dashes (it names files and node ids)");
        }
        known.putIfAbsent(pool.getName(), pool);
        return pools.computeIfAbsent(pool.getName(), name -> {
            LocalPool lp = new LocalPool(pool, settings.apply(name), publisher, clock, new StateStore(dataDir, name),
                    procs, workers, reservedPorts, this::failed, startPermits);
            LocalReconciler.load(lp);
            LocalReconciler.reconcile(lp);
            return lp;
        });
    }

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
