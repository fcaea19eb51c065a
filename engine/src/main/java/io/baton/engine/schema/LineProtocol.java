package io.baton.engine.schema;

/** Escaping rules of InfluxDB line protocol, for code that writes lines. */
public final class LineProtocol {
    /** Nanoseconds per millisecond: Baton's lines carry nanosecond timestamps. */
    public static final long NANOS_PER_MS = 1_000_000L;

    private LineProtocol() { }

    /** Appends a measurement name, escaping commas and spaces (a newline becomes an escaped space). */
    public static StringBuilder measurement(StringBuilder sb, String s) {
        return escape(sb, s, false);
    }

    /** Appends {@code ,key=value}, escaping commas, equals signs and spaces; nothing when the value is empty. */
    public static StringBuilder tag(StringBuilder sb, String key, String value) {
        if (value == null || value.isEmpty() || key == null || key.isEmpty()) return sb;
        escape(sb.append(','), key, true).append('=');
        return escape(sb, value, true);
    }

    /** Appends a double-quoted string field value, escaping quotes and backslashes. */
    public static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        return sb.append('"');
    }

    /** Appends {@code " value=v"}, the one field of a metric point. */
    public static StringBuilder value(StringBuilder sb, double v) {
        return sb.append(' ').append(Fields.VALUE).append('=').append(v);
    }

    /** Appends the timestamp of epoch millis {@code timeMs}, in nanoseconds, after a space. */
    public static StringBuilder timeMs(StringBuilder sb, long timeMs) {
        return sb.append(' ').append(timeMs * NANOS_PER_MS);
    }

    private static StringBuilder escape(StringBuilder sb, String s, boolean equalsToo) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') { sb.append("\\ "); continue; }
            if (c == ',' || c == ' ' || (equalsToo && c == '=')) sb.append('\\');
            sb.append(c);
        }
        return sb;
    }
}
