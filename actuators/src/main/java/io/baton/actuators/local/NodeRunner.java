package io.baton.actuators.local;

import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.engine.model.NodeState;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow, blocking part of a local pool's operations, run on worker threads: start a node and wait
 * for it to be healthy (retrying with backoff in a fresh node up to the attempt bound), and drain and
 * stop a node (stop routing, wait for in-flight requests, SIGTERM, kill after the grace).
 */
final class NodeRunner {
    private static final Logger log = LoggerFactory.getLogger(NodeRunner.class);
    private static final long POLL_MS = 25;

    private enum Outcome { RUNNING, FAILED, CANCELLED }

    private final LocalPool p;

    NodeRunner(LocalPool pool) {
        this.p = pool;
    }

    /**
     * Starts the REQUESTED node {@code id}; when it fails, books a fresh node for the same decision (and
     * the same replacement) and tries again, up to the pool's attempt bound. Returns the id of the node
     * that runs, or null when none does.
     */
    String start(String id, String decision, int attempt) {
        String current = id;
        for (int a = attempt; ; a++) {
            Outcome o;
            try {
                p.startPermits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            try {
                o = startOnce(current, decision);
            } finally {
                p.startPermits.release();
            }
            if (o == Outcome.RUNNING) return current;
            if (o == Outcome.CANCELLED || p.abandoned) return null;
            String replaces = p.replacing.remove(current);
            if (a >= p.settings.maxStartAttempts()) {
                log.warn("pool {}: giving up on decision {} after {} failed start(s)", p.pool.getName(), decision, a);
                return null;
            }
            current = p.request(decision, replaces);
            long backoff = p.settings.retryBackoff().toMillis() << Math.min(10, a - 1);
            if (!sleep(backoff)) return null;
        }
    }

    /** Resumes the start of a node found STARTING with a live process (adoption after a restart); returns its id once it runs, else null. */
    String resume(String id, String decision, ProcessHandle handle) {
        watch(id, handle);
        return probe(id, decision, handle) == Outcome.RUNNING ? id : null;
    }

    private Outcome startOnce(String id, String decision) {
        NodeInfo n = p.book.get(id);
        if (n == null || n.state() != NodeState.REQUESTED || p.abandoned) {
            p.busy.remove(id);
            return Outcome.CANCELLED;
        }
        int port = p.allocatePort();
        if (port < 0) return fail(id, decision, null, "", "no free port in " + p.settings.portStart() + "+" + p.settings.portCount());
        String address = "127.0.0.1:" + port;
        ProcessHandle handle;
        try {
            handle = p.procs.launch(p.pool.getName(), id, port, p.pool.getCores(), p.settings.jvmOptions());
        } catch (IOException e) {
            return fail(id, decision, null, address, "cannot start java: " + e.getMessage());
        }
        if (p.abandoned) return Outcome.CANCELLED;
        watch(id, handle);
        if (!p.book.transition(id, NodeState.STARTING, decision, address, handle.pid())) {
            kill(handle);
            p.releasePort(address);
            p.busy.remove(id);
            return Outcome.CANCELLED;
        }
        return probe(id, decision, handle);
    }

    private void watch(String id, ProcessHandle handle) {
        p.handles.put(id, handle);
        handle.onExit().thenRun(() -> p.exited(id, handle));
    }

    private Outcome probe(String id, String decision, ProcessHandle handle) {
        long deadline = System.nanoTime() + p.settings.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            NodeInfo n = p.book.get(id);
            if (p.abandoned || n == null || n.state() != NodeState.STARTING) return Outcome.CANCELLED;
            if (!handle.isAlive()) return fail(id, decision, handle, n.address(), "process exited while starting");
            if (p.procs.healthy(n.address())) {
                if (!p.book.transition(id, NodeState.RUNNING, decision)) return Outcome.CANCELLED;
                p.busy.remove(id);
                if (!handle.isAlive()) p.exited(id, handle);
                return Outcome.RUNNING;
            }
            if (!sleep(POLL_MS)) return Outcome.CANCELLED;
        }
        NodeInfo n = p.book.get(id);
        return fail(id, decision, handle, n == null ? "" : n.address(), "not healthy within " + p.settings.startTimeout());
    }

    private Outcome fail(String id, String decision, ProcessHandle handle, String address, String why) {
        p.stopping.add(id);
        if (handle != null) kill(handle);
        if (!address.isEmpty()) p.releasePort(address);
        p.startFailures.incrementAndGet();
        log.warn("pool {}: node {} failed to start: {}", p.pool.getName(), id, why);
        p.book.transition(id, NodeState.FAILED, decision);
        p.busy.remove(id);
        p.handles.remove(id);
        return Outcome.FAILED;
    }

    /** Drains and stops a DRAINING node, then books it TERMINATED. */
    void stop(String id, String decision) {
        try {
            NodeInfo n = p.book.get(id);
            if (n == null || n.state().isFinal()) return;
            ProcessHandle handle = p.handles.get(id);
            if (handle != null && handle.isAlive()) {
                drain(n.address());
                terminate(handle);
            }
            if (!n.address().isEmpty()) p.releasePort(n.address());
            if (p.abandoned) return;
            if (p.book.transition(id, NodeState.TERMINATED, decision)) p.procs.forgetLog(p.pool.getName(), id);
            p.handles.remove(id);
        } finally {
            p.busy.remove(id);
        }
    }

    private void drain(String address) {
        if (address.isEmpty()) return;
        int inflight = p.procs.drain(address);
        long deadline = System.nanoTime() + p.settings.drainTimeout().toNanos();
        while (inflight > 0 && System.nanoTime() < deadline) {
            if (!sleep(POLL_MS)) return;
            inflight = p.procs.inflight(address);
        }
        if (inflight > 0) log.warn("pool {}: {} still has {} request(s) in flight after {}", p.pool.getName(), address, inflight, p.settings.drainTimeout());
    }

    private void terminate(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(p.settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill(handle);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(handle);
        } catch (ExecutionException e) {
            kill(handle);
        }
    }

    static void kill(ProcessHandle handle) {
        handle.destroyForcibly();
        try {
            handle.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("process {} did not exit after SIGKILL", handle.pid());
        }
    }

    static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
