package io.baton.collectors.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Undoes line protocol's backslash escapes in a token {@link LineProtocolParser} has found escaped, in the parser's
 * scratch buffer: a comma or a space in a measurement, also an equals sign in tag keys, tag values and field keys;
 * a quote or a backslash in a string field. Any other backslash stays. A token without escapes never comes here:
 * the parser reads it from its bytes (through its {@link StringCache}).
 */
final class Escapes {
    private Escapes() { }

    /**
     * The name {@code buf[start, end)} (UTF-8) unescaped: {@code \,} and {@code \ } and, when {@code equalsToo},
     * {@code \=}. Reuses {@code scratch}.
     */
    static String name(StringBuilder scratch, byte[] buf, int start, int end, boolean equalsToo) {
        scratch.setLength(0);
        String raw = new String(buf, start, end - start, StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char n = raw.charAt(i + 1);
                if (n == ',' || n == ' ' || (equalsToo && n == '=')) { c = n; i++; }
            }
            scratch.append(c);
        }
        return scratch.toString();
    }

    /** The inside of a string field, {@code buf[start, end)} (UTF-8) unescaped: {@code \"} and {@code \\}. Reuses {@code scratch}. */
    static String string(StringBuilder scratch, byte[] buf, int start, int end) {
        scratch.setLength(0);
        String raw = new String(buf, start, end - start, StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch == '\\' && i + 1 < raw.length() && (raw.charAt(i + 1) == '"' || raw.charAt(i + 1) == '\\')) ch = raw.charAt(++i);
            scratch.append(ch);
        }
        return scratch.toString();
    }
}
