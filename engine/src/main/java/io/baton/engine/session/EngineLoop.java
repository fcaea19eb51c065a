package io.baton.engine.session;

import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.Sample;
import io.baton.engine.port.LifecycleListener;
import io.baton.engine.port.MetricSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link RuleEngine} on one thread of its own. Collectors and actuators hand it samples,
 * probes and lifecycle events from any thread; it drains them in batches, then evaluates, so a busy
 * engine fires once per batch and an idle one still evaluates every {@code tick}. Anything that must
 * see a consistent engine (API views, planned requests, rule swaps) runs as a task on the same thread,
 * which also gates inserts during a swap.
 *
 * <p>Publishers never block: lifecycle events, probe results and tasks always go in (an actuator may
 * publish while it holds its own lock, and the engine thread may be waiting for that lock); only sample
 * batches are bounded, and what does not fit is dropped and counted.
 */
public final class EngineLoop implements MetricSink, LifecycleListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineLoop.class);
    private static final int DRAIN = 256;
    /** Evaluate at least once per this many samples, so a burst does not delay decisions. */
    private static final int EVALUATE_EVERY = 4096;
    private final RuleEngine engine;
    private final boolean realtime;
    private final long tickMillis;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Room for sample batches: taken by a publisher, given back when the engine takes the batch. */
    private final Semaphore room;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile LongConsumer onEvaluated = nanos -> { };
    /** The second thread that folds samples in beside the engine's; null for one thread. */
    private final IngestLanes lanes;

    /**
     * @param realtime evaluate at wall-clock time; otherwise at the newest event time (replays, benchmarks)
     * @param capacity how many sample batches may wait before new ones are dropped
     */
    public EngineLoop(RuleEngine engine, boolean realtime, Duration tick, int capacity) {
        this(engine, realtime, tick, capacity, Runtime.getRuntime().availableProcessors() > 1 ? 2 : 1);
    }

    /**
     * @param ingestThreads 2 to fold large groups of samples in on two threads (see {@link IngestLanes}), 1 for the
     *     engine thread alone
     */
    public EngineLoop(RuleEngine engine, boolean realtime, Duration tick, int capacity, int ingestThreads) {
        if (ingestThreads < 1 || ingestThreads > 2) throw new IllegalArgumentException("ingest threads must be 1 or 2, not " + ingestThreads);
        this.lanes = ingestThreads == 2 ? new IngestLanes() : null;
        this.engine = engine;
        this.realtime = realtime;
        this.tickMillis = tick.toMillis();
        this.room = new Semaphore(capacity);
        this.thread = new Thread(this::run, "baton-engine");
        this.thread.setDaemon(true);
    }

    public EngineLoop start() {
        thread.start();
        return this;
    }

    @Override public void accept(List<Sample> samples) {
        if (samples.isEmpty()) return;
        if (!room.tryAcquire()) {
            long n = dropped.addAndGet(samples.size());
            if (Long.bitCount(n) == 1) log.warn("engine queue full: {} samples dropped so far", n);
            return;
        }
        queue.add(samples);
    }

    /** Like {@link #accept(List)} but waits for room instead of dropping (replays and benchmarks). */
    public void acceptBlocking(List<Sample> samples) throws InterruptedException {
        room.acquire();
        queue.add(samples);
    }

    /** Probe results always go in: there is one per known node and probe round, and healing depends on them. */
    @Override public void health(NodeHealth health) { enqueue(health); }

    @Override public void onLifecycle(LifecycleEvent event) {
        if (Thread.currentThread() == thread) engine.lifecycle(event);
        else enqueue(event);
    }

    /** Runs {@code task} on the engine thread and waits for its answer. */
    public <T> T call(Function<RuleEngine, T> task) {
        if (Thread.currentThread() == thread) return task.apply(engine);
        CompletableFuture<T> f = new CompletableFuture<>();
        enqueue(new Task<>(task, f));
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the engine", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the engine did not answer within 30 s", e);
        }
    }

    /**
     * Tells {@code listener}, on the engine thread, how long each evaluation took in nanoseconds (the
     * rules firing, the guardrails and the actuator calls of what they let through), for timers and
     * benchmarks. It must be quick: it runs on the engine's only thread.
     */
    public EngineLoop onEvaluated(LongConsumer listener) {
        this.onEvaluated = listener == null ? nanos -> { } : listener;
        return this;
    }

    /** Samples dropped because the queue was full. */
    public long dropped() { return dropped.get(); }

    /** Items waiting. */
    public int backlog() { return queue.size(); }

    private void enqueue(Object item) {
        queue.add(item);
    }

    private record Task<T>(Function<RuleEngine, T> fn, CompletableFuture<T> result) {
        void run(RuleEngine e) {
            try {
                result.complete(fn.apply(e));
            } catch (RuntimeException ex) {
                result.completeExceptionally(ex);
            }
        }
    }

    /** The sample batches taken but not yet folded in (engine thread only). */
    private final List<List<Sample>> group = new ArrayList<>();

    private void ingest(List<List<Sample>> batches) {
        if (batches.isEmpty()) return;
        engine.ingest(batches, lanes);
        batches.clear();
    }

    @SuppressWarnings("unchecked")
    private void run() {
        List<Object> batch = new ArrayList<>(DRAIN);
        long nextTick = 0;
        while (running) {
            try {
                long wait = Math.max(1, nextTick - System.currentTimeMillis());
                Object first = queue.poll(realtime ? wait : Math.min(wait, 50), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    int samples = first instanceof List<?> l ? l.size() : 0;
                    Object more;
                    while (samples < EVALUATE_EVERY && batch.size() < DRAIN && (more = queue.poll()) != null) {
                        batch.add(more);
                        if (more instanceof List<?> l) samples += l.size();
                    }
                }
                for (Object item : batch) {
                    if (item instanceof List<?> l) { // consecutive batches are folded in together
                        room.release();
                        group.add((List<Sample>) l);
                        continue;
                    }
                    ingest(group);
                    if (item instanceof NodeHealth h) engine.health(h);
                    else if (item instanceof LifecycleEvent e) engine.lifecycle(e);
                    else if (item instanceof Task<?> t) t.run(engine);
                }
                ingest(group);
                long wall = System.currentTimeMillis();
                if (!batch.isEmpty() || wall >= nextTick) {
                    long now = realtime ? wall : Math.max(engine.now(), engine.newestEventTime());
                    long began = System.nanoTime();
                    engine.evaluate(now);
                    onEvaluated.accept(System.nanoTime() - began);
                    if (wall >= nextTick) nextTick = wall + tickMillis;
                }
                batch.clear();
                group.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("engine loop error (continuing)", e);
                batch.clear();
                group.clear();
            }
        }
    }

    @Override public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lanes != null) lanes.close();
    }
}
