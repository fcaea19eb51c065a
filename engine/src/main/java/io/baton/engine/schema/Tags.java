package io.baton.engine.schema;

/** The tag keys Baton writes and reads. */
public final class Tags {
    private Tags() { }

    public static final String POOL = "pool";
    public static final String NODE = "node";
    public static final String CUSTOMER = "customer";
    public static final String SERVICE = "service";
    public static final String SOFTWARE = "software";
    /** Of a decision: {@code scale_out}, {@code scale_in}, {@code replace}, ... */
    public static final String ACTION = "action";
    /** Of a decision ({@code EXECUTED}, {@code CLAMPED}, ...) or a rule reload ({@link io.baton.engine.rules.RuleReload.Outcome}). */
    public static final String OUTCOME = "outcome";
    /** Of {@link Measurements#POOL_NODES}: a node state's name. */
    public static final String STATE = "state";
    /** Of {@link Measurements#PROMQL_FAILURE}: the pool metric the query feeds. */
    public static final String METRIC = "metric";
    /** The tag value written for an empty one where a tag must always be present (decisions). */
    public static final String NONE = "none";
}
