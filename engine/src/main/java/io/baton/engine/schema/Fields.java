package io.baton.engine.schema;

/** The field keys Baton writes and reads. */
public final class Fields {
    private Fields() { }

    /** The one field of a metric point. */
    public static final String VALUE = "value";

    /** Of {@link Measurements#NODE_LIFECYCLE}: the state's name. */
    public static final String STATE = "state";
    /** Of {@link Measurements#NODE_LIFECYCLE}: the node's cores (integer). */
    public static final String CORES = "cores";
    /** Of {@link Measurements#NODE_LIFECYCLE}: the id of the decision that caused the change. */
    public static final String DECISION = "decision";

    /** Of {@link Measurements#DECISION}: the rule's name, or the planned request's. */
    public static final String RULE = "rule";
    public static final String REQUESTER = "requester";
    /** Of {@link Measurements#DECISION}: nodes asked for (integer). */
    public static final String REQUESTED = "requested";
    /** Of {@link Measurements#DECISION}: nodes the guardrails let through (integer). */
    public static final String APPROVED = "approved";
    public static final String DECISION_ID = "decision_id";
    /** Of {@link Measurements#DECISION}: the node a replacement is about, or empty. */
    public static final String NODE = "node";
    /** Of {@link Measurements#DECISION}: the reasons, joined by {@code "; "}. */
    public static final String REASONS = "reasons";

    /** Of {@link Measurements#RULE_RELOAD}: the running rule set's version afterwards (integer). */
    public static final String VERSION = "version";
    /** Of {@link Measurements#RULE_RELOAD}: how many errors the attempt had (integer). */
    public static final String ERRORS = "errors";
    /** Of {@link Measurements#RULE_RELOAD}: the errors as {@code file:line: message}, joined by {@code "; "}. */
    public static final String ERROR = "error";

    /** Of {@link Measurements#PROMQL_FAILURE}: the query. */
    public static final String PROMQL = "promql";
    /** Of {@link Measurements#PROMQL_FAILURE}: the query's failed rounds so far (integer). */
    public static final String FAILURES = "failures";

    /** Of {@link Measurements#POOL_NODES}: how many nodes are in the state (integer). */
    public static final String NODES = "nodes";
}
