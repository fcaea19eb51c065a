package io.baton.collectors.influx;

import io.baton.collectors.sinks.LineBlock;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Lines written to InfluxDB in one request: the body, as consecutive parts of byte arrays (each line ends in a
 * newline; the parts are sent one after the other, never joined), and how many lines it holds.
 */
record Batch(List<Part> parts, int lines, long bytes) {

    /** {@code bytes[from, to)}. */
    record Part(byte[] bytes, int from, int to) { }

    Batch {
        parts = List.copyOf(parts);
    }

    /** The lines of {@code blocks}, in order. */
    static Batch of(List<LineBlock> blocks) {
        Part[] parts = new Part[blocks.size()];
        int lines = 0;
        long bytes = 0;
        for (int i = 0; i < parts.length; i++) {
            LineBlock b = blocks.get(i);
            parts[i] = new Part(b.array(), b.offset(), b.offset() + b.byteLength());
            lines += b.lines();
            bytes += b.byteLength();
        }
        return new Batch(List.of(parts), lines, bytes);
    }

    /** A body read back whole (a spool segment) that holds {@code lines} lines. */
    static Batch of(byte[] body, int lines) {
        return new Batch(List.of(new Part(body, 0, body.length)), lines, body.length);
    }

    /** Writes the body to {@code out}. */
    void writeTo(OutputStream out) throws IOException {
        for (Part p : parts) out.write(p.bytes(), p.from(), p.to() - p.from());
    }

    /** The body as one array (tests and the spool). */
    byte[] toBytes() {
        byte[] all = new byte[Math.toIntExact(bytes)];
        int at = 0;
        for (Part p : parts) {
            System.arraycopy(p.bytes(), p.from(), all, at, p.to() - p.from());
            at += p.to() - p.from();
        }
        return all;
    }
}
