package io.baton.collectors.ingest;

import io.baton.collectors.sinks.LineBlock;
import java.util.Arrays;

/**
 * Builds the {@link LineBlock} of one request body's good lines, each with a nanosecond timestamp and a newline.
 * While the lines are the body's own bytes, one after the other, each already followed by {@code '\n'} (Telegraf's
 * case: nanosecond timestamps, one line per line), the block is a slice of the body and nothing is copied. At the
 * first line that differs (a bad line or comment left out, a timestamp to add or scale, {@code \r\n}, a last line
 * without a newline) the lines so far are copied into an array of their own and the rest are appended to it.
 *
 * <p>The body must not change once {@link #build()} has returned: the block may share it.
 */
final class BlockBuilder {
    private final byte[] body;
    private final int bodyLength;
    /** Null while the block is a slice of the body. */
    private byte[] out;
    /** Slice: where the first line starts in the body. */
    private int start;
    /** Slice: the end of the last line in the body; copy: the bytes used in {@code out}. */
    private int pos;
    private int[] ends;
    private int count;

    /** For the good lines of {@code body[0, length)}; {@code expectedLines} sizes the first array. */
    BlockBuilder(byte[] body, int length, int expectedLines) {
        this.body = body;
        this.bodyLength = length;
        this.ends = new int[Math.max(4, Math.min(expectedLines, 65_536))];
    }

    /** Line {@code body[from, to)} as it is; {@code to} is the end of its timestamp. */
    void verbatim(int from, int to) {
        if (out == null && (count == 0 || from == pos) && to < bodyLength && body[to] == '\n') {
            if (count == 0) start = from;
            pos = to + 1;
            end(pos);
            return;
        }
        copying(to - from + 1);
        System.arraycopy(body, from, out, pos, to - from);
        pos += to - from;
        out[pos++] = '\n';
        end(pos);
    }

    /** Line {@code body[from, to)} (measurement, tags and fields) followed by {@code ' ' + nanos}. */
    void withTimestamp(int from, int to, long nanos) {
        copying(to - from + 22);
        System.arraycopy(body, from, out, pos, to - from);
        pos += to - from;
        out[pos++] = ' ';
        pos = digits(nanos, out, pos);
        out[pos++] = '\n';
        end(pos);
    }

    /** Lines added. */
    int lines() {
        return count;
    }

    /**
     * The block. A slice that would pin a body more than twice its size (most lines bad) is copied out, so that
     * the buffer, which counts lines, does not hold far more memory than its lines take.
     */
    LineBlock build() {
        if (count == 0) return LineBlock.EMPTY;
        if (out == null) {
            if ((long) (pos - start) * 2 >= body.length) return LineBlock.of(body, start, ends, count);
            byte[] compact = Arrays.copyOfRange(body, start, pos);
            for (int i = 0; i < count; i++) ends[i] -= start;
            return LineBlock.of(compact, 0, ends, count);
        }
        byte[] bytes = out.length - pos > 4096 && out.length > 2L * pos ? Arrays.copyOf(out, pos) : out;
        return LineBlock.of(bytes, 0, ends, count);
    }

    /** Leaves slice mode (copying the lines so far) and makes room for {@code more} bytes. */
    private void copying(int more) {
        if (out == null) {
            int sliced = count == 0 ? 0 : pos - start;
            out = new byte[Math.max(64, Math.max(sliced + more, bodyLength + (bodyLength >> 3)))];
            System.arraycopy(body, start, out, 0, sliced);
            for (int i = 0; i < count; i++) ends[i] -= start;
            pos = sliced;
            start = 0;
        }
        if (pos + more > out.length) out = Arrays.copyOf(out, Math.max(pos + more, out.length * 2));
    }

    private void end(int at) {
        if (count == ends.length) ends = Arrays.copyOf(ends, count * 2);
        ends[count++] = at;
    }

    /** Writes {@code v} in decimal at {@code to[at]}; returns the position after it. At most 20 bytes. */
    static int digits(long v, byte[] to, int at) {
        if (v == Long.MIN_VALUE) {
            byte[] min = Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, to, at, min.length);
            return at + min.length;
        }
        if (v < 0) {
            to[at++] = '-';
            v = -v;
        }
        int n = 1;
        for (long t = v / 10; t != 0; t /= 10) n++;
        int end = at + n;
        for (int i = end - 1; i >= at; i--) {
            to[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }
}
