package io.baton.engine.scenario;

import io.baton.engine.guard.Budget;
import io.baton.engine.guard.GuardrailSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A rule scenario, as ops teams write it in YAML: pools, a timeline of metric and health events, and
 * the actions (or pool sizes) expected at given times, with optional guardrails and customer quotas.
 * See the README for the format.
 *
 * @param rules the scenario's own rule directory ({@code rules: some/dir}, relative to the scenario
 *        file), or null to run against the rules under test
 */
public record Scenario(String name, String file, long start, List<PoolSpec> pools, GuardrailSettings guardrails,
                       Map<String, Long> quotas, long until, List<Event> events, List<Expectation> expect, Path rules,
                       Map<String, Budget> budgets, ScenarioHistory history) {

    /** A scenario whose customers have no budget, with no history. */
    public Scenario(String name, String file, long start, List<PoolSpec> pools, GuardrailSettings guardrails,
                    Map<String, Long> quotas, long until, List<Event> events, List<Expectation> expect, Path rules) {
        this(name, file, start, pools, guardrails, quotas, until, events, expect, rules, Map.of(), ScenarioHistory.NONE);
    }

    /** The cost budget of a customer, null when the scenario gives none. */
    public Budget budget(String customer) {
        return budgets.get(customer);
    }

    /** The quota of a customer, {@link Long#MAX_VALUE} when the scenario gives none. */
    public long quota(String customer) {
        return quotas.getOrDefault(customer, Long.MAX_VALUE);
    }

    /** A pool and how many running nodes it starts with. */
    public record PoolSpec(String name, String customer, int min, int max, int nodes) { }

    /**
     * One timeline entry, repeated every {@code every} ms from {@code from} to {@code until} (inclusive),
     * or once at {@code from}. Kinds: {@code metric} (to a node, or to every running node of a pool),
     * {@code health} (a probe result), {@code silence} (the node stops sending), {@code crash}.
     */
    public record Event(String kind, String pool, String node, String metric, double value, boolean up,
                        long from, long until, long every) { }

    /**
     * An action expected between {@code from} and {@code to} (ms after start), with optional details; or,
     * with {@code count} and no action, the pool holding that many nodes at every second from
     * {@code from} to {@code to}.
     */
    public record Expectation(String action, String pool, String node, Integer nodes, String rule, String outcome,
                              long from, long to, Integer count) {

        /** Whether this expects a pool size rather than an action. */
        public boolean isCount() { return action == null && count != null; }

        String describe() {
            if (isCount()) return pool + " holds " + count + " nodes at " + Durations.format(from) + (to != from ? ".." + Durations.format(to) : "");
            return action + (pool != null ? " " + pool : "") + (node != null ? " node " + node : "")
                    + (nodes != null ? " by " + nodes : "") + (rule != null ? " rule~'" + rule + "'" : "")
                    + (outcome != null ? " " + outcome : "")
                    + " at " + Durations.format(from) + (to != from ? ".." + Durations.format(to) : "");
        }
    }
}
