package io.baton.collectors.scrape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses Prometheus' text exposition format (version 0.0.4): {@code # HELP} and {@code # TYPE} lines and other
 * comments are skipped; samples are {@code name[{label="value",...}] value [timestamp_ms]}, label values with
 * {@code \\}, {@code \"} and {@code \n} escapes, values including {@code NaN}, {@code +Inf} and {@code -Inf}.
 * A bad line is reported ({@code line N: why}) and skipped.
 */
public final class PromTextParser {

    /** The samples and the errors of one exposition. */
    public record Result(List<PromSample> samples, List<String> errors) { }

    private String text;
    private int pos;
    private int end;

    /** Parses a whole exposition. */
    public Result parse(String exposition) {
        List<PromSample> samples = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String[] lines = exposition.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
            try {
                samples.add(sample(trimmed));
            } catch (IllegalArgumentException e) {
                errors.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Result(samples, errors);
    }

    private PromSample sample(String line) {
        text = line;
        pos = 0;
        end = line.length();
        String name = name(true);
        Map<String, String> labels = Collections.emptyMap();
        skipBlanks();
        if (pos < end && text.charAt(pos) == '{') labels = labels();
        skipBlanks();
        int start = pos;
        while (pos < end && !isBlank(text.charAt(pos))) pos++;
        if (start == pos) throw new IllegalArgumentException("missing value");
        double value = value(text.substring(start, pos));
        skipBlanks();
        Long ts = null;
        if (pos < end) {
            start = pos;
            while (pos < end && !isBlank(text.charAt(pos))) pos++;
            try {
                ts = Long.parseLong(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid timestamp '" + text.substring(start, pos) + "'");
            }
            skipBlanks();
            if (pos < end) throw new IllegalArgumentException("unexpected text after timestamp");
        }
        return new PromSample(name, labels, value, ts);
    }

    private String name(boolean metric) {
        int start = pos;
        while (pos < end) {
            char c = text.charAt(pos);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (metric && c == ':')
                    || (pos > start && c >= '0' && c <= '9');
            if (!ok) break;
            pos++;
        }
        if (start == pos) throw new IllegalArgumentException(metric ? "invalid metric name" : "invalid label name");
        return text.substring(start, pos);
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new TreeMap<>();
        pos++;  // '{'
        while (true) {
            skipBlanks();
            if (pos < end && text.charAt(pos) == '}') { pos++; return labels; }
            String key = name(false);
            skipBlanks();
            if (pos >= end || text.charAt(pos) != '=') throw new IllegalArgumentException("expected '=' after label " + key);
            pos++;
            skipBlanks();
            if (pos >= end || text.charAt(pos) != '"') throw new IllegalArgumentException("label value of " + key + " must be quoted");
            pos++;
            StringBuilder v = new StringBuilder();
            while (true) {
                if (pos >= end) throw new IllegalArgumentException("unterminated label value of " + key);
                char c = text.charAt(pos++);
                if (c == '"') break;
                if (c == '\\') {
                    if (pos >= end) throw new IllegalArgumentException("unterminated label value of " + key);
                    char e = text.charAt(pos++);
                    switch (e) {
                        case 'n': v.append('\n'); break;
                        case '\\': v.append('\\'); break;
                        case '"': v.append('"'); break;
                        default: throw new IllegalArgumentException("invalid escape \\" + e + " in label " + key);
                    }
                } else {
                    v.append(c);
                }
            }
            if (labels.put(key, v.toString()) != null) throw new IllegalArgumentException("duplicate label " + key);
            skipBlanks();
            if (pos < end && text.charAt(pos) == ',') { pos++; continue; }
            if (pos < end && text.charAt(pos) == '}') { pos++; return labels; }
            throw new IllegalArgumentException("expected ',' or '}' in labels");
        }
    }

    static double value(String s) {
        switch (s) {
            case "NaN": case "nan": return Double.NaN;
            case "+Inf": case "Inf": case "+inf": case "inf": return Double.POSITIVE_INFINITY;
            case "-Inf": case "-inf": return Double.NEGATIVE_INFINITY;
            default:
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
                        throw new IllegalArgumentException("invalid value '" + s + "'");
                    }
                }
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid value '" + s + "'");
                }
        }
    }

    private void skipBlanks() {
        while (pos < end && isBlank(text.charAt(pos))) pos++;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
