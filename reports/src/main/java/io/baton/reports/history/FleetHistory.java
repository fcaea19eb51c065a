package io.baton.reports.history;

import io.baton.engine.model.NodeState;
import io.baton.engine.schema.Fields;
import io.baton.engine.schema.ReportQueries;
import io.baton.engine.schema.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Reads what the reports need from InfluxDB with InfluxQL: node lifecycles (the last state before the
 * period, and the transitions in it) and the actions the engine carried out (counted by the server), both
 * Baton's own records, from the records database; CPU-seconds per node and day (the counter's increase,
 * computed by the server) from the metrics database. Lifecycle rows with an unknown state or of a pool
 * that is not configured are skipped and counted ({@link Nodes#skipped()}).
 */
public final class FleetHistory {
    private static final long DAY = 86_400_000L;
    private final InfluxDB influx;
    private final String metricsDatabase;
    private final String recordsDatabase;
    private final Set<String> pools;

    /**
     * @param metricsDatabase where samples and ingested metrics are ({@code baton.influx.database})
     * @param recordsDatabase where Baton's lifecycle and decision records are ({@code baton.influx.records-database})
     * @param pools the configured pool names; rows of any other pool are skipped
     */
    public FleetHistory(InfluxDB influx, String metricsDatabase, String recordsDatabase, Set<String> pools) {
        this.influx = influx;
        this.metricsDatabase = metricsDatabase;
        this.recordsDatabase = recordsDatabase;
        this.pools = Set.copyOf(pools);
    }

    /** The nodes of a period, and the rows left out. */
    public record Nodes(List<NodeHistory> nodes, SkippedRows skipped) { }

    /** Every node that existed in [from, to), ordered by node id; only {@code customer}'s when given. */
    public Nodes nodes(Instant from, Instant to, String customer) {
        LifecycleRows check = new LifecycleRows(pools);
        List<NodeHistory> out = nodes(ReportQueries.lifecycleBefore(from, customer), ReportQueries.lifecycleIn(from, to, customer), check);
        return new Nodes(out, check.skipped());
    }

    /**
     * The same nodes as {@link #nodes}, read a page of {@code idsPerPage} node ids at a time (two queries per page), so
     * that only one page of histories is held at once.
     */
    public NodePages pages(Instant from, Instant to, String customer, int idsPerPage) {
        List<String> ids = new ArrayList<>();
        ids.add(""); // rows without a node tag, which nodes() bills as node ""
        for (List<Object> v : values(recordsDatabase, ReportQueries.lifecycleNodes(customer))) {
            Object id = v.get(v.size() - 1);
            if (id instanceof String s && !s.isEmpty()) ids.add(s);
        }
        ids.sort(null);
        return new NodePages(this, from, to, customer, ids, idsPerPage, new LifecycleRows(pools));
    }

    /** The histories the two queries give (the last state before the period, the rows in it), ordered by node id. */
    List<NodeHistory> nodes(String lifecycleBefore, String lifecycleIn, LifecycleRows check) {
        Map<String, Builder> nodes = new LinkedHashMap<>();
        for (Row r : rows(recordsDatabase, lifecycleBefore)) {
            NodeState s = check.accept(r.tag(Tags.POOL), r.tag(Tags.NODE), r.value(Fields.STATE));
            if (s == null || s.isFinal()) continue;
            Builder b = nodes.computeIfAbsent(r.tag(Tags.NODE), k -> new Builder(r));
            b.stateAtStart = s;
            b.cores(r.value(Fields.CORES));
        }
        for (Row r : rows(recordsDatabase, lifecycleIn)) {
            NodeState s = check.accept(r.tag(Tags.POOL), r.tag(Tags.NODE), r.value(Fields.STATE));
            if (s == null) continue;
            Builder b = nodes.computeIfAbsent(r.tag(Tags.NODE), k -> new Builder(r));
            b.cores(r.value(Fields.CORES));
            b.transitions.add(new Transition(r.tag(Tags.NODE), s, r.time()));
        }
        List<NodeHistory> out = new ArrayList<>(nodes.size());
        for (Builder b : nodes.values()) out.add(b.build());
        out.sort(Comparator.comparing(NodeHistory::node));
        return out;
    }

    /**
     * CPU-seconds used per (pool, UTC day start): the increase of each node's {@code cpu_seconds_total}
     * counter within the day ({@code spread()}, computed by InfluxDB), summed over the pool's nodes.
     */
    public Map<List<String>, Double> cpuSeconds(Instant from, Instant to) {
        Map<List<String>, Double> out = new HashMap<>();
        // a query per UTC day: each lies within one of the whole period's daily buckets and gives the same rows, and
        // the answer held at once is a day's, not the period's
        for (Instant day = from; day.isBefore(to); ) {
            Instant next = Instant.ofEpochMilli(Math.min(to.toEpochMilli(), Math.floorDiv(day.toEpochMilli(), DAY) * DAY + DAY));
            for (Row r : rows(metricsDatabase, ReportQueries.cpuSecondsPerDay(day, next))) {
                Object used = r.value(ReportQueries.USED);
                if (!(used instanceof Number n)) continue;
                out.merge(List.of(r.tag(Tags.POOL), Long.toString(r.time())), n.doubleValue(), Double::sum);
            }
            day = next;
        }
        return out;
    }

    /** Carried-out actions per (pool, action, UTC day start) from the {@code decision} measurement. */
    public Map<List<String>, Long> actions(Instant from, Instant to) {
        Map<List<String>, Long> out = new HashMap<>();
        for (Row r : rows(recordsDatabase, ReportQueries.actionsPerDay(from, to))) {
            if (r.value(ReportQueries.COUNT) instanceof Number n && n.longValue() > 0) {
                out.merge(List.of(r.tag(Tags.POOL), r.tag(Tags.ACTION), Long.toString(r.time())), n.longValue(), Long::sum);
            }
        }
        return out;
    }

    private static final class Builder {
        final String customer, service, software, pool, node;
        int cores = 1;
        NodeState stateAtStart;
        final List<Transition> transitions = new ArrayList<>();

        Builder(Row r) {
            customer = r.tag(Tags.CUSTOMER);
            service = r.tag(Tags.SERVICE);
            software = r.tag(Tags.SOFTWARE);
            pool = r.tag(Tags.POOL);
            node = r.tag(Tags.NODE);
        }

        void cores(Object v) {
            if (v instanceof Number n && n.intValue() > 0) cores = n.intValue();
        }

        NodeHistory build() {
            transitions.sort(Comparator.comparingLong(Transition::time).thenComparing(t -> t.state().ordinal()));
            return new NodeHistory(customer, service, software, pool, node, cores, stateAtStart, List.copyOf(transitions));
        }
    }

    private record Row(Map<String, String> tags, Map<String, Object> values, long time) {
        String tag(String k) { return tags == null ? "" : tags.getOrDefault(k, ""); }
        Object value(String k) { return values.get(k); }
    }

    /** The rows of a query without a time column (SHOW ...), as they come. */
    private List<List<Object>> values(String database, String influxql) {
        List<List<Object>> out = new ArrayList<>();
        for (QueryResult.Series s : series(database, influxql)) if (s.getValues() != null) out.addAll(s.getValues());
        return out;
    }

    private List<QueryResult.Series> series(String database, String influxql) {
        QueryResult result = influx.query(new Query(influxql, database), TimeUnit.MILLISECONDS);
        if (result.hasError()) throw new IllegalStateException("InfluxDB: " + result.getError() + " for " + clip(influxql));
        List<QueryResult.Series> out = new ArrayList<>();
        for (QueryResult.Result res : result.getResults()) {
            if (res.hasError()) {
                if (res.getError().contains("database not found")) throw new IllegalStateException("InfluxDB: " + res.getError());
                continue;
            }
            if (res.getSeries() != null) out.addAll(res.getSeries());
        }
        return out;
    }

    private static String clip(String influxql) {
        return influxql.length() > 300 ? influxql.substring(0, 300) + "..." : influxql;
    }

    private List<Row> rows(String database, String influxql) {
        List<Row> out = new ArrayList<>();
        for (QueryResult.Series s : series(database, influxql)) {
            List<String> cols = s.getColumns();
            for (List<Object> v : s.getValues()) {
                Map<String, Object> values = new HashMap<>();
                for (int i = 0; i < cols.size(); i++) values.put(cols.get(i), v.get(i));
                Object t = values.get("time");
                long time = t instanceof Number n ? n.longValue() : Instant.parse(String.valueOf(t)).toEpochMilli();
                out.add(new Row(s.getTags(), values, time));
            }
        }
        return out;
    }
}
