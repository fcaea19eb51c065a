package io.baton.reports.backtest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * The history in InfluxDB, read with InfluxQL one stretch at a time. Metrics come from the metrics database
 * ({@code <metric>,pool=..,node=.. value=v}); Baton's lifecycle records from the records database. The health
 * probe's own points ({@code up}, {@code probe_latency_ms}) and any record-like measurement that ingest may
 * have put into the metrics database are not replayed.
 */
final class InfluxHistory implements History {
    /** Measurements of the metrics database that are not metrics to replay. */
    static final Set<String> NOT_REPLAYED = Set.of("node_lifecycle", "decision", "up", "probe_latency_ms");
    private final InfluxDB influx;
    private final String metrics;
    private final String records;
    private final String poolFilter;
    private final Set<String> pools;
    private List<String> measurements;

    InfluxHistory(InfluxDB influx, String metricsDatabase, String recordsDatabase, Collection<String> pools) {
        this.influx = influx;
        this.metrics = metricsDatabase;
        this.records = recordsDatabase;
        this.pools = Set.copyOf(pools);
        this.poolFilter = "\"pool\" =~ /^(" + pools.stream().sorted().map(InfluxHistory::regex).collect(Collectors.joining("|")) + ")$/";
    }

    @Override public Map<String, List<String>> runningAt(long at) {
        Map<String, List<String>> out = new TreeMap<>();
        QueryResult r = query(records, "SELECT last(\"state\") AS state FROM \"node_lifecycle\" WHERE time <= " + ns(at) + " AND " + poolFilter
                + " GROUP BY \"pool\", \"node\"", true);
        for (QueryResult.Series s : series(r)) {
            String pool = tag(s, "pool");
            String node = tag(s, "node");
            if (!pools.contains(pool) || node.isEmpty()) continue;
            for (List<Object> v : s.getValues()) {
                if ("RUNNING".equals(v.get(s.getColumns().indexOf("state")))) out.computeIfAbsent(pool, k -> new ArrayList<>()).add(node);
            }
        }
        out.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        return out;
    }

    @Override public boolean hasCpu(long from, long to) {
        QueryResult r = query(metrics, "SELECT \"value\" FROM \"cpu\" WHERE time >= " + ns(from) + " AND time < " + ns(to) + " AND " + poolFilter
                + " LIMIT 1", false);
        return !series(r).isEmpty();
    }

    @Override public List<Reading> readings(long after, long until) {
        if (measurements == null) measurements = measurements();
        List<Reading> out = new ArrayList<>();
        if (measurements.isEmpty()) return out;
        String from_ = measurements.stream().map(m -> "\"" + m.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").collect(Collectors.joining(","));
        QueryResult r = query(metrics, "SELECT \"value\" FROM " + from_ +  " WHERE time > " + ns(after) + " AND time <= " + ns(until) + " AND " + poolFilter
                + " GROUP BY \"pool\", \"node\"", false);
        for (QueryResult.Series s : series(r)) {
            String pool = tag(s, "pool");
            if (!pools.contains(pool)) continue;
            String node = tag(s, "node");
            int time = s.getColumns().indexOf("time");
            int value = s.getColumns().indexOf("value");
            for (List<Object> v : s.getValues()) {
                if (v.get(value) instanceof Number n && v.get(time) instanceof Number t && Double.isFinite(n.doubleValue())) {
                    out.add(new Reading(pool, node.isEmpty() ? null : node, s.getName(), n.doubleValue(), t.longValue()));
                }
            }
        }
        out.sort(Comparator.comparingLong(Reading::time));
        return out;
    }

    /** The metrics database's measurements to replay (cpu among them). */
    private List<String> measurements() {
        List<String> out = new ArrayList<>();
        for (QueryResult.Series s : series(query(metrics, "SHOW MEASUREMENTS", false))) {
            for (List<Object> v : s.getValues()) {
                String m = String.valueOf(v.get(0));
                if (!NOT_REPLAYED.contains(m)) out.add(m);
            }
        }
        return out;
    }

    private QueryResult query(String database, String influxql, boolean missingIsEmpty) {
        QueryResult result = influx.query(new Query(influxql, database), TimeUnit.MILLISECONDS);
        String error = result.hasError() ? result.getError() : null;
        if (error == null && result.getResults() != null) {
            for (QueryResult.Result res : result.getResults()) if (res.hasError()) error = res.getError();
        }
        if (error == null) return result;
        if (missingIsEmpty && error.contains("database not found")) return new QueryResult();
        if (error.contains("database not found")) throw new BacktestException("InfluxDB: " + error + " (set BATON_INFLUX_DATABASE to the database that holds the fleet's metrics)");
        throw new IllegalStateException("InfluxDB: " + error + " for " + influxql);
    }

    private static List<QueryResult.Series> series(QueryResult r) {
        List<QueryResult.Series> out = new ArrayList<>();
        if (r.getResults() == null) return out;
        for (QueryResult.Result res : r.getResults()) if (res.getSeries() != null) out.addAll(res.getSeries());
        return out;
    }

    private static String tag(QueryResult.Series s, String key) {
        Map<String, String> tags = s.getTags() == null ? new HashMap<>() : s.getTags();
        return tags.getOrDefault(key, "");
    }

    private static String ns(long millis) { return millis * 1_000_000L + ""; }

    /** A pool name (letters, digits, '.', '_', '-') as a literal in an InfluxQL regex. */
    static String regex(String pool) { return pool.replace(".", "\\."); }
}
