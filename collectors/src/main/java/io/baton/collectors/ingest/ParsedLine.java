package io.baton.collectors.ingest;

/**
 * One valid line of line protocol as the parser saw it. The parser reuses one instance per parse, so a handler
 * must copy what it keeps. Strings are unescaped.
 */
public final class ParsedLine {
    /** Field value kinds. */
    public static final byte FLOAT = 0, INTEGER = 1, UNSIGNED = 2, STRING = 3, BOOLEAN = 4;

    private static final int INITIAL = 8;
    String measurement;
    int tagCount;
    String[] tagKeys = new String[INITIAL];
    String[] tagValues = new String[INITIAL];
    int fieldCount;
    String[] fieldKeys = new String[INITIAL];
    byte[] fieldTypes = new byte[INITIAL];
    double[] fieldNumbers = new double[INITIAL];
    /** Integer and unsigned values as their raw bits, boxed only when {@link #value} is asked for. */
    long[] fieldLongs = new long[INITIAL];
    Object[] fieldObjects = new Object[INITIAL];
    boolean hasTimestamp;
    long timestamp;
    int lineNumber;
    byte[] buffer;
    int start;
    int seriesAndFieldsEnd;
    int timestampEnd;
    boolean timestampIsNanos;
    int end;

    void reset(byte[] buf, int lineStart, int line) {
        buffer = buf;
        start = lineStart;
        lineNumber = line;
        tagCount = 0;
        fieldCount = 0;
        hasTimestamp = false;
        timestamp = 0;
    }

    /** Drops the body and whatever a wide line made grow; clears the rest (called after each parse). */
    void release() {
        buffer = null;
        if (tagKeys.length > INITIAL) {
            tagKeys = new String[INITIAL];
            tagValues = new String[INITIAL];
        } else {
            java.util.Arrays.fill(tagKeys, null);
            java.util.Arrays.fill(tagValues, null);
        }
        if (fieldKeys.length > INITIAL) {
            fieldKeys = new String[INITIAL];
            fieldTypes = new byte[INITIAL];
            fieldNumbers = new double[INITIAL];
            fieldLongs = new long[INITIAL];
            fieldObjects = new Object[INITIAL];
        } else {
            java.util.Arrays.fill(fieldKeys, null);
            java.util.Arrays.fill(fieldObjects, null);
        }
        tagCount = 0;
        fieldCount = 0;
        measurement = null;
    }

    /** About how many bytes this line keeps: the body it points into, its arrays and the strings in them. */
    long retainedBytes() {
        long n = (buffer == null ? 0 : buffer.length) + 8L * (tagKeys.length + tagValues.length + fieldKeys.length + fieldObjects.length)
                + 17L * fieldTypes.length;
        for (String s : tagKeys) n += s == null ? 0 : s.length();
        for (String s : tagValues) n += s == null ? 0 : s.length();
        for (String s : fieldKeys) n += s == null ? 0 : s.length();
        for (Object o : fieldObjects) n += o instanceof String s ? s.length() : 0;
        return n + (measurement == null ? 0 : measurement.length());
    }

    void addTag(String key, String value) {
        if (tagCount == tagKeys.length) {
            tagKeys = java.util.Arrays.copyOf(tagKeys, tagCount * 2);
            tagValues = java.util.Arrays.copyOf(tagValues, tagCount * 2);
        }
        tagKeys[tagCount] = key;
        tagValues[tagCount++] = value;
    }

    void addField(String key, byte type, double number, Object object) {
        if (fieldCount == fieldKeys.length) {
            int n = fieldCount * 2;
            fieldKeys = java.util.Arrays.copyOf(fieldKeys, n);
            fieldTypes = java.util.Arrays.copyOf(fieldTypes, n);
            fieldNumbers = java.util.Arrays.copyOf(fieldNumbers, n);
            fieldLongs = java.util.Arrays.copyOf(fieldLongs, n);
            fieldObjects = java.util.Arrays.copyOf(fieldObjects, n);
        }
        fieldKeys[fieldCount] = key;
        fieldTypes[fieldCount] = type;
        fieldNumbers[fieldCount] = number;
        fieldObjects[fieldCount++] = object;
    }

    /** An integer or unsigned field: {@code bits} as parsed, {@code number} as a double. */
    void addInteger(String key, byte type, double number, long bits) {
        addField(key, type, number, null);
        fieldLongs[fieldCount - 1] = bits;
    }

    public String measurement() { return measurement; }
    public int tagCount() { return tagCount; }
    public String tagKey(int i) { return tagKeys[i]; }
    public String tagValue(int i) { return tagValues[i]; }

    /** The value of tag {@code key}, or null. */
    public String tag(String key) {
        for (int i = 0; i < tagCount; i++) if (tagKeys[i].equals(key)) return tagValues[i];
        return null;
    }

    public int fieldCount() { return fieldCount; }
    public String fieldKey(int i) { return fieldKeys[i]; }
    public byte fieldType(int i) { return fieldTypes[i]; }

    /** Whether field {@code i} is a number (float, integer or unsigned). */
    public boolean isNumeric(int i) { return fieldTypes[i] <= UNSIGNED; }

    /** The numeric value of field {@code i} (integers converted to double); for booleans 1 or 0. */
    public double number(int i) { return fieldNumbers[i]; }

    /** The value as Java sees it: Double, Long (integer and unsigned as raw bits), String or Boolean. */
    public Object value(int i) {
        if (fieldTypes[i] == INTEGER || fieldTypes[i] == UNSIGNED) return fieldLongs[i];
        return fieldObjects[i] != null ? fieldObjects[i] : fieldNumbers[i];
    }

    public boolean hasTimestamp() { return hasTimestamp; }

    /** The timestamp in nanoseconds (already scaled by the precision), valid when {@link #hasTimestamp()}. */
    public long timestampNanos() { return timestamp; }

    /** 1-based line number in the body. */
    public int lineNumber() { return lineNumber; }

    /** The line as sent, from the measurement to the end of the field set (no timestamp), still escaped. */
    public String seriesAndFields() {
        return new String(buffer, start, seriesAndFieldsEnd - start, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Adds the line to {@code block} as {@link #toLineProtocol} would give it, without making a String: the bytes
     * as sent when the timestamp is already in nanoseconds, else the series and fields and the timestamp in
     * nanoseconds ({@code timeNanos} when it had none).
     */
    void appendTo(BlockBuilder block, long timeNanos) {
        if (hasTimestamp && timestampIsNanos) {
            block.verbatim(start, timestampEnd);
        } else {
            block.withTimestamp(start, seriesAndFieldsEnd, hasTimestamp ? timestamp : timeNanos);
        }
    }

    /** The line in canonical line protocol with a nanosecond timestamp ({@code timeNanos} when it had none). */
    public String toLineProtocol(long timeNanos) {
        if (hasTimestamp && timestampIsNanos) {  // the common case (Telegraf): the line as sent, one copy
            return new String(buffer, start, timestampEnd - start, java.nio.charset.StandardCharsets.UTF_8);
        }
        long ts = hasTimestamp ? timestamp : timeNanos;
        return seriesAndFields() + ' ' + ts;
    }
}
