package io.baton.engine.session;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A second thread for folding samples in: the engine thread hands it one half of a group of samples (by pool)
 * and folds the other half itself, then waits for it. The pools of the two halves share no state, and the session
 * is touched only once both are done, so the rules see exactly what one thread would have built.
 */
public final class IngestLanes implements AutoCloseable {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "baton-engine-ingest");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code second} on the lanes' thread while the caller runs {@code first}; returns once both are done. */
    void both(Runnable first, Runnable second) {
        Future<?> other = worker.submit(second);
        RuntimeException failed = null;
        try {
            first.run();
        } catch (RuntimeException e) {
            failed = e;
        }
        boolean interrupted = false;
        while (true) {
            try {
                other.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the other lane still writes the engine's state: wait for it all the same
            } catch (ExecutionException e) {
                if (failed == null) failed = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                break;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failed != null) throw failed;
    }

    /** Stops the thread. */
    @Override public void close() {
        worker.shutdownNow();
    }
}
