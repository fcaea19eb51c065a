package io.baton.reports.backtest;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to backtest: the recorded period {@code [from, to)}, one rule directory or two (the second is the
 * {@code --compare} set), the pools (empty: every configured pool), how long a scale-out's nodes take to
 * become RUNNING, the cpu above which a second counts against the SLA, and an optional price per node-hour
 * that overrides the customers' prices.
 *
 * @param pricePerNodeHour null: each customer's price from {@code baton.reports.prices}
 * @param outDir where the JSON and HTML files go; null writes none
 */
public record BacktestRequest(Instant from, Instant to, List<Path> rules, List<String> pools, Duration provisioningDelay,
                              double slaCpu, BigDecimal pricePerNodeHour, Path outDir) {

    public static final Duration DEFAULT_PROVISIONING_DELAY = Duration.ofSeconds(60);
    public static final double DEFAULT_SLA_CPU = 90;

    public BacktestRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) throw new BacktestException("--to (" + to + ") must be after --from (" + from + ")");
        rules = List.copyOf(rules);
        if (rules.isEmpty() || rules.size() > 2) throw new BacktestException("give one rules directory, and at most one to compare with");
        pools = pools == null ? List.of() : List.copyOf(pools);
        provisioningDelay = provisioningDelay == null ? DEFAULT_PROVISIONING_DELAY : provisioningDelay;
        if (provisioningDelay.isNegative()) throw new BacktestException("--provisioning-delay must be 0 s or more, got " + provisioningDelay);
        if (!(slaCpu > 0 && slaCpu <= 100)) throw new BacktestException("--sla-cpu must be above 0 and at most 100, got " + slaCpu);
        if (pricePerNodeHour != null && pricePerNodeHour.signum() < 0) throw new BacktestException("--price-per-node-hour must be 0 or more");
    }
}
