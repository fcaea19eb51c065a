package io.baton.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.kie.api.runtime.rule.RuleContext;

/**
 * A decision fact: what a rule (or a person through the API) wants done to a pool. Rules insert
 * these and never call actuators; the engine normalizes them through the guardrails and dispatches
 * what is left. The id makes dispatch idempotent.
 */
public final class Decision {
    private final String id;
    private final DecisionKind kind;
    private final String pool;
    private final int amount;
    private final String node;
    private final String rule;
    private final List<String> matched;
    private final String requester;
    /** The mode of the forecast the rule matched, or null when it matched none. */
    private final ForecastMode forecast;

    public Decision(String id, DecisionKind kind, String pool, int amount, String node, String rule,
                    List<String> matched, String requester) {
        this(id, kind, pool, amount, node, rule, matched, requester, null);
    }

    private Decision(String id, DecisionKind kind, String pool, int amount, String node, String rule,
                     List<String> matched, String requester, ForecastMode forecast) {
        this.forecast = forecast;
        this.id = id == null ? UUID.randomUUID().toString() : id;
        this.kind = kind;
        this.pool = pool;
        this.amount = amount;
        this.node = node;
        this.rule = rule == null ? "" : rule;
        this.matched = matched == null ? List.of() : List.copyOf(matched);
        this.requester = requester == null ? "" : requester;
    }

    /** A rule asks to add {@code n} nodes to {@code pool}. */
    public static Decision scaleOut(RuleContext ctx, String pool, int n) {
        return fromRule(ctx, DecisionKind.SCALE_OUT, pool, n, null);
    }

    /** A rule asks to remove {@code n} nodes from {@code pool}. */
    public static Decision scaleIn(RuleContext ctx, String pool, int n) {
        return fromRule(ctx, DecisionKind.SCALE_IN, pool, n, null);
    }

    /** A rule asks to replace {@code node} of {@code pool}. */
    public static Decision replace(RuleContext ctx, String pool, String node) {
        return fromRule(ctx, DecisionKind.REPLACE_NODE, pool, 1, node);
    }

    /** A rule asks to bring {@code pool} to {@code n} nodes. */
    public static Decision capacity(RuleContext ctx, String pool, int n) {
        return fromRule(ctx, DecisionKind.SET_CAPACITY, pool, n, null);
    }

    /** A planned request from a person or a script; it goes through the same guardrails. */
    public static Decision requested(DecisionKind kind, String pool, int amount, String requester) {
        return new Decision(null, kind, pool, amount, null, "planned request", List.of(), requester);
    }

    private static Decision fromRule(RuleContext ctx, DecisionKind kind, String pool, int amount, String node) {
        List<String> matched = new ArrayList<>();
        ForecastMode forecast = null;
        for (Object o : ctx.getMatch().getObjects()) {
            if (o != null) matched.add(String.valueOf(o));
            if (o instanceof Forecast f) forecast = f.getMode();
        }
        return new Decision(null, kind, pool, amount, node, ctx.getRule().getName(), matched, "rules", forecast);
    }

    public String getId() { return id; }
    public DecisionKind getKind() { return kind; }
    public String getPool() { return pool; }
    /** Nodes to add or remove, or the capacity for {@link DecisionKind#SET_CAPACITY}; 1 for a replacement. */
    public int getAmount() { return amount; }
    /** The node to replace, or null. */
    public String getNode() { return node; }
    /** The rule that made the decision, or "planned request". */
    public String getRule() { return rule; }
    /** The facts the rule matched, as text, with their values and windows. */
    public List<String> getMatched() { return matched; }
    /** Who asked: "rules", or the API's caller. */
    public String getRequester() { return requester; }
    /** The mode of the forecast the deciding rule matched, or null when the rule matched no forecast. */
    public ForecastMode getForecast() { return forecast; }

    /** The same decision with another amount (used by the guardrails when they clamp). */
    public Decision withAmount(int newAmount) {
        return new Decision(id, kind, pool, newAmount, node, rule, matched, requester);
    }

    @Override public String toString() {
        return kind.label() + " " + pool + (node != null ? " node " + node : " by " + amount) + " (" + rule + ")";
    }
}
