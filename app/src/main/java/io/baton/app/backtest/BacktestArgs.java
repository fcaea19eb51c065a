package io.baton.app.backtest;

import io.baton.reports.backtest.BacktestException;
import io.baton.reports.backtest.BacktestRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns the options of {@code rules backtest} (or the API's fields) into a {@link BacktestRequest}, with a clear message for a bad value. */
public final class BacktestArgs {
    private BacktestArgs() { }

    /**
     * @param rules the rules directory (null: {@code defaultRules})
     * @param compare a second rules directory, or null
     */
    public static BacktestRequest request(String from, String to, String rules, String defaultRules, String compare, List<String> pools,
                                          String delay, String slaCpu, String price, Path out) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Path.of(rules == null || rules.isBlank() ? defaultRules : rules));
        if (compare != null && !compare.isBlank()) dirs.add(Path.of(compare));
        return new BacktestRequest(instant("--from", from), instant("--to", to), dirs, pools,
                delay == null ? null : duration(delay), slaCpu == null ? BacktestRequest.DEFAULT_SLA_CPU : number("--sla-cpu", slaCpu).doubleValue(),
                price == null ? null : number("--price-per-node-hour", price), out);
    }

    static Instant instant(String name, String v) {
        if (v == null || v.isBlank()) throw new BacktestException(name + " is needed, e.g. " + name + " 2026-11-01T00:00:00Z");
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BacktestException(name + " '" + v + "' is not an ISO-8601 UTC time such as 2026-11-01T00:00:00Z");
        }
    }

    /** {@code 60s}, {@code 2m}, {@code 1h}, {@code 90} (seconds) or ISO-8601 ({@code PT1M}). */
    static Duration duration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt")) return Duration.parse(s.toUpperCase(Locale.ROOT));
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            return Duration.ofSeconds(Long.parseLong(s));
        } catch (RuntimeException e) {
            throw new BacktestException("--provisioning-delay '" + v + "' is not a duration such as 60s, 2m or 1h");
        }
    }

    static BigDecimal number(String name, String v) {
        try {
            return new BigDecimal(v.trim());
        } catch (NumberFormatException e) {
            throw new BacktestException(name + " '" + v + "' is not a number");
        }
    }
}
