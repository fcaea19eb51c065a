package io.baton.collectors.influx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * Batches waiting on disk while InfluxDB is down, one file per batch ({@code <seq>.<lines>.lp}), oldest first,
 * with a cap on the total size. Files written by an earlier run are picked up at start.
 */
final class Spool {
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("(\\d{20})\\.(\\d+)\\.lp");

    /** One spooled batch. */
    record Segment(Path file, long bytes, int lines) { }

    private final Path dir;
    private final long maxBytes;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private long bytes;
    private long lines;
    private long nextSeq;

    Spool(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> sorted = files.sorted().toList();
                for (Path f : sorted) {
                    Matcher m = NAME.matcher(f.getFileName().toString());
                    if (!m.matches()) continue;
                    Segment s = new Segment(f, Files.size(f), Integer.parseInt(m.group(2)));
                    segments.addLast(s);
                    bytes += s.bytes();
                    lines += s.lines();
                    nextSeq = Long.parseLong(m.group(1)) + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use spool dir " + dir, e);
        }
    }

    /** Appends {@code batch} as the newest segment; false (nothing written) when it would pass the cap. */
    synchronized boolean append(Batch batch) {
        long size = batch.bytes();
        if (bytes + size > maxBytes) return false;
        String name = String.format("%020d.%d.lp", nextSeq++, batch.lines());
        Path file = dir.resolve(name);
        Path tmp = dir.resolve(name + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                batch.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write spool file " + file, e);
        }
        segments.addLast(new Segment(file, size, batch.lines()));
        bytes += size;
        lines += batch.lines();
        return true;
    }

    /** Whether {@code batchBytes} more would still fit. */
    synchronized boolean fits(long batchBytes) {
        return bytes + batchBytes <= maxBytes;
    }

    /** The oldest segment, or null. */
    synchronized Segment oldest() {
        return segments.peekFirst();
    }

    /** Reads a segment back. */
    Batch read(Segment segment) {
        try {
            return Batch.of(Files.readAllBytes(segment.file()), segment.lines());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spool file " + segment.file(), e);
        }
    }

    /** Deletes the oldest segment once it has been written. */
    synchronized void removeOldest(Segment segment) {
        if (segments.peekFirst() != segment) throw new IllegalStateException("not the oldest segment: " + segment);
        segments.removeFirst();
        bytes -= segment.bytes();
        lines -= segment.lines();
        try {
            Files.deleteIfExists(segment.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete spool file " + segment.file(), e);
        }
    }

    synchronized boolean isEmpty() { return segments.isEmpty(); }
    synchronized long bytes() { return bytes; }
    synchronized long lines() { return lines; }
    long maxBytes() { return maxBytes; }
}
