package io.baton.collectors.ingest;

import java.nio.charset.StandardCharsets;

/**
 * A fast parser of InfluxDB line protocol ({@code measurement[,tag=v...] field=v[,field=v...] [timestamp]}).
 * It follows InfluxDB's escaping rules: commas and spaces in the measurement, commas, equals signs and spaces
 * in tag keys, tag values and field keys; {@code \"} and {@code \\} in string fields (which may span lines).
 * Field values: floats, integers ({@code 1i}), unsigned ({@code 1u}), strings, booleans. Bad lines are
 * reported to the handler with their 1-based line number and parsing goes on with the next line.
 *
 * <p>This class walks the bytes: it finds where each token ends and counts the lines. What a token means is
 * decoded by static helpers on the same bytes: {@link FieldValues} (numbers and booleans), {@link Escapes} (an
 * escaped name or string), {@link Precision#nanos} (the timestamp); a bad line is a {@link BadLine}.
 *
 * <p>Not thread-safe: use one instance per thread.
 */
public final class LineProtocolParser {
    /** Receives the parsed lines. */
    public interface Handler {
        /** A valid line; {@code line} is reused after the call returns. */
        void point(ParsedLine line);

        /** A bad line, with why it is bad; the line is skipped. */
        void error(int lineNumber, String why);
    }

    /** Above this many characters the scratch buffer is dropped after a parse rather than kept for the next. */
    private static final int KEEP_SCRATCH = 1024;
    private final StringCache cache = new StringCache();
    private final ParsedLine line = new ParsedLine();
    private final int maxFields;
    private final int maxLineBytes;
    private StringBuilder scratch = new StringBuilder();
    private byte[] buf;
    private int pos;
    private int limit;
    private int lineNo;

    /** A parser without bounds on a line. */
    public LineProtocolParser() {
        this(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * A parser that refuses, as bad lines, a line with more than {@code maxFields} fields or longer than
     * {@code maxLineBytes} bytes.
     */
    public LineProtocolParser(int maxFields, int maxLineBytes) {
        this.maxFields = maxFields;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Parses {@code buf[off, off+len)}. Timestamps are multiplied by {@code nanosPerUnit} (1 for ns,
     * 1_000_000 for ms, ...). Returns the number of valid lines.
     */
    public int parse(byte[] buf, int off, int len, long nanosPerUnit, Handler handler) {
        this.buf = buf;
        this.pos = off;
        this.limit = off + len;
        this.lineNo = 1;
        try {
            return parseAll(nanosPerUnit, handler);
        } finally {
            release();
        }
    }

    private int parseAll(long nanosPerUnit, Handler handler) {
        int good = 0;
        while (pos < limit) {
            int startLine = lineNo;
            skipBlanks();
            if (pos >= limit) break;
            byte c = buf[pos];
            if (c == '\n') { pos++; lineNo++; continue; }
            if (c == '\r' && pos + 1 < limit && buf[pos + 1] == '\n') { pos += 2; lineNo++; continue; }
            if (c == '#') { skipToEol(); continue; }
            line.reset(buf, pos, startLine);
            try {
                parseLine(nanosPerUnit);
                if (line.end - line.start > maxLineBytes) {
                    handler.error(startLine, BadLine.tooLong(maxLineBytes));
                } else {
                    handler.point(line);
                    good++;
                }
            } catch (BadLine bad) {
                handler.error(startLine, bad.getMessage());
                skipToEol();
            }
        }
        return good;
    }

    /** Lets go of the body and of anything a big line made grow, so an idle parser holds little. */
    private void release() {
        buf = null;
        line.release();
        if (scratch.capacity() > KEEP_SCRATCH) scratch = new StringBuilder();
    }

    /**
     * About how many bytes this parser keeps between parses, besides its {@link StringCache} (bounded by design):
     * the body if it still held it, the scratch buffer, and the reusable line's arrays and the strings in them.
     */
    long retainedBytes() {
        return (buf == null ? 0 : buf.length) + 2L * scratch.capacity() + line.retainedBytes();
    }

    /** At a field or tag boundary: refuse the line as soon as it is too long, without reading the rest. */
    private void checkLength() throws BadLine {
        if (pos - line.start > maxLineBytes) throw new BadLine(BadLine.tooLong(maxLineBytes));
    }

    private void parseLine(long nanosPerUnit) throws BadLine {
        line.measurement = measurement();
        while (pos < limit && buf[pos] == ',') {
            pos++;
            String key = key(true);
            if (pos >= limit || buf[pos] != '=') throw new BadLine("missing tag value");
            pos++;
            String value = key(false);
            if (value.isEmpty()) throw new BadLine("missing tag value");
            line.addTag(key, value);
            checkLength();
        }
        if (pos >= limit || buf[pos] != ' ') throw new BadLine("missing fields");
        while (pos < limit && buf[pos] == ' ') pos++;
        if (pos >= limit || buf[pos] == '\n' || buf[pos] == '\r') throw new BadLine("missing fields");
        fields();
        line.seriesAndFieldsEnd = pos;
        while (pos < limit && buf[pos] == ' ') pos++;
        int tsStart = pos;
        if (pos < limit && buf[pos] != '\n' && buf[pos] != '\r') {
            line.timestamp = timestamp(nanosPerUnit);
            line.hasTimestamp = true;
            line.timestampEnd = pos;
            line.timestampIsNanos = nanosPerUnit == 1 && line.seriesAndFieldsEnd + 1 == tsStart;
            while (pos < limit && (buf[pos] == ' ' || buf[pos] == '\t')) pos++;
        }
        if (pos < limit && buf[pos] == '\r') pos++;
        if (pos < limit) {
            if (buf[pos] != '\n') throw new BadLine("unexpected text after timestamp");
            line.end = pos;
            pos++;
            lineNo++;
        } else {
            line.end = pos;
        }
    }

    private String measurement() throws BadLine {
        int start = pos;
        boolean escaped = false;
        while (pos < limit) {
            byte c = buf[pos];
            if (c == '\\' && pos + 1 < limit && (buf[pos + 1] == ',' || buf[pos + 1] == ' ')) { escaped = true; pos += 2; continue; }
            if (c == ',' || c == ' ') break;
            if (c == '\n') throw new BadLine("missing fields");
            pos++;
        }
        if (pos == start) throw new BadLine("missing measurement");
        return escaped ? Escapes.name(scratch, buf, start, pos, false) : cache.get(buf, start, pos);
    }

    /** A tag key (stops at '='), tag value (stops at ',' or ' ') or field key (stops at '='). */
    private String key(boolean isKey) throws BadLine {
        int start = pos;
        boolean escaped = false;
        while (pos < limit) {
            byte c = buf[pos];
            if (c == '\\' && pos + 1 < limit && (buf[pos + 1] == ',' || buf[pos + 1] == ' ' || buf[pos + 1] == '=')) {
                escaped = true;
                pos += 2;
                continue;
            }
            if (c == '\n') throw new BadLine(isKey ? "missing tag value" : "missing fields");
            if (c == ',' || c == ' ') {
                if (isKey) throw new BadLine("missing tag value");
                break;
            }
            if (c == '=') {
                if (isKey) break;
                throw new BadLine("invalid tag format");
            }
            pos++;
        }
        if (isKey && pos == start) throw new BadLine("missing tag key");
        return escaped ? Escapes.name(scratch, buf, start, pos, true) : cache.get(buf, start, pos);
    }

    private void fields() throws BadLine {
        while (true) {
            int start = pos;
            boolean escaped = false;
            while (pos < limit && buf[pos] != '=') {
                byte c = buf[pos];
                if (c == '\\' && pos + 1 < limit && (buf[pos + 1] == ',' || buf[pos + 1] == ' ' || buf[pos + 1] == '=')) {
                    escaped = true;
                    pos += 2;
                    continue;
                }
                if (c == ',' || c == ' ' || c == '\n' || c == '\r') throw new BadLine("missing field value");
                pos++;
            }
            if (pos >= limit) throw new BadLine("missing field value");
            if (pos == start) throw new BadLine("missing field key");
            if (line.fieldCount >= maxFields) throw BadLine.tooManyFields(maxFields);
            String key = escaped ? Escapes.name(scratch, buf, start, pos, true) : cache.get(buf, start, pos);
            pos++;  // '='
            if (pos >= limit) throw new BadLine("missing field value");
            if (buf[pos] == '"') {
                line.addField(key, ParsedLine.STRING, 0, stringValue());
            } else {
                value(key);
            }
            checkLength();
            if (pos < limit && buf[pos] == ',') { pos++; continue; }
            if (pos >= limit || buf[pos] == ' ' || buf[pos] == '\n' || buf[pos] == '\r') return;
            throw new BadLine("invalid field format");
        }
    }

    private String stringValue() throws BadLine {
        pos++;  // opening quote
        int start = pos;
        boolean escaped = false;
        while (pos < limit) {
            byte c = buf[pos];
            if (c == '\\' && pos + 1 < limit && (buf[pos + 1] == '"' || buf[pos + 1] == '\\')) { escaped = true; pos += 2; continue; }
            if (c == '"') {
                if (pos - line.start > maxLineBytes) {  // past the closing quote, so the rest of the line is skipped, not read as lines
                    pos++;
                    throw new BadLine(BadLine.tooLong(maxLineBytes));
                }
                String s = escaped ? Escapes.string(scratch, buf, start, pos) : new String(buf, start, pos - start, StandardCharsets.UTF_8);
                pos++;
                return s;
            }
            if (c == '\n') lineNo++;
            pos++;
        }
        throw new BadLine("unbalanced quotes");
    }

    private void value(String key) throws BadLine {
        int start = pos;
        while (pos < limit) {
            byte c = buf[pos];
            if (c == ',' || c == ' ' || c == '\n' || c == '\r') break;
            pos++;
        }
        if (pos == start) throw new BadLine("missing field value");
        FieldValues.add(line, key, buf, start, pos);
    }

    private long timestamp(long nanosPerUnit) throws BadLine {
        int start = pos;
        while (pos < limit && buf[pos] != ' ' && buf[pos] != '\n' && buf[pos] != '\r' && buf[pos] != '\t') pos++;
        return Precision.nanos(buf, start, pos, nanosPerUnit);
    }

    private void skipBlanks() {
        while (pos < limit && (buf[pos] == ' ' || buf[pos] == '\t')) pos++;
    }

    private void skipToEol() {
        while (pos < limit && buf[pos] != '\n') pos++;
        if (pos < limit) { pos++; lineNo++; }
    }
}
