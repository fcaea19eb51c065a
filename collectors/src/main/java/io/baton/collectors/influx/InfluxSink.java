package io.baton.collectors.influx;

import io.baton.collectors.sinks.RawLineSink;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.Sample;
import io.baton.engine.port.LifecycleListener;
import io.baton.engine.port.MetricSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes samples, health results, lifecycle events and raw ingested points to InfluxDB (v1 HTTP API), batched
 * and asynchronous, flushed by size ({@code batch-size}) and by time ({@code flush-interval}). While InfluxDB
 * is down, points wait in memory ({@code buffer-capacity}) and then in a disk spool ({@code spool-max-size}),
 * and are written in order when it is back; beyond both caps they are dropped, counted ({@link #stats()}) and
 * logged.
 */
public final class InfluxSink implements MetricSink, LifecycleListener, RawLineSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InfluxSink.class);
    private static final long DROP_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LineFormat format;
    private final LineBuffer buffer;
    private final Spool spool;
    private final BatchWriter writer;
    private final Flusher flusher;
    private final Thread thread;
    private final long offerNanos;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong droppedHere = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile long lastDropLog;
    private volatile boolean closed;

    /** Starts the sink: creates the database and retention policy if InfluxDB answers, loads the spool, starts the writer. */
    public InfluxSink(InfluxProperties props, Map<String, PoolMeta> pools) {
        this.format = new LineFormat(Map.copyOf(pools));
        this.buffer = new LineBuffer(props.getBufferCapacity());
        this.spool = new Spool(Path.of(props.getSpoolDir()), props.getSpoolMaxSize().toBytes());
        this.writer = new InfluxBatchWriter(props);
        this.offerNanos = LineBuffer.nanos(props.getOfferTimeout());
        if (!writer.ensureSchema()) log.warn("InfluxDB at {} not reachable at start; buffering until it is", props.getUrl());
        if (!spool.isEmpty()) log.info("InfluxDB spool holds {} points from an earlier run; writing them first", spool.lines());
        this.flusher = new Flusher(buffer, spool, writer, props);
        this.thread = new Thread(flusher, "baton-influx-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void accept(List<Sample> samples) {
        List<String> lines = new ArrayList<>(samples.size());
        int skipped = 0;
        for (Sample s : samples) {
            String line = format.sample(s);
            if (line == null) skipped++; else lines.add(line);
        }
        if (skipped > 0) drop(skipped, "NaN or infinite values cannot be stored in InfluxDB");
        enqueue(lines);
    }

    @Override
    public void health(NodeHealth health) {
        List<String> lines = new ArrayList<>(2);
        for (String line : format.health(health)) if (line != null) lines.add(line);
        enqueue(lines);
    }

    @Override
    public void onLifecycle(LifecycleEvent event) {
        enqueue(List.of(format.lifecycle(event)));
    }

    @Override
    public void acceptLines(List<String> lines) {
        enqueue(lines);
    }

    /** All or nothing, waiting up to {@code maxWaitNanos} for room (not at all while the spool is full). */
    @Override
    public boolean offerLines(List<String> lines, long maxWaitNanos) {
        if (lines.isEmpty()) return true;
        if (closed) return false;
        if (lines.size() > buffer.capacity()) {  // larger than memory: take it in parts, dropping (counted) what does not fit
            enqueue(lines);
            return true;
        }
        boolean taken = buffer.offerAll(lines, flusher.spoolFull() ? 0 : maxWaitNanos);
        if (taken) accepted.addAndGet(lines.size()); else refused.addAndGet(lines.size());
        return taken;
    }

    private void enqueue(List<String> lines) {
        if (lines.isEmpty()) return;
        if (closed) {
            drop(lines.size(), "sink closed");
            return;
        }
        int added = buffer.offer(lines, 0, flusher.spoolFull() ? 0 : offerNanos);
        accepted.addAndGet(added);
        if (added < lines.size()) drop(lines.size() - added, "memory buffer and spool full");
    }

    private void drop(int n, String why) {
        long total = droppedHere.addAndGet(n);
        long now = System.nanoTime();
        if (now - lastDropLog > DROP_LOG_EVERY_NANOS || lastDropLog == 0) {
            lastDropLog = now;
            log.warn("InfluxDB sink dropped {} points ({}); {} dropped since start", n, why, total + flusher.dropped.get());
        }
    }

    /** Returns once everything accepted before the call has been written to InfluxDB, spooled, or (caps full) dropped. */
    @Override
    public void flush() {
        long target = accepted.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (flusher.settled.get() < target && thread.isAlive() && System.nanoTime() < deadline) {
            if (flusher.spoolFull() && flusher.outage()) return;  // nothing more can be handed on until InfluxDB is back
            flusher.urge();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Counters and levels, for monitoring and tests. */
    public SinkStats stats() {
        return new SinkStats(accepted.get(), flusher.written.get(), flusher.rejected.get(),
                droppedHere.get() + flusher.dropped.get(), refused.get(), buffer.size() + flusher.pendingLines(),
                spool.lines(), spool.bytes(), flusher.outage());
    }

    /** Writes (or spools) what is buffered and stops the writer. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        flusher.close();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }
}
