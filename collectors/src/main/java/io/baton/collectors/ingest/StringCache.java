package io.baton.collectors.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns byte ranges into Strings, reusing the String when the same bytes come again (measurement names, tag
 * keys and values, field keys repeat in every line). Entries are immutable, so sharing is safe.
 */
final class StringCache {
    private static final int SIZE = 1 << 13;
    private static final int MAX_LEN = 64;
    private final Entry[] table = new Entry[SIZE];

    private record Entry(byte[] bytes, String string) { }

    String get(byte[] buf, int from, int to) {
        int len = to - from;
        if (len > MAX_LEN) return new String(buf, from, len, StandardCharsets.UTF_8);
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) h = (h ^ buf[i]) * 0x01000193;
        int slot = (h ^ (h >>> 15)) & (SIZE - 1);
        Entry e = table[slot];
        if (e != null && Arrays.equals(e.bytes, 0, e.bytes.length, buf, from, to)) return e.string;
        String s = new String(buf, from, len, StandardCharsets.UTF_8);
        table[slot] = new Entry(Arrays.copyOfRange(buf, from, to), s);
        return s;
    }
}
