package io.baton.collectors.influx;

import io.baton.collectors.sinks.LineBlock;
import io.baton.collectors.sinks.RawLineSink;
import io.baton.collectors.sinks.RecordSink;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.Sample;
import io.baton.engine.port.LifecycleListener;
import io.baton.engine.port.MetricSink;
import io.baton.engine.schema.Lines;
import io.baton.engine.schema.Measurements;
import io.baton.engine.schema.PoolTags;
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
 *
 * <p>Two databases, each with its own buffer, spool and writer: metrics (samples, scraped and ingested points) go
 * to {@code database}; Baton's own records (node lifecycle, decisions, probe results) go to
 * {@code records-database}, which no ingested line ever reaches.
 */
public final class InfluxSink implements MetricSink, LifecycleListener, RawLineSink, RecordSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InfluxSink.class);
    private static final long DROP_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final java.util.function.Function<String, PoolTags> pools;
    private final Channel metrics;
    private final Channel records;
    private final long offerNanos;
    private final AtomicLong droppedHere = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile long lastDropLog;
    private volatile boolean closed;

    /** Starts the sink: creates the databases and retention policy if InfluxDB answers, loads the spools, starts the writers. */
    public InfluxSink(InfluxProperties props, Map<String, PoolTags> pools) {
        this(props, Map.copyOf(pools)::get);
    }

    /** @param pools the tags of a pool by name, read at each write (the pool catalog), or null for none */
    public InfluxSink(InfluxProperties props, java.util.function.Function<String, PoolTags> pools) {
        this.pools = pools;
        this.offerNanos = LineBuffer.nanos(props.getOfferTimeout());
        Path spoolDir = Path.of(props.getSpoolDir());
        this.metrics = channel(props, props.getDatabase(), spoolDir, "baton-influx-writer");
        this.records = channel(props, props.getRecordsDatabase(), spoolDir.resolve("records"), "baton-influx-records");
        metrics.start();
        records.start();
    }

    private static Channel channel(InfluxProperties props, String database, Path spoolDir, String thread) {
        BatchWriter writer = new InfluxBatchWriter(props, database);
        if (!writer.ensureSchema()) log.warn("InfluxDB at {} not reachable at start; buffering {} until it is", props.getUrl(), database);
        Channel c = new Channel(props, database, spoolDir, writer, thread);
        if (!c.spool.isEmpty()) log.info("InfluxDB spool of {} holds {} points from an earlier run; writing them first", database, c.spool.lines());
        return c;
    }

    @Override
    public void accept(List<Sample> samples) {
        List<String> lines = new ArrayList<>(samples.size());
        int skipped = 0;
        for (Sample s : samples) {
            String line = Lines.metric(s.getMetric(), s.getPool(), s.getNode(), tags(s.getPool()), s.getValue(), s.getTimestamp());
            if (line == null) skipped++; else lines.add(line);
        }
        if (skipped > 0) drop(skipped, "NaN or infinite values cannot be stored in InfluxDB");
        enqueue(metrics, LineBlock.of(lines));
    }

    /** A probe result is one of Baton's records. */
    @Override
    public void health(NodeHealth health) {
        List<String> lines = new ArrayList<>(2);
        PoolTags tags = tags(health.getPool());
        String up = Lines.metric(Measurements.UP, health.getPool(), health.getNode(), tags, health.isUp() ? 1 : 0, health.getTimestamp());
        String latency = Lines.metric(Measurements.PROBE_LATENCY_MS, health.getPool(), health.getNode(), tags, health.getLatencyMs(),
                health.getTimestamp());
        if (up != null) lines.add(up);
        if (latency != null) lines.add(latency);
        enqueue(records, LineBlock.of(lines));
    }

    private PoolTags tags(String pool) {
        return pool == null || pools == null ? null : pools.apply(pool);
    }

    @Override
    public void onLifecycle(LifecycleEvent event) {
        enqueue(records, LineBlock.of(List.of(Lines.lifecycle(event))));
    }

    /** Stored again: the same node, state and time make the same point, so a repeat changes nothing. */
    @Override
    public void onLifecycleAgain(LifecycleEvent event) {
        onLifecycle(event);
    }

    @Override
    public void acceptRecords(List<String> lines) {
        enqueue(records, LineBlock.of(lines));
    }

    /** Raw points (scraped or ingested) go to the metrics database only. */
    @Override
    public void acceptLines(List<String> lines) {
        enqueue(metrics, LineBlock.of(lines));
    }

    /** All or nothing, waiting up to {@code maxWaitNanos} for room (not at all while the spool is full). */
    @Override
    public boolean offerLines(List<String> lines, long maxWaitNanos) {
        return offerBlock(LineBlock.of(lines), maxWaitNanos);
    }

    /** {@link #offerLines} for lines as bytes: the block is kept as it is, to be written as it is. */
    @Override
    public boolean offerBlock(LineBlock lines, long maxWaitNanos) {
        if (lines.lines() == 0) return true;
        if (closed) return false;
        if (lines.lines() > metrics.buffer.capacity()) {  // larger than memory: take it in parts, dropping (counted) what does not fit
            enqueue(metrics, lines);
            return true;
        }
        boolean taken = metrics.offerAll(lines, maxWaitNanos);
        if (!taken) refused.addAndGet(lines.lines());
        return taken;
    }

    private void enqueue(Channel channel, LineBlock lines) {
        int n = lines.lines();
        if (n == 0) return;
        if (closed) {
            drop(n, "sink closed");
            return;
        }
        int added = channel.offer(lines, offerNanos);
        if (added < n) drop(n - added, "memory buffer and spool of " + channel.database + " full");
    }

    private void drop(int n, String why) {
        long total = droppedHere.addAndGet(n);
        long now = System.nanoTime();
        if (now - lastDropLog > DROP_LOG_EVERY_NANOS || lastDropLog == 0) {
            lastDropLog = now;
            log.warn("InfluxDB sink dropped {} points ({}); {} dropped since start", n, why,
                    total + metrics.flusher.dropped.get() + records.flusher.dropped.get());
        }
    }

    /** Returns once everything accepted before the call has been written to InfluxDB, spooled, or (caps full) dropped. */
    @Override
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        if (metrics.flush(deadline)) records.flush(deadline);
    }

    /** Counters and levels of both databases together, for monitoring and tests. */
    public SinkStats stats() {
        Flusher m = metrics.flusher;
        Flusher r = records.flusher;
        return new SinkStats(metrics.accepted.get() + records.accepted.get(), m.written.get() + r.written.get(),
                m.rejected.get() + r.rejected.get(), droppedHere.get() + m.dropped.get() + r.dropped.get(), refused.get(),
                metrics.buffered() + records.buffered(), metrics.spool.lines() + records.spool.lines(),
                metrics.spool.bytes() + records.spool.bytes(), m.outage() || r.outage());
    }

    /** Writes (or spools) what is buffered and stops the writers. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        metrics.close();
        records.close();
    }
}
