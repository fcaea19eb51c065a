package io.baton.engine.model;

import io.baton.engine.schema.Measurements;
import java.util.List;
import java.util.Objects;
import org.kie.api.runtime.rule.RuleContext;

/**
 * A target a rule tracks for a pool while its conditions hold ({@code keep CPU of the pool near 60
 * percent}, {@code keep request rate of the pool near 100 per node}). Rules insert it logically; the
 * engine turns it into scale decisions each evaluation, as Kubernetes' HPA does: desired =
 * ceil(running nodes × window average / target), outside a tolerance, with scale-in stabilized over
 * the pool's scale-in stabilization window. Equal when from the same rule for the same pool, metric
 * and value.
 */
public final class Target {
    /** The metric of {@code keep CPU of the pool near ...}. */
    public static final String CPU = Measurements.CPU;
    /** The metric of {@code keep request rate of the pool near ... per node}: the pool's total rps over its running nodes. */
    public static final String RPS_PER_NODE = "rps_per_node";
    private final String pool;
    private final String metric;
    private final double value;
    private final String rule;
    private final List<String> matched;

    public Target(String pool, String metric, double value, String rule, List<String> matched) {
        if (!(value > 0) || Double.isInfinite(value)) throw new IllegalArgumentException("a target is above 0, got " + value);
        this.pool = pool;
        this.metric = metric;
        this.value = value;
        this.rule = rule == null ? "" : rule;
        this.matched = matched == null ? List.of() : List.copyOf(matched);
    }

    /** The target a rule's consequence tracks: {@code insertLogical(Target.of(kcontext, $pool.getName(), "cpu", 60))}. */
    public static Target of(RuleContext ctx, String pool, String metric, double value) {
        return new Target(pool, metric, value, ctx.getRule().getName(), Standing.matched(ctx));
    }

    public String getPool() { return pool; }
    /** The pool metric tracked: {@link #CPU} or {@link #RPS_PER_NODE}. */
    public String getMetric() { return metric; }
    /** The value per node the pool is kept near. */
    public double getValue() { return value; }
    public String getRule() { return rule; }
    /** The facts the rule matched when the target began, as text. */
    public List<String> getMatched() { return matched; }

    @Override public boolean equals(Object o) {
        return o instanceof Target t && t.value == value && t.pool.equals(pool) && t.metric.equals(metric) && t.rule.equals(rule);
    }

    @Override public int hashCode() { return Objects.hash(pool, metric, value, rule); }

    @Override public String toString() {
        return String.format(java.util.Locale.ROOT, "Target(%s %s near %s)", pool, metric, value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value));
    }
}
