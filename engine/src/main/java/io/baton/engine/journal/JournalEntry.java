package io.baton.engine.journal;

import io.baton.engine.model.Decision;
import java.util.List;
import java.util.Set;

/**
 * One decision and what became of it: the rule, the facts it matched, the action asked for, and what
 * a guardrail changed or suppressed and why. Identical suppressed repeats are folded into one entry
 * whose {@code repeats} counts them and whose {@code lastTime} is the newest.
 *
 * @param time epoch millis of the decision (engine time)
 * @param requested the amount the rule or person asked for
 * @param approved the amount dispatched (0 when nothing was)
 * @param limits the guardrails that changed or stopped the decision ({@code reasons} says how)
 */
public record JournalEntry(long seq, long time, String decisionId, String pool, String rule, String requester,
                           String action, String node, int requested, int approved, Outcome outcome,
                           List<String> reasons, List<String> matched, int repeats, long lastTime, Set<Limit> limits) {

    static JournalEntry of(long seq, long time, Decision d, int approved, Outcome outcome, List<String> reasons, Set<Limit> limits) {
        return new JournalEntry(seq, time, d.getId(), d.getPool(), d.getRule(), d.getRequester(), d.getKind().label(),
                d.getNode(), d.getAmount(), approved, outcome, List.copyOf(reasons), d.getMatched(), 1, time, Set.copyOf(limits));
    }

    /** Whether {@code other} repeats this entry (same pool, rule, action, node, outcome and reasons). */
    boolean sameAs(JournalEntry other) {
        return pool.equals(other.pool) && rule.equals(other.rule) && action.equals(other.action)
                && java.util.Objects.equals(node, other.node) && outcome == other.outcome && reasons.equals(other.reasons);
    }

    JournalEntry repeated(long at) {
        return new JournalEntry(seq, time, decisionId, pool, rule, requester, action, node, requested, approved, outcome,
                reasons, matched, repeats + 1, at, limits);
    }

    /** One line for people: time-free, e.g. {@code scale_out web +2 EXECUTED by "CPU ..." [reason]}. */
    public String describe() {
        String what = node != null ? action + " " + pool + " node " + node : action + " " + pool + " " + requested
                + (approved != requested ? "→" + approved : "");
        return what + " " + outcome + " by \"" + rule + "\"" + (reasons.isEmpty() ? "" : " " + reasons)
                + (repeats > 1 ? " ×" + repeats : "");
    }
}
