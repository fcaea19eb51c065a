package io.baton.collectors.influx;

import io.baton.collectors.sinks.LineBlock;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write path to one database: a memory buffer, a disk spool and the writer thread that empties them. The sink
 * has two, one for metrics (scraped and ingested) and one for Baton's own records, so that nothing a client posts
 * to ingest can reach the records database.
 */
final class Channel implements AutoCloseable {
    final String database;
    final LineBuffer buffer;
    final Spool spool;
    final BatchWriter writer;
    final Flusher flusher;
    private final Thread thread;
    /** Lines taken into the buffer; {@link #flush} waits until the flusher settled as many. */
    final AtomicLong accepted = new AtomicLong();

    Channel(InfluxProperties props, String database, Path spoolDir, BatchWriter writer, String threadName) {
        this.database = database;
        this.buffer = new LineBuffer(props.getBufferCapacity());
        this.spool = new Spool(spoolDir, props.getSpoolMaxSize().toBytes());
        this.writer = writer;
        this.flusher = new Flusher(buffer, spool, writer, props);
        this.thread = new Thread(flusher, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Adds lines, waiting up to {@code waitNanos} for room (none while the spool is full); returns how many were taken. */
    int offer(LineBlock lines, long waitNanos) {
        int added = buffer.offer(lines, flusher.spoolFull() ? 0 : waitNanos);
        accepted.addAndGet(added);
        return added;
    }

    /** All the lines or none. */
    boolean offerAll(LineBlock lines, long waitNanos) {
        boolean taken = buffer.offerAll(lines, flusher.spoolFull() ? 0 : waitNanos);
        if (taken) accepted.addAndGet(lines.lines());
        return taken;
    }

    /** Waits until everything accepted before the call is written, spooled or dropped; false if it gave up. */
    boolean flush(long deadlineNanos) {
        long target = accepted.get();
        while (flusher.settled.get() < target && thread.isAlive() && System.nanoTime() < deadlineNanos) {
            if (flusher.spoolFull() && flusher.outage()) return true;  // nothing more can be handed on until InfluxDB is back
            flusher.urge();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    int buffered() {
        return buffer.size() + flusher.pendingLines();
    }

    @Override
    public void close() {
        flusher.close();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }
}
