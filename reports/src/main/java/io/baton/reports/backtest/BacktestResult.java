package io.baton.reports.backtest;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What a backtest found: per rule set, per pool and in total, what the simulated fleet would have done and
 * cost; and what the recorded fleet really did in the same period. {@link BacktestJson} renders it.
 *
 * @param currency the currency of the costs (the customers' prices), or empty when no pool had one
 * @param files the JSON and HTML files written, if any
 */
public record BacktestResult(Instant from, Instant to, List<Run> runs, List<Recorded> recorded, String currency, List<Path> files) {

    /** One rule set's run: each pool, and the whole fleet. */
    public record Run(String rules, List<PoolOutcome> pools, PoolOutcome total) { }

    /**
     * One pool in one run (or the total, as pool {@code "*"}).
     *
     * @param cost null when the pool's customer has no price and none was given
     * @param slaMinutes seconds in which L(t)/n(t) was above the SLA cpu, divided by 60
     * @param actions decisions carried out (EXECUTED or CLAMPED): the churn
     * @param decisionsLeftOut decisions beyond {@link PoolTally#MAX_DECISIONS}, counted only
     */
    public record PoolOutcome(String pool, BigDecimal nodeHours, BigDecimal cost, BigDecimal slaMinutes, int peakNodes,
                              BigDecimal meanNodes, long actions, List<Decision> decisions, long decisionsLeftOut, Chart chart) { }

    /**
     * One journal entry of a run: when, which rule, the journal's action name, the node (replacements), the amount
     * asked for and approved, and the outcome.
     */
    public record Decision(Instant time, String rule, String action, String node, int amount, int approved, String outcome) { }

    /** What the fleet really did: node-hours from {@code node_lifecycle}, actions from {@code decision}. */
    public record Recorded(String pool, BigDecimal nodeHours, long actions, Chart chart) { }

    /** The run of {@code rules}, or null. */
    public Run run(String rules) {
        return runs.stream().filter(r -> r.rules().equals(rules)).findFirst().orElse(null);
    }

    /** The pool's outcome in the run, or null. */
    public static PoolOutcome pool(Run run, String pool) {
        return run.pools().stream().filter(p -> p.pool().equals(pool)).findFirst().orElse(null);
    }
}
