package io.baton.engine.session;

import io.baton.engine.rules.RuleSet;
import java.util.List;

/**
 * A rule set fired as often as one evaluation allows, so some of its rules keep re-triggering
 * themselves. Nothing it decided in that evaluation is acted on.
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

    /** The set that runs again instead, or null when there was none to go back to. */
    public RuleSet restored() { return restored; }

    /** The set that looped. */
    public RuleSet ruleSet() { return ruleSet; }

    /** The rules that fired most, most first. */
    public List<String> rules() { return rules; }
}
