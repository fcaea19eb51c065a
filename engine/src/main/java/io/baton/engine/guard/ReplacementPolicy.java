package io.baton.engine.guard;

import io.baton.engine.journal.Limit;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.NodeState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that decides whether a node is replaced, and how. Two kinds of evidence:
 * <ul>
 *   <li>a <b>crash</b> the actuator saw itself (the process exited, the pod failed) is trusted: it is
 *       healed even while telemetry is silent, by adding one node (there is nothing left to stop),
 *       unless the pool is already back to the size it had before the crash;</li>
 *   <li><b>telemetry</b> (failed probes, silence, latency) replaces a live node only while the pool
 *       looks sane: when more than the pool's unhealthy threshold of its running nodes look unhealthy
 *       at once, Baton treats it as a feed or zone failure and pauses these replacements; and at most
 *       the pool's replacement budget of nodes are being replaced at once.</li>
 * </ul>
 * Not thread-safe: the engine owns it.
 */
public final class ReplacementPolicy {
    private final Map<String, Set<String>> replacing = new HashMap<>();
    private final Map<String, Integer> crashedCapacity = new HashMap<>();

    /** {@code node} crashed; the pool counted {@code capacityBefore} nodes just before. */
    public void crashed(String node, int capacityBefore) {
        crashedCapacity.put(node, capacityBefore);
    }

    /**
     * Judges the replacement {@code d} of a node now in {@code state} (null when unknown), in a pool
     * that holds {@code nodes} nodes and whose running nodes look like {@code health}.
     */
    Verdict judge(Decision d, int nodes, NodeState state, PoolHealth health, GuardrailSettings s) {
        String node = d.getNode();
        if (state == NodeState.FAILED) {
            Integer before = crashedCapacity.get(node);
            if (before != null && nodes >= before) {
                return refuse(d, Limit.ALREADY_MADE_GOOD, "pool already back to " + nodes + " nodes since " + node + " crashed");
            }
            return approve(d, s, "node crashed: a new node takes its place");
        }
        Set<String> inFlight = replacing.getOrDefault(d.getPool(), Set.of());
        if (inFlight.contains(node)) return refuse(d, Limit.NODE_STATE, "replacement of " + node + " already in progress");
        if (state != NodeState.RUNNING && state != NodeState.STARTING) {
            return refuse(d, Limit.NODE_STATE, "node " + node + " is " + (state == null ? "unknown" : state));
        }
        if (health.breached(s.unhealthyThreshold())) {
            return refuse(d, Limit.HEALING_PAUSED, "healing paused: " + health + " (more than "
                    + Math.round(s.unhealthyThreshold() * 100) + "%): a feed or zone failure, not a node fault");
        }
        int budget = s.replacementBudget(nodes);
        if (inFlight.size() >= budget) {
            return refuse(d, Limit.REPLACEMENT_BUDGET, "replacement budget: " + inFlight.size() + " of at most " + budget
                    + " nodes already being replaced");
        }
        return approve(d, s, null);
    }

    /** Whether telemetry-driven replacements are paused in a pool that looks like {@code health}. */
    public static boolean paused(PoolHealth health, GuardrailSettings s) {
        return health.breached(s.unhealthyThreshold());
    }

    /** The actuator accepted the replacement {@code d} of a node that was in {@code state}. */
    void accepted(Decision d, NodeState state) {
        crashedCapacity.remove(d.getNode());
        if (state != NodeState.FAILED) replacing.computeIfAbsent(d.getPool(), k -> new HashSet<>()).add(d.getNode());
    }

    /** Forgets what was known of a crashed node once a decision about it is final. */
    void settled(String node) {
        crashedCapacity.remove(node);
    }

    /** The node reached a final state: its replacement, if any, is over. */
    public void nodeGone(String pool, String node) {
        Set<String> inFlight = replacing.get(pool);
        if (inFlight != null && inFlight.remove(node) && inFlight.isEmpty()) replacing.remove(pool);
        crashedCapacity.remove(node);
    }

    /**
     * What the actuator gets for an approved replacement: for a node that already crashed (or is
     * gone), a plain scale-out by one, since there is nothing left to stop; otherwise the replacement.
     */
    public static Decision dispatchable(Decision d, NodeState state) {
        if (d.getKind() == DecisionKind.REPLACE_NODE && (state == null || state == NodeState.FAILED)) {
            return new Decision(d.getId(), DecisionKind.SCALE_OUT, d.getPool(), 1, null, d.getRule(), d.getMatched(), d.getRequester());
        }
        return d;
    }

    private static Verdict refuse(Decision d, Limit limit, String reason) {
        return new Verdict(d, 0, Outcome.SUPPRESSED, List.of(reason), Set.of(limit), false);
    }

    private static Verdict approve(Decision d, GuardrailSettings s, String reason) {
        List<String> reasons = reason == null ? List.of() : List.of(reason);
        if (s.dryRun()) {
            return new Verdict(d, 1, Outcome.DRY_RUN, reason == null ? List.of("dry-run") : List.of(reason, "dry-run"), Set.of(Limit.DRY_RUN), false);
        }
        return new Verdict(d, 1, Outcome.EXECUTED, reasons, Set.of(), false);
    }
}
