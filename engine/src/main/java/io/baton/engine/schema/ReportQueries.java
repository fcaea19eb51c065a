package io.baton.engine.schema;

import java.time.Instant;

/** The InfluxQL queries of the usage report, over the names of this schema. */
public final class ReportQueries {
    private static final String LIFECYCLE_GROUPS = " GROUP BY " + ident(Tags.CUSTOMER) + ", " + ident(Tags.SERVICE) + ", "
            + ident(Tags.SOFTWARE) + ", " + ident(Tags.POOL) + ", " + ident(Tags.NODE);

    /** The column of {@link #cpuSecondsPerDay}. */
    public static final String USED = "used";
    /** The column of {@link #actionsPerDay}. */
    public static final String COUNT = "n";

    private ReportQueries() { }

    /** Records database: each node's last state and cores before {@code from}, columns {@link Fields#STATE} and {@link Fields#CORES}. */
    public static String lifecycleBefore(Instant from, String customer) {
        return "SELECT last(" + ident(Fields.STATE) + ") AS " + ident(Fields.STATE) + ", last(" + ident(Fields.CORES) + ") AS "
                + ident(Fields.CORES) + " FROM "
                + ident(Measurements.NODE_LIFECYCLE) + " WHERE time < " + ns(from) + customerFilter(customer) + LIFECYCLE_GROUPS;
    }

    /** Records database: every lifecycle row in [from, to), columns {@link Fields#STATE} and {@link Fields#CORES}. */
    public static String lifecycleIn(Instant from, Instant to, String customer) {
        return "SELECT " + ident(Fields.STATE) + ", " + ident(Fields.CORES) + " FROM " + ident(Measurements.NODE_LIFECYCLE)
                + " WHERE time >= " + ns(from) + " AND time < " + ns(to) + customerFilter(customer) + LIFECYCLE_GROUPS;
    }

    /** Metrics database: the increase of each node's CPU-seconds counter per UTC day, column {@link #USED}. */
    public static String cpuSecondsPerDay(Instant from, Instant to) {
        return "SELECT spread(" + ident(Fields.VALUE) + ") AS " + ident(USED) + " FROM " + ident(Measurements.CPU_SECONDS_TOTAL)
                + " WHERE time >= " + ns(from) + " AND time < " + ns(to)
                + " GROUP BY time(1d), " + ident(Tags.POOL) + ", " + ident(Tags.NODE) + " fill(none)";
    }

    /** Records database: carried-out (executed or clamped) decisions per pool, action and UTC day, column {@link #COUNT}. */
    public static String actionsPerDay(Instant from, Instant to) {
        return "SELECT count(" + ident(Fields.APPROVED) + ") AS " + ident(COUNT) + " FROM " + ident(Measurements.DECISION)
                + " WHERE time >= " + ns(from) + " AND time < " + ns(to)
                + " AND (" + ident(Tags.OUTCOME) + " = 'EXECUTED' OR " + ident(Tags.OUTCOME) + " = 'CLAMPED')"
                + " GROUP BY time(1d), " + ident(Tags.POOL) + ", " + ident(Tags.ACTION) + " fill(none)";
    }

    /** {@code "name"}: an InfluxQL identifier. */
    static String ident(String name) {
        return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** {@code 'text'}: an InfluxQL string literal. */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String customerFilter(String customer) {
        return customer == null || customer.isBlank() ? "" : " AND " + ident(Tags.CUSTOMER) + " = " + literal(customer);
    }

    private static String ns(Instant t) {
        return Long.toString(t.toEpochMilli() * LineProtocol.NANOS_PER_MS);
    }
}
