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
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
 */
public final class CommandActuator implements Actuator, Reconcilable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommandActuator.class);
    public static final String TYPE = "command";

    private final Function<String, CommandSettings> settings;
    private final LifecyclePublisher publisher;
    private final Clock clock;
    private final Invoker invoker = new Invoker();
    private final ChildEnvironment childEnv;
    private final Map<String, Pool> known = new ConcurrentHashMap<>();
    private final Map<String, State> pools = new ConcurrentHashMap<>();
    private final ExecutorService workers;

    private record State(Pool pool, CommandSettings settings, ChildEnvironment env, NodeBook book, DecisionLedger ledger,
                         AtomicInteger inFlight, List<String> dryRuns, List<String> failures) { }

    /** Commands inherit only the allow-listed variables of this JVM's environment ({@link ChildEnvironment}). */
    public CommandActuator(Collection<Pool> pools, Function<String, CommandSettings> settings,
                           LifecyclePublisher publisher, Clock clock) {
        this(pools, settings, publisher, clock, ChildEnvironment.system());
    }

    /** @param childEnv what commands may inherit of the parent's environment (each pool adds its {@code pass-env}) */
    public CommandActuator(Collection<Pool> pools, Function<String, CommandSettings> settings,
                           LifecyclePublisher publisher, Clock clock, ChildEnvironment childEnv) {
        this.childEnv = childEnv;
        this.settings = settings;
        this.publisher = publisher;
        this.clock = clock;
        for (Pool p : pools) known.put(p.getName(), p);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "command-actuator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override public String type() { return TYPE; }

    /** False while an action of this pool runs (or when the pool has no command settings). */
    @Override public boolean ready(Pool pool) {
        try {
            return state(pool).inFlight().get() == 0;
        } catch (IllegalArgumentException e) {
            log.warn("pool {}: {}", pool.getName(), e.getMessage());
            return false;
        }
    }

    @Override public void apply(Pool pool, Decision d) {
        State s = state(pool);
        if (d.getKind() == io.baton.engine.model.DecisionKind.REPLACE_NODE && (d.getNode() == null || s.book().get(d.getNode()) == null)) {
            throw new IllegalArgumentException("pool " + pool.getName() + " has no node " + d.getNode());
        }
        if (!s.ledger().claim(d.getId())) {
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
                background(s, () -> provision(s, d, ids, "provision", s.settings().provision(), null));
            }
            case SCALE_IN -> {
                List<String> ids = new ArrayList<>();
                for (NodeInfo n : s.book().pickForRemoval(d.getAmount())) {
                    if (s.book().transition(n.id(), NodeState.DRAINING, d.getId())) ids.add(n.id());
                }
                if (!ids.isEmpty()) background(s, () -> deprovision(s, d, ids));
            }
            case REPLACE_NODE -> {
                NodeInfo old = s.book().get(d.getNode());
                List<String> ids = request(s, d, 1);
                background(s, () -> replace(s, d, ids, old));
            }
            default -> throw new IllegalArgumentException("command actuator does not handle " + d.getKind());
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

    private void background(State s, Runnable task) {
        s.inFlight().incrementAndGet();
        workers.execute(() -> {
            try {
                task.run();
            } finally {
                s.inFlight().decrementAndGet();
            }
        });
    }

    private boolean provision(State s, Decision d, List<String> ids, String action, String command, String oldNode) {
        for (String id : ids) s.book().transition(id, NodeState.STARTING, d.getId());
        try {
            String out = invoke(s, d, action, command, ids, oldNode);
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

    private void deprovision(State s, Decision d, List<String> ids) {
        try {
            invoke(s, d, "deprovision", s.settings().deprovision(), ids, null);
            for (String id : ids) s.book().transition(id, NodeState.TERMINATED, d.getId());
        } catch (ActionFailed e) {
            log.error("pool {}: nodes {} stay DRAINING (still billed): deprovision failed: {}", s.pool().getName(), ids, e.getMessage());
        }
    }

    private void replace(State s, Decision d, List<String> ids, NodeInfo old) {
        if (s.settings().replace() != null) {
            if (provision(s, d, ids, "replace", s.settings().replace(), old.id())) {
                s.book().transition(old.id(), NodeState.DRAINING, d.getId());
                s.book().transition(old.id(), NodeState.TERMINATED, d.getId());
            }
        } else if (provision(s, d, ids, "provision", s.settings().provision(), null)
                && s.book().transition(old.id(), NodeState.DRAINING, d.getId())) {
            deprovision(s, d, List.of(old.id()));
        }
    }

    /** Runs the action (command or webhook) with retries; the last failure is recorded and thrown. */
    private String invoke(State s, Decision d, String action, String command, List<String> nodes, String oldNode) throws ActionFailed {
        CommandSettings cs = s.settings();
        String json = DecisionPayload.json(s.pool(), d, action, nodes, oldNode);
        ActionFailed last = null;
        for (int attempt = 1; attempt <= cs.maxAttempts(); attempt++) {
            try {
                if (command != null) return invoker.command(command, s.env(), DecisionPayload.env(s.pool(), d, action, nodes, oldNode), json, cs.timeout());
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

    /** The pool's live nodes; refreshed from the status command first when one is configured. */
    public List<NodeInfo> nodes(Pool pool) {
        State s = state(pool);
        if (s.settings().status() != null && s.inFlight().get() == 0) reconcile(s);
        return s.book().live();
    }

    /** What a dry-run pool would have done. */
    public List<String> dryRunActions(Pool pool) { return List.copyOf(state(pool).dryRuns()); }

    /** The final failures of actions, with the command's stderr or the webhook's body. */
    public List<String> failures(Pool pool) { return List.copyOf(state(pool).failures()); }

    @Override public int reconcile() {
        int changed = 0;
        for (Pool p : known.values()) {
            State s = state(p);
            if (s.settings().status() != null && s.inFlight().get() == 0) changed += reconcile(s);
        }
        return changed;
    }

    /** Runs the status command and makes the book agree: new nodes adopted, missing ones TERMINATED. */
    private int reconcile(State s) {
        String out;
        try {
            out = invoker.command(s.settings().status(), s.env(), DecisionPayload.env(s.pool(), new Decision("status", io.baton.engine.model.DecisionKind.SET_CAPACITY,
                    s.pool().getName(), 0, null, "status", List.of(), "reconcile"), "status", List.of(), null), "{}", s.settings().timeout());
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
        for (NodeInfo n : s.book().live()) {
            if (!seen.contains(n.id()) && s.book().transition(n.id(), NodeState.TERMINATED, "")) changed++;
        }
        return changed;
    }

    private State state(Pool pool) {
        known.putIfAbsent(pool.getName(), pool);
        return pools.computeIfAbsent(pool.getName(), name -> {
            CommandSettings cs = settings.apply(name);
            if (cs == null) throw new IllegalArgumentException("pool " + name + " has no command settings");
            return new State(pool, cs, childEnv.passing(cs.passEnv()), new NodeBook(pool, publisher, clock, NodeBook.Journal.NONE), new DecisionLedger(10_000),
                    new AtomicInteger(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        });
    }

    @Override public void close() {
        workers.shutdownNow();
    }
}
