package io.baton.engine.guard;

import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The normalize step between the rules and the actuators: min/max clamps, the maximum step, cooldowns
 * per direction, scale-in stabilization, flap protection, dry-run, and one replacement per node at a
 * time. Holds the cooldown clocks, which outlive rule reloads, so a reload never repeats an action.
 * Planned requests (from people) skip cooldowns but start them. Refilling a pool below its minimum
 * (or trimming one above its maximum) skips them too and holds back only scale-in.
 * Not thread-safe: the engine owns it.
 */
public final class Guardrails {
    private final Function<String, GuardrailSettings> settings;
    private final FlapEstimator flap;
    private final Map<String, Long> lastScaleOut = new HashMap<>();
    private final Map<String, Long> lastScale = new HashMap<>();
    private final Set<String> replacing = new HashSet<>();

    public Guardrails(Function<String, GuardrailSettings> settings, FlapEstimator flap) {
        this.settings = settings;
        this.flap = flap;
    }

    /**
     * Judges {@code d} for {@code pool} at engine time {@code now}; {@code nodeState} gives the state of
     * a node by id (null when unknown).
     */
    public Verdict normalize(Decision d, Pool pool, long now, Function<String, NodeState> nodeState) {
        GuardrailSettings s = settings.apply(pool.getName());
        List<String> reasons = new ArrayList<>();
        if (d.getKind() == DecisionKind.REPLACE_NODE) return replace(d, nodeState, s, reasons);

        int current = pool.getNodes();
        int delta = switch (d.getKind()) {
            case SCALE_OUT -> d.getAmount();
            case SCALE_IN -> -d.getAmount();
            default -> d.getAmount() - current;
        };
        int wanted = delta;
        boolean planned = !"rules".equals(d.getRequester());
        boolean safetyFloor = d.getKind() == DecisionKind.SET_CAPACITY && (current < pool.getMin() || current > pool.getMax());

        if (current + delta > pool.getMax()) {
            delta = Math.max(0, pool.getMax() - current);
            reasons.add("max " + pool.getMax() + " nodes");
        }
        if (current + delta < pool.getMin()) {
            delta = Math.min(0, pool.getMin() - current);
            reasons.add("min " + pool.getMin() + " nodes");
        }
        if (Math.abs(delta) > s.maxStep()) {
            delta = Integer.signum(delta) * s.maxStep();
            reasons.add("max step " + s.maxStep());
        }
        if (delta == 0) {
            if (reasons.isEmpty()) reasons.add("already at " + current + " nodes");
            return new Verdict(d, 0, Outcome.SUPPRESSED, reasons);
        }
        if (!planned && !safetyFloor) {
            if (delta > 0) {
                Long last = lastScaleOut.get(pool.getName());
                if (last != null && now - last < s.scaleOutCooldown().toMillis()) {
                    reasons.add("scale-out cooldown " + s.scaleOutCooldown().toSeconds() + "s after the scale-out at "
                            + java.time.Instant.ofEpochMilli(last));
                    return new Verdict(d, 0, Outcome.SUPPRESSED, reasons);
                }
            } else {
                Long last = lastScale.get(pool.getName());
                if (last != null && now - last < s.scaleInStabilization().toMillis()) {
                    reasons.add("scale-in stabilization " + s.scaleInStabilization().toSeconds() + "s after the scaling at "
                            + java.time.Instant.ofEpochMilli(last));
                    return new Verdict(d, 0, Outcome.SUPPRESSED, reasons);
                }
                if (s.flapProtection() && flap != null) {
                    String rule = flap.wouldScaleOut(pool.getName(), current, current + delta);
                    if (rule != null) {
                        reasons.add("flap: with " + (current + delta) + " nodes \"" + rule + "\" would scale out");
                        return new Verdict(d, 0, Outcome.DEFERRED, reasons);
                    }
                }
            }
        }
        int approved = Math.abs(delta);
        Decision out = toDelta(d, delta);
        if (s.dryRun()) {
            reasons.add("dry-run");
            return new Verdict(out, approved, Outcome.DRY_RUN, reasons);
        }
        if (delta > 0 && !safetyFloor) lastScaleOut.put(pool.getName(), now);
        lastScale.put(pool.getName(), now);
        return new Verdict(out, approved, delta != wanted ? Outcome.CLAMPED : Outcome.EXECUTED, reasons);
    }

    private Verdict replace(Decision d, Function<String, NodeState> nodeState, GuardrailSettings s, List<String> reasons) {
        NodeState state = nodeState.apply(d.getNode());
        if (replacing.contains(d.getNode())) {
            reasons.add("replacement of " + d.getNode() + " already in progress");
            return new Verdict(d, 0, Outcome.SUPPRESSED, reasons);
        }
        if (state != NodeState.RUNNING && state != NodeState.STARTING && state != NodeState.FAILED) {
            reasons.add("node " + d.getNode() + " is " + (state == null ? "unknown" : state));
            return new Verdict(d, 0, Outcome.SUPPRESSED, reasons);
        }
        if (s.dryRun()) {
            reasons.add("dry-run");
            return new Verdict(d, 1, Outcome.DRY_RUN, reasons);
        }
        if (state == NodeState.FAILED) reasons.add("node crashed: a new node takes its place");
        else replacing.add(d.getNode());
        return new Verdict(d, 1, Outcome.EXECUTED, reasons);
    }

    /**
     * What the actuator gets for an approved decision: a replacement of a node that already crashed is
     * a plain scale-out by one (there is nothing left to stop); everything else as it is.
     */
    public static Decision dispatchable(Decision d, io.baton.engine.model.Node node) {
        if (d.getKind() == DecisionKind.REPLACE_NODE && (node == null || node.getState() == NodeState.FAILED)) {
            return new Decision(d.getId(), DecisionKind.SCALE_OUT, d.getPool(), 1, null, d.getRule(), d.getMatched(), d.getRequester());
        }
        return d;
    }

    /** Called when a node reaches a final state, ending any replacement of it. */
    public void nodeGone(String node) {
        replacing.remove(node);
    }

    /** Scale decisions reach actuators as plain scale-out or scale-in by a positive amount. */
    private static Decision toDelta(Decision d, int delta) {
        DecisionKind kind = delta > 0 ? DecisionKind.SCALE_OUT : DecisionKind.SCALE_IN;
        return new Decision(d.getId(), kind, d.getPool(), Math.abs(delta), null, d.getRule(), d.getMatched(), d.getRequester());
    }
}
