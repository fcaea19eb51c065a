package io.baton.engine.schema;

import io.baton.engine.journal.JournalEntry;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import io.baton.engine.rules.RuleError;
import io.baton.engine.rules.RuleReload;
import java.util.stream.Collectors;

/** Baton's own points as line protocol, with nanosecond timestamps. */
public final class Lines {
    private Lines() { }

    /**
     * {@code metric,[customer=..,]node=..,pool=..[,service=..,software=..] value=v ts}; empty tags are left out;
     * null for NaN or infinite values, which InfluxDB cannot store.
     *
     * @param pool the pool's catalog tags, or null for none
     */
    public static String metric(String name, String poolName, String node, PoolTags pool, double value, long timeMs) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return null;
        StringBuilder sb = new StringBuilder(96);
        LineProtocol.measurement(sb, name);
        if (pool != null) LineProtocol.tag(sb, Tags.CUSTOMER, pool.customer());
        LineProtocol.tag(sb, Tags.NODE, node);
        LineProtocol.tag(sb, Tags.POOL, poolName);
        if (pool != null) {
            LineProtocol.tag(sb, Tags.SERVICE, pool.service());
            LineProtocol.tag(sb, Tags.SOFTWARE, pool.software());
        }
        LineProtocol.value(sb, value);
        return LineProtocol.timeMs(sb, timeMs).toString();
    }

    /**
     * {@code node_lifecycle,customer,node,pool,service,software cores=Ni,decision="id",state="RUNNING" ts}.
     *
     * <p>{@code ts} is the event's millisecond plus the state's ordinal in nanoseconds. One node's transitions share
     * the series (state is a field), and InfluxDB keeps one point per series and time: two transitions in the same
     * millisecond (REQUESTED then STARTING, as a fast actuator books them) would otherwise leave only the later one.
     * A node enters each state once and in ordinal order ({@code Transitions}), so the points are unique and sort
     * in lifecycle order; a repeat of an event is the same point, and a reader in milliseconds sees the same time.
     */
    public static String lifecycle(LifecycleEvent e) {
        StringBuilder sb = new StringBuilder(160).append(Measurements.NODE_LIFECYCLE);
        LineProtocol.tag(sb, Tags.CUSTOMER, e.customer());
        LineProtocol.tag(sb, Tags.NODE, e.node());
        LineProtocol.tag(sb, Tags.POOL, e.pool());
        LineProtocol.tag(sb, Tags.SERVICE, e.service());
        LineProtocol.tag(sb, Tags.SOFTWARE, e.software());
        sb.append(' ').append(Fields.CORES).append('=').append(e.cores()).append('i');
        string(sb.append(','), Fields.DECISION, e.decision() == null ? "" : e.decision());
        string(sb.append(','), Fields.STATE, e.state().name());
        return sb.append(' ').append(e.time() * LineProtocol.NANOS_PER_MS + e.state().ordinal()).toString();
    }

    /**
     * {@code decision,pool=..,customer=..,action=..,outcome=.. rule="..",requester="..",requested=Ni,approved=Ni,
     * decision_id="..",node="..",reasons="a; b" ts}; an empty tag is written as {@link Tags#NONE}.
     *
     * @param customer the pool's customer, or null when the pool is unknown
     */
    public static String decision(JournalEntry e, String customer) {
        StringBuilder sb = new StringBuilder(256).append(Measurements.DECISION);
        LineProtocol.tag(sb, Tags.POOL, orNone(e.pool()));
        LineProtocol.tag(sb, Tags.CUSTOMER, orNone(customer));
        LineProtocol.tag(sb, Tags.ACTION, orNone(e.action()));
        LineProtocol.tag(sb, Tags.OUTCOME, e.outcome().name());
        string(sb.append(' '), Fields.RULE, e.rule());
        string(sb.append(','), Fields.REQUESTER, e.requester());
        sb.append(',').append(Fields.REQUESTED).append('=').append(e.requested()).append('i');
        sb.append(',').append(Fields.APPROVED).append('=').append(e.approved()).append('i');
        string(sb.append(','), Fields.DECISION_ID, e.decisionId());
        string(sb.append(','), Fields.NODE, e.node());
        string(sb.append(','), Fields.REASONS, String.join("; ", e.reasons()));
        return LineProtocol.timeMs(sb, e.time()).toString();
    }

    /** {@code rule_reload,outcome=LOADED version=Ni,errors=Ni,error="file:line: message; ..." ts}. */
    public static String ruleReload(RuleReload r) {
        StringBuilder sb = new StringBuilder(128).append(Measurements.RULE_RELOAD);
        LineProtocol.tag(sb, Tags.OUTCOME, r.outcome().name());
        sb.append(' ').append(Fields.VERSION).append('=').append(r.version()).append('i');
        sb.append(',').append(Fields.ERRORS).append('=').append(r.errors().size()).append('i');
        string(sb.append(','), Fields.ERROR, r.errors().stream().map(RuleError::toString).collect(Collectors.joining("; ")));
        return LineProtocol.timeMs(sb, r.time()).toString();
    }

    /** {@code pool_nodes,customer=..,pool=..,service=..,software=..,state=RUNNING nodes=Ni ts}. */
    public static String poolNodes(String poolName, PoolTags pool, NodeState state, int nodes, long timeMs) {
        StringBuilder sb = new StringBuilder(128).append(Measurements.POOL_NODES);
        if (pool != null) LineProtocol.tag(sb, Tags.CUSTOMER, pool.customer());
        LineProtocol.tag(sb, Tags.POOL, poolName);
        if (pool != null) {
            LineProtocol.tag(sb, Tags.SERVICE, pool.service());
            LineProtocol.tag(sb, Tags.SOFTWARE, pool.software());
        }
        LineProtocol.tag(sb, Tags.STATE, state.name());
        sb.append(' ').append(Fields.NODES).append('=').append(nodes).append('i');
        return LineProtocol.timeMs(sb, timeMs).toString();
    }

    /**
     * {@code promql_failure,customer=..,pool=..,service=..,software=..,metric=.. promql="..",error="..",failures=Ni ts}.
     *
     * @param failures the query's failed rounds so far, this one included
     */
    public static String promqlFailure(String poolName, PoolTags pool, String metric, String promql, String error, long failures,
                                       long timeMs) {
        StringBuilder sb = new StringBuilder(192).append(Measurements.PROMQL_FAILURE);
        if (pool != null) LineProtocol.tag(sb, Tags.CUSTOMER, pool.customer());
        LineProtocol.tag(sb, Tags.POOL, poolName);
        if (pool != null) {
            LineProtocol.tag(sb, Tags.SERVICE, pool.service());
            LineProtocol.tag(sb, Tags.SOFTWARE, pool.software());
        }
        LineProtocol.tag(sb, Tags.METRIC, metric);
        string(sb.append(' '), Fields.PROMQL, promql);
        string(sb.append(','), Fields.ERROR, error);
        sb.append(',').append(Fields.FAILURES).append('=').append(failures).append('i');
        return LineProtocol.timeMs(sb, timeMs).toString();
    }

    private static void string(StringBuilder sb, String key, String value) {
        LineProtocol.string(sb.append(key).append('='), value == null ? "" : value);
    }

    private static String orNone(String v) {
        return v == null || v.isEmpty() ? Tags.NONE : v;
    }
}
