package io.baton.actuators.local;

import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.engine.model.NodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a local pool's book agree with the real processes. At start-up (and when a term of leadership
 * begins) it loads the pool's {@link StateStore}, re-publishes a transition that was persisted but maybe not published, then for every node:
 * <ul>
 *   <li>REQUESTED with no process: the start never happened, so it is started now (finishing the decision);</li>
 *   <li>REQUESTED or STARTING with a live process: adopted, and its start is followed to RUNNING;</li>
 *   <li>RUNNING with a live process: adopted as it is (and the node it replaces, if any, drained); DRAINING: its stop is finished;</li>
 *   <li>STARTING with no process: FAILED; RUNNING or DRAINING with no process: TERMINATED (it vanished).</li>
 * </ul>
 * Only processes that pass {@link Adoption} (Baton's user, a plain id, a port of the pool's range, the
 * data dir's secret) count as node processes; any other is logged once and left alone. Node processes
 * of this data dir that the book does not know (orphans) are adopted as RUNNING once they prove the
 * secret on {@code /health}, and killed if they do not within the start timeout. Periodic passes do
 * the same for nodes with no operation in flight.
 */
final class LocalReconciler {
    private static final Logger log = LoggerFactory.getLogger(LocalReconciler.class);

    /** Final nodes stay in the stored state this long (for status and debugging), then are dropped. */
    static final long KEEP_FINAL_MS = 3_600_000;

    private LocalReconciler() { }

    /** Loads the stored state into a fresh pool; publishes nothing except a pending transition. */
    static void load(LocalPool p) {
        StateStore.PoolState state = p.store.load();
        p.ledger.seed(state.decisions());
        p.replacing.putAll(state.replacing());
        List<NodeInfo> pending = new ArrayList<>();
        for (NodeInfo n : state.nodes()) {
            p.book.load(n);
            if (n.id().equals(state.unpublished())) pending.add(n); // the format of earlier versions
        }
        pending.addAll(state.pending());
        if (!pending.isEmpty()) {
            for (NodeInfo n : pending) log.info("pool {}: re-publishing {} {} persisted before a stop", p.pool.getName(), n.id(), n.state());
            p.book.republish(pending);
        }
        p.book.reassert();
    }

    /** One pass; returns how many nodes it changed or adopted. One bad process or node never stops the others. */
    static int reconcile(LocalPool p) {
        if (p.abandoned) return 0;
        int changed = 0;
        Map<String, Adoption.Candidate> running = screen(p);
        for (NodeInfo n : p.book.live()) {
            Adoption.Candidate c = running.remove(n.id());
            if (p.busy.contains(n.id())) continue;
            try {
                Optional<ProcessHandle> handle = Optional.ofNullable(c).flatMap(x -> ProcessHandle.of(x.pid())).filter(ProcessHandle::isAlive);
                changed += handle.isPresent() ? adopt(p, n, handle.get(), c) : vanished(p, n);
            } catch (RuntimeException e) {
                log.warn("pool {}: node {} not reconciled: {}", p.pool.getName(), n.id(), e.toString());
            }
        }
        for (Adoption.Candidate orphan : running.values()) {
            if (p.adopting.contains(orphan.id())) continue;
            try {
                changed += orphan(p, orphan);
            } catch (RuntimeException e) {
                log.warn("pool {}: process {} ({}) not reconciled: {}", p.pool.getName(), orphan.pid(), orphan.id(), e.toString());
            }
        }
        p.replacing.keySet().removeIf(id -> {
            NodeInfo x = p.book.get(id);
            return x == null || x.state().isFinal();
        });
        p.book.prune(KEEP_FINAL_MS);
        return changed;
    }

    /**
     * The node processes of this pool that pass {@link Adoption}, by id. The others are refused
     * (logged once per pid) and never acted on.
     */
    private static Map<String, Adoption.Candidate> screen(LocalPool p) {
        Map<String, Adoption.Candidate> ok = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        for (NodeProcess np : p.procs.scan().values()) {
            if (!np.pool().equals(p.pool.getName())) continue;
            seen.add(np.pid());
            try {
                Adoption.Verdict v = p.adoption.check(np);
                if (v.refusal() != null) p.refuse(np, v.refusal());
                else if (ok.putIfAbsent(v.candidate().id(), v.candidate()) != null) p.refuse(np, Adoption.Refusal.DUPLICATE);
                else p.refused.remove(np.pid());
            } catch (RuntimeException e) {
                log.warn("pool {}: process {} skipped: {}", p.pool.getName(), np.pid(), e.toString());
            }
        }
        p.refused.keySet().retainAll(seen);
        return ok;
    }

    private static int adopt(LocalPool p, NodeInfo n, ProcessHandle h, Adoption.Candidate c) {
        if (p.handles.get(n.id()) != null) return 0;
        String address = c.address();
        if (n.state() == NodeState.RUNNING && !p.procs.healthy(address)) {
            p.refuse(new NodeProcess(c.pid(), p.pool.getName(), c.id(), String.valueOf(c.port())), Adoption.Refusal.UNPROVEN);
            return 0; // tried again on the next pass
        }
        p.reservedPorts.add(c.port());
        switch (n.state()) {
            case REQUESTED, STARTING -> {
                p.busy.add(n.id());
                if (n.state() == NodeState.REQUESTED) p.book.transition(n.id(), NodeState.STARTING, n.decision(), address, h.pid());
                else p.book.locate(n.id(), address, h.pid());
                p.workers.execute(() -> p.resumeAndFinish(n.id(), n.decision(), h));
            }
            case RUNNING -> {
                p.book.locate(n.id(), address, h.pid());
                p.handles.put(n.id(), h);
                h.onExit().thenRun(() -> p.exited(n.id(), h));
                if (p.replacing.containsKey(n.id())) p.workers.execute(() -> p.finishReplacement(n.id(), n.decision()));
            }
            case DRAINING -> {
                p.book.locate(n.id(), address, h.pid());
                p.handles.put(n.id(), h);
                p.stopping.add(n.id());
                p.busy.add(n.id());
                p.workers.execute(() -> p.runner.stop(n.id(), n.decision()));
            }
            default -> { return 0; }
        }
        log.info("pool {}: adopted node {} ({}) pid {}", p.pool.getName(), n.id(), n.state(), h.pid());
        return 1;
    }

    private static int vanished(LocalPool p, NodeInfo n) {
        if (p.handles.containsKey(n.id())) return 0; // watched: its exit is handled by onExit (FAILED + hooks)
        switch (n.state()) {
            case REQUESTED -> {
                p.busy.add(n.id());
                log.info("pool {}: finishing the start of {} (decision {})", p.pool.getName(), n.id(), n.decision());
                p.workers.execute(() -> p.startAndFinish(n.id(), n.decision()));
            }
            case STARTING -> p.book.transition(n.id(), NodeState.FAILED, n.decision());
            default -> {
                log.warn("pool {}: node {} vanished ({}), marking it TERMINATED", p.pool.getName(), n.id(), n.state());
                p.book.transition(n.id(), NodeState.TERMINATED, n.state() == NodeState.DRAINING ? n.decision() : "");
            }
        }
        if (!n.address().isEmpty() && n.state() != NodeState.REQUESTED) p.releasePort(n.address());
        return 1;
    }

    /** A proven node process the book does not know: adopted once it proves the secret on /health, killed if it never does. */
    private static int orphan(LocalPool p, Adoption.Candidate c) {
        String id = c.id();
        long pid = c.pid();
        Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (h.isEmpty()) return 0;
        if (p.book.get(id) != null) {
            log.warn("pool {}: process {} runs node {} that is already final; stopping it", p.pool.getName(), pid, id);
            NodeRunner.kill(h.get());
            return 1;
        }
        String address = c.address();
        if (p.procs.healthy(address)) {
            adoptOrphan(p, id, h.get(), c);
        } else if (p.adopting.add(id)) {
            p.workers.execute(() -> {
                try {
                    long deadline = System.nanoTime() + p.settings.startTimeout().toNanos();
                    while (System.nanoTime() < deadline && h.get().isAlive() && !p.abandoned) {
                        if (p.procs.healthy(address)) {
                            adoptOrphan(p, id, h.get(), c);
                            return;
                        }
                        if (!NodeRunner.sleep(50)) return;
                    }
                    if (p.abandoned) return;
                    log.warn("pool {}: orphan process {} ({}) did not prove its health within {}; stopping it", p.pool.getName(), pid, id, p.settings.startTimeout());
                    NodeRunner.kill(h.get());
                } finally {
                    p.adopting.remove(id);
                }
            });
        }
        return 1;
    }

    private static void adoptOrphan(LocalPool p, String id, ProcessHandle h, Adoption.Candidate c) {
        if (p.book.get(id) != null || !h.isAlive()) return;
        p.reservedPorts.add(c.port());
        p.handles.put(id, h);
        p.book.transition(id, NodeState.RUNNING, "", c.address(), h.pid());
        h.onExit().thenRun(() -> p.exited(id, h));
        log.info("pool {}: adopted orphan node {} pid {} on {}", p.pool.getName(), id, h.pid(), c.address());
    }
}
