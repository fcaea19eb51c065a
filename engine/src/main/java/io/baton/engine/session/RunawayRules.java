package io.baton.engine.session;

import io.baton.engine.rules.RuleSet;
import java.util.List;

/**
 * A rule set misbehaved in an evaluation: it fired as often as one evaluation allows (some of its rules
 * keep re-triggering themselves), or a consequence threw. Nothing it decided in that evaluation is
 * acted on.
 */
public final class RunawayRules extends RuntimeException {
    private final transient RuleSet ruleSet;
    private final transient RuleSet restored;
    private final List<String> rules;

    RunawayRules(RuleSet ruleSet, List<String> rules, int limit, RuleSet restored) {
        super("rules kept firing: " + limit + " firings in one evaluation, mostly by " + String.join(", ", rules.stream().map(r -> "\"" + r + "\"").toList())
                + " (rules version " + (ruleSet == null ? 0 : ruleSet.version()) + ")");
        this.ruleSet = ruleSet;
        this.restored = restored;
        this.rules = List.copyOf(rules);
    }

    private RunawayRules(RuleSet ruleSet, String message, List<String> rules, RuleSet restored, Throwable cause) {
        super(message, cause);
        this.ruleSet = ruleSet;
        this.restored = restored;
        this.rules = List.copyOf(rules);
    }

    /** {@code set}'s firing threw {@code e} (a consequence failed). */
    static RunawayRules threw(RuleSet set, RuntimeException e, RuleSet restored) {
        String rule = e instanceof org.kie.api.runtime.rule.ConsequenceException ce && ce.getMatch() != null
                ? ce.getMatch().getRule().getName() : null;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = "rules failed: " + (rule == null ? "a rule" : "\"" + rule + "\"") + " threw " + root
                + " (rules version " + (set == null ? 0 : set.version()) + ")";
        return new RunawayRules(set, msg, rule == null ? List.of() : List.of(rule), restored, e);
    }

    /** The set that runs again instead, or null when there was none to go back to. */
    public RuleSet restored() { return restored; }

    /** The set that looped. */
    public RuleSet ruleSet() { return ruleSet; }

    /** The rules that fired most, most first. */
    public List<String> rules() { return rules; }
}
