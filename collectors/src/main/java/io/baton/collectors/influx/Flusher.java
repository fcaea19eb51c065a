package io.baton.collectors.influx;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread. In order of age, data lives in: the spool (oldest), pending batches (failed writes, still in
 * memory), then the memory buffer. While InfluxDB answers, batches go from the buffer straight to InfluxDB, up to
 * {@code baton.influx.writes-in-flight} at a time. When a write fails, that batch (and any other in flight that fails) becomes
 * pending and is retried; once the buffer reaches its high-water mark (or on flush/close) the pending batches and
 * then the oldest buffered batches move to the spool. When InfluxDB is back, the spool is written oldest first,
 * one batch at a time, each segment deleted once stored, then the pending batches, then the buffer: nothing is
 * lost and a batch InfluxDB stored is never sent again.
 */
final class Flusher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Flusher.class);

    private record InFlight(Batch batch, Future<BatchWriter.Outcome> outcome) { }

    private final LineBuffer buffer;
    private final Spool spool;
    private final BatchWriter writer;
    private final int batchSize;
    private final long flushNanos;
    private final long retryNanos;
    private final int highWater;
    /** Writes in flight at once outside outages ({@code baton.influx.writes-in-flight}). */
    private final int maxInFlight;
    private final ExecutorService sender;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final Deque<Batch> pending = new ArrayDeque<>();
    final AtomicLong written = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    /** Lines whose fate is settled: written, rejected, spooled or dropped. */
    final AtomicLong settled = new AtomicLong();
    private volatile int pendingLines;
    private volatile boolean outage;
    private volatile boolean urgent;
    private volatile boolean closing;
    private volatile boolean spoolFull;

    Flusher(LineBuffer buffer, Spool spool, BatchWriter writer, InfluxProperties props) {
        this.buffer = buffer;
        this.spool = spool;
        this.writer = writer;
        this.batchSize = props.getBatchSize();
        this.flushNanos = LineBuffer.nanos(props.getFlushInterval());
        this.retryNanos = LineBuffer.nanos(props.getRetryInterval());
        this.highWater = Math.max(1, Math.min(buffer.capacity() / 2, buffer.capacity() - batchSize));
        this.outage = !spool.isEmpty();
        this.maxInFlight = props.getWritesInFlight();
        this.sender = Executors.newFixedThreadPool(maxInFlight, r -> {
            Thread t = new Thread(r, "baton-influx-sender");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            sender.shutdownNow();
        }
    }

    private void loop() {
        while (true) {
            try {
                if (!spool.isEmpty() || !pending.isEmpty()) {
                    if (!drainBacklog() && closing) {
                        spillAll();
                        return;
                    }
                    continue;
                }
                outage = false;
                if (inFlight.size() >= maxInFlight) {
                    harvestOldest();
                    continue;
                }
                if (!inFlight.isEmpty() && !urgent && !closing && buffer.size() < batchSize) {
                    // a second write only for a full batch; partial ones wait for size or time as usual. Wait for
                    // whichever comes first: the oldest write's answer, or a full batch to send beside it
                    Future<BatchWriter.Outcome> oldest = inFlight.peekFirst().outcome();
                    if (!oldest.isDone()) buffer.awaitSizeOr(batchSize, flushNanos, oldest::isDone);
                    if (oldest.isDone() || buffer.size() < batchSize) harvestOldest();
                    continue;
                }
                if (!urgent && !closing && inFlight.isEmpty()) buffer.awaitBatch(batchSize, flushNanos);
                Batch batch = buffer.drain(batchSize);
                if (batch == null) {
                    if (!inFlight.isEmpty()) {
                        harvestOldest();
                        continue;
                    }
                    urgent = false;
                    if (closing) return;
                    continue;
                }
                FutureTask<BatchWriter.Outcome> write = new FutureTask<>(() -> writer.write(batch)) {
                    @Override
                    protected void done() {
                        buffer.nudge();  // after the outcome is set, so the writer thread sees it done
                    }
                };
                sender.execute(write);
                inFlight.addLast(new InFlight(batch, write));
            } catch (RuntimeException e) {
                log.error("InfluxDB writer error (will retry): {}", e.toString(), e);
                pause(retryNanos);
            }
        }
    }

    /** Waits for the oldest write in flight; a failed one becomes pending, and then so do the others that fail. */
    private void harvestOldest() {
        InFlight f = inFlight.removeFirst();
        if (settle(f.batch(), outcome(f))) return;
        addPending(f.batch());
        while (!inFlight.isEmpty()) {  // the rest were sent after it: keep their order behind it
            InFlight next = inFlight.removeFirst();
            if (!settle(next.batch(), outcome(next))) addPending(next.batch());
        }
        outage = true;
        log.warn("InfluxDB unreachable; buffering in memory, then spooling to disk");
    }

    private static BatchWriter.Outcome outcome(InFlight f) {
        try {
            return f.outcome().get();
        } catch (ExecutionException e) {
            return BatchWriter.Outcome.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BatchWriter.Outcome.RETRY;
        }
    }

    /** Tries the oldest backlog batch once; on failure waits (spilling if memory fills). False when it failed. */
    private boolean drainBacklog() {
        Spool.Segment segment = spool.oldest();
        if (segment != null) {
            BatchWriter.Outcome outcome = writer.write(spool.read(segment));
            if (outcome != BatchWriter.Outcome.RETRY) {
                count(outcome, segment.lines());
                spool.removeOldest(segment);
                spoolFull = false;
                if (spool.isEmpty() && pending.isEmpty()) log.info("InfluxDB back; spool written");
                return true;
            }
        } else {
            Batch batch = pending.peekFirst();
            if (settle(batch, writer.write(batch))) {
                removePending();
                return true;
            }
        }
        if (closing) return false;
        buffer.awaitSize(highWater, retryNanos);  // the retry period, cut short when memory fills or on flush/close
        if (urgent) {
            spillAll();
            urgent = false;
        } else if (buffer.size() >= highWater) {
            spill(highWater);
        }
        return false;
    }

    /** Spills pending batches, then buffered ones while the buffer holds at least {@code keep} lines. */
    private void spill(int keep) {
        while (!pending.isEmpty()) {
            Batch p = pending.peekFirst();
            if (!spool.append(p)) { markSpoolFull(); return; }
            settled.addAndGet(p.lines());
            removePending();
        }
        while (buffer.size() >= Math.max(1, keep)) {
            Batch batch = buffer.drain(batchSize);
            if (batch == null) return;
            if (!spool.append(batch)) {
                // no room: keep them in memory as pending (oldest first); producers drop once memory is full
                addPending(batch);
                markSpoolFull();
                return;
            }
            settled.addAndGet(batch.lines());
        }
    }

    private void spillAll() {
        spill(1);
        if (closing && !pending.isEmpty()) {  // nowhere left to keep them
            int lost = pendingLines + buffer.size();
            dropped.addAndGet(lost);
            settled.addAndGet(lost);
            log.error("InfluxDB sink closing while InfluxDB is down and the spool is full: dropped {} points", lost);
            pending.clear();
            pendingLines = 0;
        }
    }

    private void addPending(Batch batch) {
        pending.addLast(batch);
        pendingLines += batch.lines();
    }

    private void removePending() {
        pendingLines -= pending.removeFirst().lines();
    }

    private void markSpoolFull() {
        if (!spoolFull) log.warn("InfluxDB spool full ({} bytes cap); points beyond it will be dropped", spool.maxBytes());
        spoolFull = true;
    }

    private boolean settle(Batch batch, BatchWriter.Outcome outcome) {
        if (outcome == BatchWriter.Outcome.RETRY) return false;
        count(outcome, batch.lines());
        settled.addAndGet(batch.lines());
        return true;
    }

    private void count(BatchWriter.Outcome outcome, int lines) {
        (outcome == BatchWriter.Outcome.WRITTEN ? written : rejected).addAndGet(lines);
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the writer to push out or spool everything now. */
    void urge() {
        urgent = true;
        buffer.wake();
    }

    /** Asks the writer to finish: write or spool everything, then return. */
    void close() {
        closing = true;
        buffer.wake();
    }

    boolean outage() { return outage; }
    boolean spoolFull() { return spoolFull; }
    int pendingLines() { return pendingLines; }
}
