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
    private final boolean floor;
    /** The mode of the forecast the rule matched, or null when it matched none. */
    private final ForecastMode forecast;

    public Decision(String id, DecisionKind kind, String pool, int amount, String node, String rule,
                    List<String> matched, String requester) {
        this(id, kind, pool, amount, node, rule, matched, requester, false, null);
    }

    private Decision(String id, DecisionKind kind, String pool, int amount, String node, String rule,
                     List<String> matched, String requester, boolean floor, ForecastMode forecast) {
        this.forecast = forecast;
        this.id = id == null ? UUID.randomUUID().toString() : id;
        this.kind = kind;
        this.pool = pool;
        this.amount = amount;
        this.node = node;
        this.rule = rule == null ? "" : rule;
        this.matched = matched == null ? List.of() : List.copyOf(matched);
        this.requester = requester == null ? "" : requester;
        this.floor = floor;
    }

    /** A rule asks to add {@code n} nodes to {@code pool}. */
    public static Decision scaleOut(RuleContext ctx, String pool, int n) {
        return fromRule(ctx, DecisionKind.SCALE_OUT, pool, n, null);
    }

    /** A rule asks to add {@code pct} percent more nodes to a pool of {@code nodes}: ceil(nodes × pct / 100), at least 1. */
    public static Decision scaleOutPercent(RuleContext ctx, String pool, int nodes, double pct) {
        return fromRule(ctx, DecisionKind.SCALE_OUT, pool, percentMore(nodes, pct), null);
    }

    /** {@code pct} percent more of {@code nodes}: ceil(nodes × pct / 100), at least 1. */
    public static int percentMore(int nodes, double pct) {
        long n = (long) Math.ceil(Math.max(0, nodes) * pct / 100 - 1e-9);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, n));
    }

    /** {@code pct} percent of {@code nodes}, to remove: floor(nodes × pct / 100), at least 1. */
    public static int percentOf(int nodes, double pct) {
        long n = (long) Math.floor(Math.max(0, nodes) * pct / 100 + 1e-9);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, n));
    }

    /**
     * A rule asks to remove {@code pct} percent of a pool's {@code nodes}: floor(nodes × pct / 100), at
     * least 1; the guardrails keep the pool at its minimum.
     */
    public static Decision scaleInPercent(RuleContext ctx, String pool, int nodes, double pct) {
        return fromRule(ctx, DecisionKind.SCALE_IN, pool, percentOf(nodes, pct), null);
    }

    /**
     * The engine brings {@code pool} up to a floor a rule keeps: a scale-out by {@code n}, journaled with
     * the floor's rule. Like a refill below the minimum, it waits for no cooldown and starts none.
     */
    public static Decision toFloor(Floor f, int n) {
        List<String> matched = new ArrayList<>(f.getMatched());
        matched.add(f.toString());
        return new Decision(null, DecisionKind.SCALE_OUT, f.getPool(), n, null, f.getRule(), matched, "rules", true, null);
    }

    /** A scale decision the engine made for a rule from what it tracks (a target), with the facts that led to it. */
    public static Decision tracked(DecisionKind kind, String pool, int n, String rule, List<String> matched) {
        return new Decision(null, kind, pool, n, null, rule, matched, "rules");
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
        return new Decision(null, kind, pool, amount, node, ctx.getRule().getName(), matched, "rules", false, forecast);
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

    /** Whether the engine made this decision to bring a pool up to a rule's floor ({@link #toFloor}). */
    public boolean isFloor() { return floor; }

    /** The same decision with another amount (used by the guardrails when they clamp). */
    public Decision withAmount(int newAmount) {
        return new Decision(id, kind, pool, newAmount, node, rule, matched, requester, floor, forecast);
    }

    @Override public String toString() {
        return kind.label() + " " + pool + (node != null ? " node " + node : " by " + amount) + " (" + rule + ")";
    }
}
