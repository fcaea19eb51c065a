package io.baton.collectors.influx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread. In order of age, data lives in: the spool (oldest), a pending batch (a failed write, still in
 * memory), then the memory buffer. While InfluxDB answers, batches go from the buffer straight to InfluxDB.
 * When a write fails, that batch becomes pending and is retried; once the buffer reaches its high-water mark (or
 * on flush/close) the pending batch and then the oldest buffered batches move to the spool. When InfluxDB is back,
 * the spool is written oldest first and each segment deleted once stored, then the pending batch, then the buffer:
 * order is kept and nothing written is sent again.
 */
final class Flusher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Flusher.class);

    private final LineBuffer buffer;
    private final Spool spool;
    private final BatchWriter writer;
    private final int batchSize;
    private final long flushNanos;
    private final long retryNanos;
    private final int highWater;
    final AtomicLong written = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    /** Lines whose fate is settled: written, rejected, spooled or dropped. */
    final AtomicLong settled = new AtomicLong();
    private volatile Batch pending;
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
    }

    @Override
    public void run() {
        while (true) {
            try {
                if (!spool.isEmpty() || pending != null) {
                    if (!drainBacklog() && closing) {
                        spillAll();
                        return;
                    }
                    continue;
                }
                outage = false;
                List<String> lines = new ArrayList<>(batchSize);
                if (!urgent && !closing) buffer.awaitBatch(batchSize, flushNanos);
                buffer.drain(lines, batchSize);
                if (lines.isEmpty()) {
                    urgent = false;
                    if (closing) return;
                    continue;
                }
                Batch batch = Batch.of(lines);
                if (!settle(batch, writer.write(batch))) {
                    pending = batch;
                    outage = true;
                    log.warn("InfluxDB unreachable; buffering in memory, then spooling to disk");
                }
            } catch (RuntimeException e) {
                log.error("InfluxDB writer error (will retry): {}", e.toString(), e);
                pause(retryNanos);
            }
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
                if (spool.isEmpty() && pending == null) log.info("InfluxDB back; spool written");
                return true;
            }
        } else {
            Batch batch = pending;
            if (settle(batch, writer.write(batch))) {
                pending = null;
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

    /** Spills pending and buffered batches to the spool while the buffer holds at least {@code keep} lines. */
    private void spill(int keep) {
        Batch p = pending;
        if (p != null) {
            if (!spool.append(p)) { markSpoolFull(); return; }
            settled.addAndGet(p.lines());
            pending = null;
        }
        while (buffer.size() >= Math.max(1, keep)) {
            List<String> lines = new ArrayList<>(batchSize);
            buffer.drain(lines, batchSize);
            Batch batch = Batch.of(lines);
            if (!spool.append(batch)) {
                // no room: keep them in memory as pending (oldest first); producers drop once memory is full
                pending = batch;
                markSpoolFull();
                return;
            }
            settled.addAndGet(batch.lines());
        }
    }

    private void spillAll() {
        spill(1);
        Batch p = pending;
        if (closing && p != null) {  // nowhere left to keep them
            int lost = p.lines() + buffer.size();
            dropped.addAndGet(lost);
            settled.addAndGet(lost);
            log.error("InfluxDB sink closing while InfluxDB is down and the spool is full: dropped {} points", lost);
            pending = null;
        }
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
    int pendingLines() { Batch p = pending; return p == null ? 0 : p.lines(); }
}
