package io.baton.engine.scenario;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as people write them in scenarios and config: {@code 90s}, {@code 2m}, {@code 1m30s}, {@code 1h}, {@code 250ms}, or bare seconds. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private Durations() { }

    public static Duration parse(Object value, String where) {
        if (value instanceof Number n) return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
        String s = String.valueOf(value).trim().toLowerCase();
        if (s.matches("\\d+(\\.\\d+)?")) return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
        Matcher m = PART.matcher(s);
        long ms = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) break;
            double v = Double.parseDouble(m.group(1));
            ms += Math.round(v * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1000;
                case "m" -> 60_000;
                default -> 3_600_000;
            });
            end = m.end();
        }
        if (end != s.length() || s.isEmpty()) {
            throw new IllegalArgumentException(where + ": not a duration: '" + value + "' (use e.g. 90s, 2m, 1m30s)");
        }
        return Duration.ofMillis(ms);
    }

    /** {@code 2m}, {@code 1m30s}, {@code 45s}: the short form for messages. */
    public static String format(long millis) {
        long s = millis / 1000;
        String out = (s / 60 > 0 ? (s / 60) + "m" : "") + (s % 60 > 0 || s == 0 ? (s % 60) + "s" : "");
        return millis % 1000 != 0 ? out + "+" + (millis % 1000) + "ms" : out;
    }
}
