package io.baton.reports.backtest;

import io.baton.engine.catalog.PoolSpec;
import io.baton.reports.ReportProperties;
import io.baton.reports.usage.Hours;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns the finished runs into the result: node-hours, cost, SLA minutes, peak and mean nodes and actions, per pool and in total. */
final class Outcomes {
    private static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000L);

    private Outcomes() { }

    static BacktestResult of(BacktestRequest req, BacktestConfig config, List<PoolSpec> specs, List<SimulatedRun> runs,
                             List<BacktestResult.Recorded> recorded) {
        long to = req.to().toEpochMilli();
        List<BacktestResult.Run> out = new ArrayList<>();
        for (SimulatedRun run : runs) {
            List<BacktestResult.PoolOutcome> pools = new ArrayList<>();
            long totalMillis = 0;
            long totalSla = 0;
            long totalActions = 0;
            BigDecimal totalCost = null;
            PoolTally[] tallies = run.tallies();
            for (int i = 0; i < tallies.length; i++) {
                PoolTally t = tallies[i];
                long billed = run.billedMillis(t.pool, to);
                BigDecimal price = req.pricePerNodeHour() != null ? req.pricePerNodeHour() : config.pricePerNodeHour(specs.get(i));
                BigDecimal cost = price == null ? null : cost(billed, price);
                if (cost != null) totalCost = totalCost == null ? cost : totalCost.add(cost);
                totalMillis += billed;
                totalSla += t.slaSeconds;
                totalActions += t.actions;
                pools.add(new BacktestResult.PoolOutcome(t.pool, Hours.of(billed), cost, minutes(t.slaSeconds), t.peak,
                        mean(t.nodeSeconds, t.seconds), t.actions, List.copyOf(t.decisions), t.decisionsLeftOut, t.chart));
            }
            BacktestResult.PoolOutcome total = new BacktestResult.PoolOutcome("*", Hours.of(totalMillis), totalCost, minutes(totalSla),
                    run.fleetPeak, mean(run.fleetNodeSeconds, run.fleetSeconds), totalActions, List.of(), 0, run.fleetChart());
            out.add(new BacktestResult.Run(run.rulesName, List.copyOf(pools), total));
        }
        return new BacktestResult(req.from(), req.to(), List.copyOf(out), List.copyOf(recorded), currency(req, config, specs), List.of());
    }

    /** The cost of {@code millis} node-milliseconds at {@code perHour}, to 6 decimals, half-even. */
    static BigDecimal cost(long millis, BigDecimal perHour) {
        return BigDecimal.valueOf(millis).multiply(perHour).divide(MS_PER_HOUR, 6, RoundingMode.HALF_EVEN);
    }

    /** Seconds as minutes, to 4 decimals. */
    static BigDecimal minutes(long seconds) {
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 4, RoundingMode.HALF_EVEN);
    }

    /** The mean of {@code sum} over {@code count}, to 3 decimals. */
    static BigDecimal mean(long sum, long count) {
        return count == 0 ? BigDecimal.ZERO.setScale(3) : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), 3, RoundingMode.HALF_EVEN);
    }

    private static String currency(BacktestRequest req, BacktestConfig config, List<PoolSpec> specs) {
        if (req.pricePerNodeHour() != null) return "";
        Set<String> seen = new LinkedHashSet<>();
        for (PoolSpec s : specs) {
            ReportProperties.Price p = config.prices().get(s.customer());
            if (p != null && p.currency() != null) seen.add(p.currency());
        }
        return seen.size() == 1 ? seen.iterator().next() : seen.isEmpty() ? "" : "mixed";
    }
}
