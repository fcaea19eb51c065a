package io.baton.engine.model;

import java.util.List;
import java.util.Objects;
import org.kie.api.runtime.rule.RuleContext;

/**
 * A floor a rule keeps under a pool while its conditions hold ({@code keep at least {n} nodes}). Rules
 * insert it logically, so it goes by itself when they stop holding. While it holds, the engine scales
 * the pool out to it and no scale-in goes below it. Two floors are equal when they come from the same
 * rule for the same pool and size (the matched facts are only their reason).
 */
public final class Floor {
    private final String pool;
    private final int nodes;
    private final String rule;
    private final List<String> matched;

    public Floor(String pool, int nodes, String rule, List<String> matched) {
        if (nodes < 0) throw new IllegalArgumentException("a floor is 0 nodes or more, got " + nodes);
        this.pool = pool;
        this.nodes = nodes;
        this.rule = rule == null ? "" : rule;
        this.matched = matched == null ? List.of() : List.copyOf(matched);
    }

    /** The floor a rule's consequence keeps: {@code insertLogical(Floor.of(kcontext, $pool.getName(), 4))}. */
    public static Floor of(RuleContext ctx, String pool, int nodes) {
        return new Floor(pool, nodes, ctx.getRule().getName(), Standing.matched(ctx));
    }

    public String getPool() { return pool; }
    /** The fewest nodes the pool keeps while the floor holds. */
    public int getNodes() { return nodes; }
    public String getRule() { return rule; }
    /** The facts the rule matched when the floor began, as text. */
    public List<String> getMatched() { return matched; }

    @Override public boolean equals(Object o) {
        return o instanceof Floor f && f.nodes == nodes && f.pool.equals(pool) && f.rule.equals(rule);
    }

    @Override public int hashCode() { return Objects.hash(pool, nodes, rule); }

    @Override public String toString() { return "Floor(" + pool + " at least " + nodes + " nodes)"; }
}
