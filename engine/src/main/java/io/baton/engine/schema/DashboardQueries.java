package io.baton.engine.schema;

import static io.baton.engine.schema.ReportQueries.ident;
import static io.baton.engine.schema.ReportQueries.literal;

import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.NodeState;
import java.util.List;

/**
 * The InfluxQL of the Grafana dashboard ({@code deploy/grafana/dashboards/baton.json}), over the names of this
 * schema, with Grafana's {@code $timeFilter} and {@code $__interval} macros left in. The dashboard's file holds
 * these very strings; a test runs each against a real InfluxDB, so a renamed measurement, tag or field breaks
 * that test rather than the dashboard.
 */
public final class DashboardQueries {
    private DashboardQueries() { }

    /** Which of Baton's two databases a query reads. */
    public enum Source {
        /** {@code baton.influx.database}: samples, scraped and ingested points. */
        METRICS,
        /** {@code baton.influx.records-database}: Baton's own records. */
        RECORDS
    }

    /**
     * One query of the dashboard.
     *
     * @param title the panel's or annotation's title
     * @param annotation whether it is an annotation query (rows become marks with a text) rather than a panel's
     */
    public record Query(String title, Source source, boolean annotation, String influxql) { }

    private static final String PER_INTERVAL = " WHERE $timeFilter GROUP BY time($__interval), ";

    public static final Query NODES_PER_POOL_BY_STATE = new Query("Nodes per pool by state", Source.RECORDS, false,
            "SELECT last(" + ident(Fields.NODES) + ") FROM " + ident(Measurements.POOL_NODES) + PER_INTERVAL
                    + ident(Tags.POOL) + ", " + ident(Tags.STATE) + " fill(none)");

    public static final Query CPU_PER_POOL = new Query("CPU per pool (%)", Source.METRICS, false,
            "SELECT mean(" + ident(Fields.VALUE) + ") FROM " + ident(Measurements.CPU) + PER_INTERVAL + ident(Tags.POOL) + " fill(none)");

    public static final Query LATENCY_P95_PER_POOL = new Query("p95 latency per pool (ms, slowest node)", Source.METRICS, false,
            "SELECT max(" + ident(Fields.VALUE) + ") FROM " + ident(Measurements.LATENCY_P95) + PER_INTERVAL + ident(Tags.POOL) + " fill(none)");

    /**
     * Node-hours per customer and UTC day: the time integral of the billed nodes (RUNNING and DRAINING, as the
     * usage report bills them) per pool and state, summed per customer. An estimate from the sampled counts;
     * the usage report is the billing figure.
     */
    public static final Query NODE_HOURS_PER_CUSTOMER_PER_DAY = new Query("Node-hours per customer per day", Source.RECORDS, false,
            "SELECT sum(\"node_hours\") FROM (SELECT integral(" + ident(Fields.NODES) + ", 1h) AS \"node_hours\" FROM "
                    + ident(Measurements.POOL_NODES) + " WHERE $timeFilter AND (" + ident(Tags.STATE) + " = " + literal(NodeState.RUNNING.name())
                    + " OR " + ident(Tags.STATE) + " = " + literal(NodeState.DRAINING.name()) + ") GROUP BY time(1d), "
                    + ident(Tags.CUSTOMER) + ", " + ident(Tags.POOL) + ", " + ident(Tags.STATE) + ")"
                    + " WHERE $timeFilter GROUP BY time(1d), " + ident(Tags.CUSTOMER) + " fill(none)");

    public static final Query RULE_RELOADS = new Query("Rule reloads by outcome", Source.RECORDS, false,
            "SELECT count(" + ident(Fields.VERSION) + ") FROM " + ident(Measurements.RULE_RELOAD) + PER_INTERVAL
                    + ident(Tags.OUTCOME) + " fill(none)");

    public static final Query RULE_RELOAD_ERRORS = new Query("Rule reload errors", Source.RECORDS, false,
            "SELECT " + ident(Tags.OUTCOME) + ", " + ident(Fields.VERSION) + ", " + ident(Fields.ERRORS) + ", " + ident(Fields.ERROR)
                    + " FROM " + ident(Measurements.RULE_RELOAD) + " WHERE $timeFilter AND " + ident(Fields.ERRORS) + " > 0");

    private static final String DECISION_COLUMNS = "SELECT " + ident(Fields.RULE) + ", " + ident(Fields.REASONS) + ", "
            + ident(Tags.POOL) + ", " + ident(Tags.ACTION) + ", " + ident(Tags.OUTCOME) + ", " + ident(Fields.APPROVED)
            + " FROM " + ident(Measurements.DECISION) + " WHERE $timeFilter AND ";

    public static final Query SCALING_DECISIONS = new Query("Scaling decisions", Source.RECORDS, true,
            DECISION_COLUMNS + "(" + ident(Tags.ACTION) + " = " + literal(DecisionKind.SCALE_OUT.label()) + " OR "
                    + ident(Tags.ACTION) + " = " + literal(DecisionKind.SCALE_IN.label()) + ")");

    public static final Query HEALING_DECISIONS = new Query("Healing decisions", Source.RECORDS, true,
            DECISION_COLUMNS + ident(Tags.ACTION) + " = " + literal(DecisionKind.REPLACE_NODE.label()));

    /** Every query of the dashboard. */
    public static List<Query> all() {
        return List.of(NODES_PER_POOL_BY_STATE, CPU_PER_POOL, LATENCY_P95_PER_POOL, NODE_HOURS_PER_CUSTOMER_PER_DAY,
                RULE_RELOADS, RULE_RELOAD_ERRORS, SCALING_DECISIONS, HEALING_DECISIONS);
    }
}
