package io.baton.actuators.kubernetes;

import io.baton.actuators.lifecycle.DecisionLedger;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.lifecycle.NodeBook;
import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.reconcile.Reconcilable;
import io.baton.engine.model.Decision;
import io.baton.engine.model.Node;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Actuator;
import io.baton.engine.port.StaleEpochException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes actuator (type {@code kubernetes}): scales a Deployment or StatefulSet through its
 * {@code replicas}, deletes a pod to have its controller replace it, and maps pods to nodes.
 *
 * <p>Pod names are not known when a scale-out is applied, so {@link #apply} publishes REQUESTED for
 * placeholder nodes ({@code <workload>-pending-<decision>-<i>}); when reconciliation sees a new pod it
 * retires the oldest placeholder (TERMINATED, never billed as it never ran) and follows the pod as a
 * node of its own. Decision ids are kept in the workload's {@code baton.io/decisions} annotation, so a
 * restarted Baton does not apply a decision twice. Not ready while the workload is missing, paused or
 * rolling out.
 *
 * <p>Every edit of the workload also writes the leader's fencing epoch ({@code baton.io/epoch}) and the
 * decision id ({@code baton.io/decision}). A decision is refused with {@link StaleEpochException}, before
 * anything is changed, when the workload already carries a newer epoch: a newer leader has acted on it,
 * so this replica is a stale one. The epoch is checked on the copy the edit read and written by a patch
 * against that copy's resourceVersion, so no newer leader's edit can slip in between.
 */
public final class KubernetesActuator implements Actuator, Reconcilable {
    private static final Logger log = LoggerFactory.getLogger(KubernetesActuator.class);
    public static final String TYPE = "kubernetes";

    private final Supplier<KubernetesClient> client;
    private final Function<String, KubernetesSettings> settings;
    private final LifecyclePublisher publisher;
    private final Clock clock;
    private final LongSupplier epoch;
    private final Map<String, Pool> known = new ConcurrentHashMap<>();
    private final Map<String, State> pools = new ConcurrentHashMap<>();

    private record State(Pool pool, KubernetesSettings settings, Workloads workloads, NodeBook book,
                         DecisionLedger ledger, List<String> dryRuns) { }

    /** An actuator of a single process that always leads, at epoch 1. */
    public KubernetesActuator(Supplier<KubernetesClient> client, Collection<Pool> pools,
                              Function<String, KubernetesSettings> settings, LifecyclePublisher publisher, Clock clock) {
        this(client, pools, settings, publisher, clock, () -> 1);
    }

    /**
     * @param epoch the leader's current fencing epoch (for example {@code leadership::epoch}), read at each decision
     */
    public KubernetesActuator(Supplier<KubernetesClient> client, Collection<Pool> pools,
                              Function<String, KubernetesSettings> settings, LifecyclePublisher publisher, Clock clock,
                              LongSupplier epoch) {
        this.client = client;
        this.settings = settings;
        this.publisher = publisher;
        this.clock = clock;
        this.epoch = epoch;
        for (Pool p : pools) known.put(p.getName(), p);
    }

    @Override public String type() { return TYPE; }

    @Override public boolean ready(Pool pool) {
        try {
            State s = state(pool);
            HasMetadata w = s.workloads().get();
            if (w == null) {
                log.info("pool {}: {} {}/{} not found", pool.getName(), s.settings().kind(), s.settings().namespace(), s.settings().name());
                return false;
            }
            String busy = Workloads.busy(w);
            if (busy != null) log.info("pool {}: not ready, {}", pool.getName(), busy);
            return busy == null;
        } catch (KubernetesClientException | IllegalArgumentException e) {
            log.warn("pool {}: Kubernetes not ready: {}", pool.getName(), e.getMessage());
            return false;
        }
    }

    @Override public void apply(Pool pool, Decision d) {
        State s = state(pool);
        synchronized (s) {
            applyLocked(s, pool, d);
        }
    }

    private void applyLocked(State s, Pool pool, Decision d) {
        HasMetadata w = s.workloads().get();
        if (w == null) throw new IllegalStateException("pool " + pool.getName() + ": workload " + s.settings().name() + " not found");
        long e = epoch.getAsLong();
        // first before any side effect (placeholders, pod annotations, pod deletion); the edit checks again
        Workloads.refuseOlder(w, e, d.getId());
        s.ledger().seed(Workloads.decisions(w));
        if (!s.ledger().claim(d.getId())) {
            log.info("pool {}: decision {} already applied, ignored", pool.getName(), d.getId());
            return;
        }
        int replicas = Workloads.replicas(w);
        if (s.settings().dryRun()) {
            String what = "dry-run: would " + d.getKind().label() + " " + s.settings().kind() + " " + s.settings().namespace() + "/"
                    + s.settings().name() + (d.getNode() != null ? " pod " + d.getNode() : " by " + d.getAmount())
                    + " (replicas now " + replicas + ", decision " + d.getId() + ")";
            s.dryRuns().add(what);
            log.info(what);
            return;
        }
        switch (d.getKind()) {
            case SCALE_OUT -> {
                List<String> placeholders = placeholders(s, d, d.getAmount());
                scaleOrFail(s, replicas + d.getAmount(), d, placeholders, e);
            }
            case SCALE_IN -> scaleIn(s, replicas, d, e);
            case REPLACE_NODE -> replace(s, d, e);
            default -> throw new IllegalArgumentException("kubernetes actuator does not handle " + d.getKind());
        }
    }

    private List<String> placeholders(State s, Decision d, int n) {
        List<String> ids = new ArrayList<>();
        String tag = d.getId().replaceAll("[^A-Za-z0-9]", "");
        tag = tag.substring(0, Math.min(8, tag.length())).toLowerCase();
        for (int i = 0; i < n; i++) {
            String id = s.settings().name() + "-pending-" + tag + "-" + i;
            if (s.book().transition(id, NodeState.REQUESTED, d.getId(), "", -1)) ids.add(id);
        }
        return ids;
    }

    private void scaleOrFail(State s, int replicas, Decision d, List<String> placeholders, long epoch) {
        try {
            s.workloads().scale(Math.max(0, replicas), d.getId(), epoch);
        } catch (StaleEpochException e) {
            for (String id : placeholders) s.book().transition(id, NodeState.FAILED, d.getId());
            throw e;
        } catch (KubernetesClientException e) {
            for (String id : placeholders) s.book().transition(id, NodeState.FAILED, d.getId());
            throw new IllegalStateException("pool " + s.pool().getName() + ": cannot scale to " + replicas + ": " + e.getMessage(), e);
        }
    }

    private void scaleIn(State s, int replicas, Decision d, long epoch) {
        List<NodeInfo> picked = s.book().pickForRemoval(d.getAmount());
        for (NodeInfo n : picked) {
            if (isPlaceholder(n.id())) {
                s.book().transition(n.id(), NodeState.TERMINATED, d.getId());
            } else {
                try {
                    s.workloads().preferRemoval(n.id());
                } catch (KubernetesClientException e) {
                    log.warn("pool {}: cannot mark pod {} for removal: {}", s.pool().getName(), n.id(), e.getMessage());
                }
                s.book().transition(n.id(), NodeState.DRAINING, d.getId());
            }
        }
        scaleOrFail(s, replicas - d.getAmount(), d, List.of(), epoch);
    }

    private void replace(State s, Decision d, long epoch) {
        String pod = d.getNode();
        NodeInfo n = pod == null ? null : s.book().get(pod);
        if (n == null || isPlaceholder(pod)) throw new IllegalArgumentException("pool " + s.pool().getName() + " has no pod " + pod);
        List<String> placeholders = placeholders(s, d, 1);
        s.book().transition(pod, NodeState.DRAINING, d.getId());
        try {
            s.workloads().delete(pod);
        } catch (KubernetesClientException e) {
            for (String id : placeholders) s.book().transition(id, NodeState.FAILED, d.getId());
            throw new IllegalStateException("pool " + s.pool().getName() + ": cannot delete pod " + pod + ": " + e.getMessage(), e);
        }
        s.workloads().scale(Workloads.replicas(s.workloads().get()), d.getId(), epoch);
    }

    private static boolean isPlaceholder(String id) {
        return id.contains("-pending-");
    }

    @Override public List<Node> status(Pool pool) {
        return nodes(pool).stream().map(NodeInfo::toNode).toList();
    }

    /** The pool's live nodes (pods and placeholders) after a reconciliation pass. */
    public List<NodeInfo> nodes(Pool pool) {
        State s = state(pool);
        reconcile(s);
        return s.book().live();
    }

    /** What a dry-run pool would have done. */
    public List<String> dryRunActions(Pool pool) {
        return List.copyOf(state(pool).dryRuns());
    }

    @Override public int reconcile() {
        int changed = 0;
        for (Pool p : known.values()) {
            try {
                changed += reconcile(state(p));
            } catch (KubernetesClientException e) {
                log.warn("pool {}: cannot reconcile: {}", p.getName(), e.getMessage());
            }
        }
        return changed;
    }

    private int reconcile(State s) {
        synchronized (s) {
            return reconcileLocked(s);
        }
    }

    private int reconcileLocked(State s) {
        HasMetadata w = s.workloads().get();
        if (w == null) return 0;
        s.ledger().seed(Workloads.decisions(w));
        int changed = 0;
        Set<String> seen = new HashSet<>();
        long now = clock.millis();
        for (Pod pod : s.workloads().pods(w)) {
            String id = pod.getMetadata().getName();
            seen.add(id);
            NodeState state = Workloads.state(pod);
            NodeInfo known = s.book().get(id);
            if (known == null) {
                String decision = "";
                List<NodeInfo> pending = s.book().matching(n -> isPlaceholder(n.id()) && n.state() == NodeState.REQUESTED);
                if (!pending.isEmpty()) {
                    NodeInfo oldest = pending.get(0);
                    decision = oldest.decision();
                    s.book().transition(oldest.id(), NodeState.TERMINATED, decision);
                }
                if (s.book().transition(id, state, decision, Workloads.address(pod), -1)) changed++;
            } else if (known.state() != state && s.book().transition(id, state, known.decision(), Workloads.address(pod), -1)) {
                changed++;
            }
        }
        for (NodeInfo n : s.book().live()) {
            if (isPlaceholder(n.id())) {
                if (now - n.since() > s.settings().startTimeout().toMillis()) {
                    s.book().transition(n.id(), NodeState.FAILED, n.decision());
                    changed++;
                }
            } else if (!seen.contains(n.id())) {
                s.book().transition(n.id(), NodeState.TERMINATED, n.state() == NodeState.DRAINING ? n.decision() : "");
                changed++;
            }
        }
        s.book().prune(3_600_000);
        return changed;
    }

    /** The catalog has {@code pool} now, added or changed: a pool with no live node takes its new settings at once. */
    public void configure(Pool pool) {
        known.put(pool.getName(), pool);
        State s = pools.get(pool.getName());
        if (s != null && s.book().live().isEmpty()) pools.remove(pool.getName(), s);
    }

    /** The catalog no longer has {@code pool}: it is neither used nor reconciled any more. */
    public void forget(String pool) {
        known.remove(pool);
        pools.remove(pool);
    }

    private State state(Pool pool) {
        known.putIfAbsent(pool.getName(), pool);
        return pools.computeIfAbsent(pool.getName(), name -> {
            KubernetesSettings ks = settings.apply(name);
            if (ks == null) throw new IllegalArgumentException("pool " + name + " has no kubernetes settings");
            return new State(pool, ks, new Workloads(client.get(), ks), new NodeBook(pool, publisher, clock, NodeBook.Journal.NONE),
                    new DecisionLedger(10_000), new CopyOnWriteArrayList<>());
        });
    }
}
