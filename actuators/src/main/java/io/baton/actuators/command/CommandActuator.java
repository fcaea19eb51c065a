package io.baton.actuators.command;

import io.baton.actuators.env.ChildEnvironment;
import io.baton.actuators.lifecycle.DecisionLedger;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.lifecycle.NodeBook;
import io.baton.actuators.lifecycle.NodeIds;
import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.reconcile.Reconcilable;
import io.baton.engine.model.Decision;
import io.baton.engine.model.Node;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Actuator;
import io.baton.engine.port.LeadershipListener;
import io.baton.engine.port.SharedState;
import io.baton.engine.port.StaleEpochException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command/webhook actuator (type {@code command}): runs a configured command (Terraform, Ansible,
 * a cloud CLI...) or POSTs to a webhook for each operation. The decision goes in as environment
 * variables ({@code BATON_*}) and as JSON on stdin / as the request body. A command's environment is
 * built from nothing ({@link ChildEnvironment}): Baton's tokens never reach it. REQUESTED (or DRAINING) is
 * published before {@link #apply} returns; the command runs in the background, with a timeout and
 * bounded retries; its success makes the nodes RUNNING (or TERMINATED), its final failure FAILED.
 *
 * <p>Not ready while an action of the same pool is running: infrastructure tools hold locks on their
 * state, so operations on one pool are never run side by side.
 *
 * <p>With a {@link SharedState} (replicas sharing one database), each decision id is claimed in the
 * shared ledger {@code command/<pool>} before anything is done, so it is applied once across replicas
 * and restarts, and each pool's book is written to the document {@code node-book}/{@code <pool>} at
 * every transition (fenced). Every action gets the leader's epoch as {@code BATON_EPOCH}. The actuator
 * acts only between {@link #leading} and {@link #following}: a new term reloads the books from the
 * shared state; a follower refuses decisions ({@link StaleEpochException}) and lets the commands still
 * running finish, their later book writes being refused. Without a SharedState the ledger and the books
 * live in memory, as for a single process.
 */
public final class CommandActuator implements Actuator, Reconcilable, LeadershipListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommandActuator.class);
    /** Worker threads kept alive between actions (more are started on demand and time out after 60 s idle). */
    private static final int WARM_WORKERS = 2;
    public static final String TYPE = "command";

    private final Function<String, CommandSettings> settings;
    private final LifecyclePublisher publisher;
    private final Clock clock;
    private final Invoker invoker = new Invoker();
    private final ChildEnvironment childEnv;
    private final Map<String, Pool> known = new ConcurrentHashMap<>();
    private final Map<String, State> pools = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    /** The fenced shared ledger and books, or null: both in memory. */
    private final SharedState shared;
    /** The leader's epoch now (0 while following); given to each action as {@code BATON_EPOCH}. */
    private final LongSupplier epoch;
    private final Object termLock = new Object();
    /** Whether this replica acts: between {@link #leading} and {@link #following}, or from the start when the epoch is positive. */
    private volatile boolean acting;
    /** The epoch of the term acted under (or last acted under). */
    private volatile long term;
    /** Counts terms whose books were loaded: a book of an older generation writes nothing. */
    private final AtomicLong generation = new AtomicLong();

    /**
     * @param generation the term whose shared book this state holds
     * @param termEpoch that term's epoch
     */
    private record State(Pool pool, CommandSettings settings, ChildEnvironment env, NodeBook book, DecisionLedger ledger,
                         AtomicInteger inFlight, List<String> dryRuns, List<String> failures, long generation, long termEpoch) { }

    /** Commands inherit only the allow-listed variables of this JVM's environment ({@link ChildEnvironment}). */
    public CommandActuator(Collection<Pool> pools, Function<String, CommandSettings> settings,
                           LifecyclePublisher publisher, Clock clock) {
        this(pools, settings, publisher, clock, ChildEnvironment.system());
    }

    /** @param childEnv what commands may inherit of the parent's environment (each pool adds its {@code pass-env}) */
    public CommandActuator(Collection<Pool> pools, Function<String, CommandSettings> settings,
                           LifecyclePublisher publisher, Clock clock, ChildEnvironment childEnv) {
        this(pools, settings, publisher, clock, childEnv, null, () -> 1);
    }

    /**
     * @param shared where the decision ledger and the node books are shared by the replicas (fenced), or
     *               null to keep them in memory
     * @param epoch the leader's current fencing epoch, 0 while this replica follows (for example
     *              {@code Leadership::epoch}); a single process passes {@code () -> 1}. The actuator acts
     *              from the start when it is positive at construction, else from the first {@link #leading}.
     */
    public CommandActuator(Collection<Pool> pools, Function<String, CommandSettings> settings,
                           LifecyclePublisher publisher, Clock clock, ChildEnvironment childEnv,
                           SharedState shared, LongSupplier epoch) {
        this.shared = shared;
        this.epoch = epoch;
        long e = epoch.getAsLong();
        this.term = e;
        this.acting = e > 0;
        this.childEnv = childEnv;
        this.settings = settings;
        this.publisher = publisher;
        this.clock = clock;
        for (Pool p : pools) known.put(p.getName(), p);
        AtomicInteger n = new AtomicInteger();
        // a cached pool whose first WARM_WORKERS threads never time out: a decision after a quiet spell does not
        // wait for a new thread (about 2 ms on a 2-core machine, BENCHMARKS.md, "The race")
        ThreadPoolExecutor pool = new ThreadPoolExecutor(WARM_WORKERS, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "command-actuator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.prestartAllCoreThreads();
        this.workers = pool;
    }

    @Override public String type() { return TYPE; }

    /**
     * False while an action of this pool runs (or when the pool has no command settings, its shared book
     * cannot be read, or this replica follows).
     */
    @Override public boolean ready(Pool pool) {
        if (!acting) return false;
        try {
            return state(pool).inFlight().get() == 0;
        } catch (RuntimeException e) {
            log.warn("pool {}: {}", pool.getName(), e.getMessage());
            return false;
        }
    }

    /**
     * Claims the decision id (in the shared ledger when there is one), books the nodes REQUESTED (or
     * DRAINING) and runs the command in the background.
     *
     * @throws StaleEpochException when this replica follows, or the claim or a book write is refused by the
     *         fence (then no command runs, and this replica stops acting until its next {@link #leading})
     */
    @Override public void apply(Pool pool, Decision d) {
        if (!acting) {
            throw new StaleEpochException(term, "pool " + pool.getName() + ": decision " + d.getId() + " refused: this replica does not lead");
        }
        long at = epoch.getAsLong();
        if (at <= 0) {
            throw new StaleEpochException(term, "pool " + pool.getName() + ": decision " + d.getId() + " refused: no leader epoch (this replica follows)");
        }
        State s = state(pool);
        if (d.getKind() == io.baton.engine.model.DecisionKind.REPLACE_NODE && (d.getNode() == null || s.book().get(d.getNode()) == null)) {
            throw new IllegalArgumentException("pool " + pool.getName() + " has no node " + d.getNode());
        }
        if (!claim(s, d.getId())) {
            log.info("pool {}: decision {} already applied, ignored", pool.getName(), d.getId());
            return;
        }
        if (s.settings().dryRun()) {
            String what = "dry-run: would run " + d.getKind().label() + " on pool " + pool.getName()
                    + (d.getNode() != null ? " node " + d.getNode() : " by " + d.getAmount()) + " (decision " + d.getId() + ")";
            s.dryRuns().add(what);
            log.info(what);
            return;
        }
        switch (d.getKind()) {
            case SCALE_OUT -> {
                List<String> ids = request(s, d, d.getAmount());
                background(s, d, () -> provision(s, d, at, ids, "provision", s.settings().provision(), null));
            }
            case SCALE_IN -> {
                List<String> ids = new ArrayList<>();
                for (NodeInfo n : s.book().pickForRemoval(d.getAmount())) {
                    if (s.book().transition(n.id(), NodeState.DRAINING, d.getId())) ids.add(n.id());
                }
                if (!ids.isEmpty()) background(s, d, () -> deprovision(s, d, at, ids));
            }
            case REPLACE_NODE -> {
                NodeInfo old = s.book().get(d.getNode());
                List<String> ids = request(s, d, 1);
                background(s, d, () -> replace(s, d, at, ids, old));
            }
            default -> throw new IllegalArgumentException("command actuator does not handle " + d.getKind());
        }
    }

    /** True the first time the decision id is claimed: once across replicas and restarts with a SharedState. */
    private boolean claim(State s, String id) {
        if (shared == null) return s.ledger().claim(id);
        try {
            return shared.claim("command/" + s.pool().getName(), id);
        } catch (StaleEpochException e) {
            fenced(s, e);
            throw e;
        }
    }

    private List<String> request(State s, Decision d, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = NodeIds.next(s.pool().getName(), x -> s.book().get(x) != null);
            if (s.book().transition(id, NodeState.REQUESTED, d.getId(), "", -1)) ids.add(id);
        }
        return ids;
    }

    private void background(State s, Decision d, Runnable task) {
        s.inFlight().incrementAndGet();
        workers.execute(() -> {
            try {
                task.run();
            } catch (StaleEpochException e) {
                log.warn("pool {}: decision {}: a book write after this replica stopped leading was refused by the fence ({}); "
                        + "the leader reconciles the pool", s.pool().getName(), d.getId(), e.getMessage());
            } finally {
                s.inFlight().decrementAndGet();
            }
        });
    }

    private boolean provision(State s, Decision d, long at, List<String> ids, String action, String command, String oldNode) {
        for (String id : ids) s.book().transition(id, NodeState.STARTING, d.getId());
        try {
            String out = invoke(s, d, at, action, command, ids, oldNode);
            Map<String, String> addresses = DecisionPayload.addresses(out);
            for (String id : ids) {
                String addr = addresses.get(id);
                s.book().transition(id, NodeState.RUNNING, d.getId(), addr, -1);
            }
            return true;
        } catch (ActionFailed e) {
            for (String id : ids) s.book().transition(id, NodeState.FAILED, d.getId());
            return false;
        }
    }

    private void deprovision(State s, Decision d, long at, List<String> ids) {
        try {
            invoke(s, d, at, "deprovision", s.settings().deprovision(), ids, null);
            for (String id : ids) s.book().transition(id, NodeState.TERMINATED, d.getId());
        } catch (ActionFailed e) {
            log.error("pool {}: nodes {} stay DRAINING (still billed): deprovision failed: {}", s.pool().getName(), ids, e.getMessage());
        }
    }

    private void replace(State s, Decision d, long at, List<String> ids, NodeInfo old) {
        if (s.settings().replace() != null) {
            if (provision(s, d, at, ids, "replace", s.settings().replace(), old.id())) {
                s.book().transition(old.id(), NodeState.DRAINING, d.getId());
                s.book().transition(old.id(), NodeState.TERMINATED, d.getId());
            }
        } else if (provision(s, d, at, ids, "provision", s.settings().provision(), null)
                && s.book().transition(old.id(), NodeState.DRAINING, d.getId())) {
            deprovision(s, d, at, List.of(old.id()));
        }
    }

    /** Runs the action (command or webhook) with retries; the last failure is recorded and thrown. */
    private String invoke(State s, Decision d, long at, String action, String command, List<String> nodes, String oldNode) throws ActionFailed {
        CommandSettings cs = s.settings();
        String json = DecisionPayload.json(s.pool(), d, action, nodes, oldNode, at);
        ActionFailed last = null;
        for (int attempt = 1; attempt <= cs.maxAttempts(); attempt++) {
            try {
                if (command != null) return invoker.command(command, s.env(), DecisionPayload.env(s.pool(), d, action, nodes, oldNode, at), json, cs.timeout());
                if (cs.webhookUrl() != null) return invoker.webhook(cs.webhookUrl(), json, cs.timeout());
                throw new ActionFailed("no command and no webhook for action " + action, false);
            } catch (ActionFailed e) {
                last = e;
                log.warn("pool {}: {} attempt {}/{} failed: {}", s.pool().getName(), action, attempt, cs.maxAttempts(), e.getMessage());
                if (!e.retryable || attempt == cs.maxAttempts()) break;
                try {
                    Thread.sleep(cs.retryBackoff().toMillis() << Math.min(10, attempt - 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        s.failures().add(action + " " + d.getId() + ": " + last.getMessage());
        throw last;
    }

    @Override public List<Node> status(Pool pool) {
        return nodes(pool).stream().map(NodeInfo::toNode).toList();
    }

    /**
     * The pool's live nodes; refreshed from the status command first when one is configured. A follower
     * with a SharedState reads them from the leader's shared book (and runs no command).
     */
    public List<NodeInfo> nodes(Pool pool) {
        if (!acting && shared != null) {
            String doc = shared.read(BookDocument.KIND, pool.getName());
            return doc == null ? List.of() : BookDocument.parse(pool.getName(), doc).nodes().stream().filter(n -> !n.state().isFinal()).toList();
        }
        State s = state(pool);
        if (acting && s.settings().status() != null && s.inFlight().get() == 0) reconcile(s);
        return s.book().live();
    }

    /** What a dry-run pool would have done. */
    public List<String> dryRunActions(Pool pool) { return List.copyOf(state(pool).dryRuns()); }

    /** The final failures of actions, with the command's stderr or the webhook's body. */
    public List<String> failures(Pool pool) { return List.copyOf(state(pool).failures()); }

    /** Runs the pools' status commands (the leader only: a follower does nothing). */
    @Override public int reconcile() {
        if (!acting) return 0;
        int changed = 0;
        for (Pool p : known.values()) {
            try {
                State s = state(p);
                if (s.settings().status() != null && s.inFlight().get() == 0) changed += reconcile(s);
            } catch (RuntimeException e) {
                log.warn("command pool {}: not reconciled: {}", p.getName(), e.getMessage());
            }
        }
        return changed;
    }

    /** Runs the status command and makes the book agree: new nodes adopted, missing ones TERMINATED. */
    private int reconcile(State s) {
        String out;
        try {
            out = invoker.command(s.settings().status(), s.env(), DecisionPayload.env(s.pool(), new Decision("status", io.baton.engine.model.DecisionKind.SET_CAPACITY,
                    s.pool().getName(), 0, null, "status", List.of(), "reconcile"), "status", List.of(), null, epoch.getAsLong()), "{}", s.settings().timeout());
        } catch (ActionFailed e) {
            log.warn("pool {}: status command failed: {}", s.pool().getName(), e.getMessage());
            return 0;
        }
        int changed = 0;
        Set<String> seen = new HashSet<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2) continue;
            NodeState state;
            try {
                state = NodeState.valueOf(f[1].toUpperCase());
            } catch (IllegalArgumentException e) {
                log.warn("pool {}: status line with unknown state ignored: {}", s.pool().getName(), line);
                continue;
            }
            seen.add(f[0]);
            NodeInfo known = s.book().get(f[0]);
            if ((known == null || known.state() != state)
                    && s.book().transition(f[0], state, known == null ? "" : known.decision(), f.length > 2 ? f[2] : "", -1)) changed++;
        }
        long grace = s.settings().timeout().toMillis();
        for (NodeInfo n : s.book().live()) {
            if (seen.contains(n.id())) continue;
            // a node still being provisioned by a command this process did not start (an earlier leader's,
            // which may outlive it) is given the command's timeout to appear before it counts as gone
            boolean provisioning = n.state() == NodeState.REQUESTED || n.state() == NodeState.STARTING;
            if (provisioning && clock.millis() - n.since() < grace) continue;
            if (s.book().transition(n.id(), NodeState.TERMINATED, "")) changed++;
        }
        return changed;
    }

    /**
     * The catalog has {@code pool} now, added or changed. A pool with no live node and nothing in flight
     * takes its new settings at once; one with work under way at its next load (the next term).
     */
    public void configure(Pool pool) {
        known.put(pool.getName(), pool);
        State s = pools.get(pool.getName());
        if (s != null && s.inFlight().get() == 0 && s.book().live().isEmpty()) pools.remove(pool.getName(), s);
        else if (s != null) log.info("pool {}: changed in the catalog; its new command settings apply from the next term", pool.getName());
    }

    /** The catalog no longer has {@code pool} (it holds no nodes): it is neither used nor reconciled any more. */
    public void forget(String pool) {
        known.remove(pool);
        pools.remove(pool);
    }

    /**
     * The pool's state, made on first use. With a SharedState, its book is loaded from the shared document,
     * and the events persisted there but maybe not published are published again (by the leader only).
     */
    private State state(Pool pool) {
        known.putIfAbsent(pool.getName(), pool);
        State s = pools.get(pool.getName());
        if (s != null) return s;
        String name = pool.getName();
        CommandSettings cs = settings.apply(name);
        if (cs == null) throw new IllegalArgumentException("pool " + name + " has no command settings");
        long gen = generation.get();
        long termEpoch = term;
        State[] made = new State[1];
        NodeBook book = new NodeBook(pool, publisher, clock, shared == null ? NodeBook.Journal.NONE : (nodes, unpublished) -> {
            State self = made[0];
            if (generation.get() != gen) { // the shared state would take it under this replica's newer epoch: never let it
                throw new StaleEpochException(termEpoch, "pool " + name + ": book of epoch " + termEpoch
                        + " not written: this replica leads a newer term (epoch " + term + ")");
            }
            try {
                shared.write(BookDocument.KIND, name, new BookDocument(nodes, unpublished).json());
            } catch (StaleEpochException e) {
                if (self != null) fenced(self, e);
                throw e;
            }
        });
        List<NodeInfo> pending = List.of();
        if (shared != null) {
            String doc = shared.read(BookDocument.KIND, name);
            if (doc != null) {
                BookDocument stored = BookDocument.parse(name, doc);
                for (NodeInfo n : stored.nodes()) book.load(n);
                pending = stored.pending();
            }
        }
        State fresh = new State(pool, cs, childEnv.passing(cs.passEnv()), book, new DecisionLedger(10_000),
                new AtomicInteger(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(), gen, termEpoch);
        made[0] = fresh;
        State prev = pools.putIfAbsent(name, fresh);
        if (prev != null) return prev;
        if (generation.get() != gen) { // a new term began while this one loaded: load it for that term
            pools.remove(name, fresh);
            return state(pool);
        }
        if (!pending.isEmpty() && acting) {
            log.info("pool {}: re-publishing {} event(s) of the shared book", name, pending.size());
            book.republish(pending);
        }
        if (acting) book.reassert();
        return fresh;
    }

    /** A write of {@code s}'s term was refused by the fence: stop acting now (unless a newer term already began). */
    private void fenced(State s, StaleEpochException e) {
        synchronized (termLock) {
            if (acting && generation.get() == s.generation()) {
                acting = false;
                log.warn("command actuator stops acting: {}", e.getMessage());
            }
        }
    }

    /**
     * This replica leads under {@code epoch}: with a SharedState, the in-memory books of an earlier term are
     * dropped and every known pool's book is reloaded from the shared state (its unpublished events
     * published again). Call it before the engine reads {@link #status}. A repeat for the term already
     * acted under changes nothing.
     */
    @Override public void leading(long epoch) {
        synchronized (termLock) {
            if (acting && term == epoch) return;
            term = epoch;
            if (shared != null) {
                generation.incrementAndGet();
                pools.clear(); // commands of the earlier term still running keep their state; its writes are refused
            }
            acting = true;
            log.info("command actuator leads under epoch {}", epoch);
        }
        if (shared == null) return;
        for (Pool p : known.values()) {
            try {
                state(p);
            } catch (RuntimeException e) {
                log.error("command pool {}: book not reloaded: {}", p.getName(), e.getMessage());
            }
        }
    }

    /**
     * This replica stopped leading: no new decision is applied ({@link #apply} throws
     * {@link StaleEpochException}), no status command is run. Commands already running are left to finish;
     * their later book writes are refused.
     */
    @Override public void following(String why) {
        int running;
        synchronized (termLock) {
            acting = false;
            running = pools.values().stream().mapToInt(s -> s.inFlight().get()).sum();
        }
        if (running > 0) {
            log.warn("command actuator stops acting ({}); {} command(s) still running are left to finish, their later book writes "
                    + "will be refused by the fence", why, running);
        } else {
            log.info("command actuator stops acting: {}", why);
        }
    }

    /** Whether this replica acts (it leads, as far as it was told). */
    public boolean acting() { return acting; }

    @Override public void close() {
        workers.shutdownNow();
    }
}
