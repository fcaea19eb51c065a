package io.baton.collectors.sinks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Complete lines of line protocol as bytes, each ending in {@code '\n'}, one after the other in one array: line
 * {@code i} of the block spans {@code [i == 0 ? offset() : ends[first + i - 1], ends[first + i])} of
 * {@link #array()}. Ingest builds one per request, often as a slice of the request body itself, so a point goes
 * from the client to InfluxDB without a String or an object of its own. Immutable: a {@link #slice} shares the
 * arrays, and nobody may write to them once the block exists.
 */
public final class LineBlock {
    /** No lines. */
    public static final LineBlock EMPTY = new LineBlock(new byte[0], 0, new int[0], 0, 0);

    private final byte[] bytes;
    private final int offset;
    private final int[] ends;
    private final int first;
    private final int count;

    private LineBlock(byte[] bytes, int offset, int[] ends, int first, int count) {
        this.bytes = bytes;
        this.offset = offset;
        this.ends = ends;
        this.first = first;
        this.count = count;
    }

    /**
     * The {@code count} lines of {@code bytes} that start at {@code offset} and end (after their {@code '\n'}) at
     * {@code ends[0..count)}; the arrays are kept, not copied.
     *
     * @throws IllegalArgumentException when the ends do not rise within the array or a line does not end in '\n'
     */
    public static LineBlock of(byte[] bytes, int offset, int[] ends, int count) {
        if (count < 0 || count > ends.length || offset < 0) throw new IllegalArgumentException("bad line count or offset");
        int prev = offset;
        for (int i = 0; i < count; i++) {
            int e = ends[i];
            if (e <= prev || e > bytes.length || bytes[e - 1] != '\n') {
                throw new IllegalArgumentException("line " + (i + 1) + " does not end in a newline within the array");
            }
            prev = e;
        }
        return count == 0 ? EMPTY : new LineBlock(bytes, offset, ends, 0, count);
    }

    /** Lines given as Strings without their newline (UTF-8), copied into one array. */
    public static LineBlock of(List<String> lines) {
        if (lines.isEmpty()) return EMPTY;
        int[] ends = new int[lines.size()];
        byte[][] encoded = new byte[lines.size()][];
        int total = 0;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = lines.get(i).getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length + 1;
        }
        byte[] bytes = new byte[total];
        int pos = 0;
        for (int i = 0; i < encoded.length; i++) {
            System.arraycopy(encoded[i], 0, bytes, pos, encoded[i].length);
            pos += encoded[i].length;
            bytes[pos++] = '\n';
            ends[i] = pos;
        }
        return new LineBlock(bytes, 0, ends, 0, ends.length);
    }

    /** How many lines. */
    public int lines() {
        return count;
    }

    /** The shared array the lines live in (do not write to it). */
    public byte[] array() {
        return bytes;
    }

    /** Where the first line starts in {@link #array()}. */
    public int offset() {
        return offset;
    }

    /** Bytes of all the lines, newlines included. */
    public int byteLength() {
        return count == 0 ? 0 : ends[first + count - 1] - offset;
    }

    /** Lines {@code [from, from + n)} of this block, sharing its arrays. */
    public LineBlock slice(int from, int n) {
        if (from < 0 || n < 0 || from + n > count) throw new IndexOutOfBoundsException("lines " + from + "+" + n + " of " + count);
        if (n == 0) return EMPTY;
        if (from == 0 && n == count) return this;
        return new LineBlock(bytes, start(from), ends, first + from, n);
    }

    /** Line {@code i} without its newline. */
    public String line(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("line " + i + " of " + count);
        int s = start(i);
        return new String(bytes, s, ends[first + i] - 1 - s, StandardCharsets.UTF_8);
    }

    /** The lines as Strings without their newlines (for sinks that want them so, and for tests). */
    public List<String> toStrings() {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(line(i));
        return out;
    }

    /** A copy of the bytes of all the lines. */
    public byte[] toBytes() {
        return Arrays.copyOfRange(bytes, offset, offset + byteLength());
    }

    private int start(int i) {
        return i == 0 ? offset : ends[first + i - 1];
    }

    @Override
    public String toString() {
        return count + " lines, " + byteLength() + " bytes";
    }
}
