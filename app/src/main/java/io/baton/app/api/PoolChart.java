package io.baton.app.api;

import io.baton.app.engine.EngineService;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.model.NodeState;
import io.baton.reports.history.FleetHistory;
import io.baton.reports.history.NodeHistory;
import io.baton.reports.history.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A pool's charts over a range: nodes by state (from the lifecycle records), CPU and every metric the pool's
 * rules test (pool means per step, from the samples), all from InfluxDB, with the rules' thresholds and the
 * journal's decisions. The newest point is the engine's view now, so a node just asked for shows at once.
 * Without InfluxDB (or when it does not answer) the last hour kept in memory stands in, and {@code source}
 * says so.
 */
@Component
class PoolChart {
    private static final Logger log = LoggerFactory.getLogger(PoolChart.class);
    /** The states a live node can be in, in the order the chart stacks them. */
    static final List<String> STATES = List.of(NodeState.RUNNING.name(), NodeState.STARTING.name(), NodeState.REQUESTED.name(),
            NodeState.DRAINING.name(), NodeState.FAILED.name());
    private final EngineService engine;
    private final PoolHistory memory;
    private final PoolRules rules;
    private final ObjectProvider<FleetHistory> fleet;
    private final ObjectProvider<InfluxDB> influx;
    private final String database;

    /** The ranges the console offers, each with its step. */
    enum Range {
        M15("15m", Duration.ofMinutes(15), Duration.ofSeconds(15)),
        H1("1h", Duration.ofHours(1), Duration.ofSeconds(30)),
        H6("6h", Duration.ofHours(6), Duration.ofMinutes(3)),
        H24("24h", Duration.ofHours(24), Duration.ofMinutes(10));

        final String label;
        final Duration span;
        final Duration step;

        Range(String label, Duration span, Duration step) {
            this.label = label;
            this.span = span;
            this.step = step;
        }

        static Range of(String label) {
            for (Range r : values()) if (r.label.equals(label)) return r;
            throw new IllegalArgumentException("range must be 15m, 1h, 6h or 24h, got '" + label + "'");
        }
    }

    /** A decision as a marker: when, what, and what became of it. */
    record Marker(long time, String action, String outcome, String rule, String requester) { }

    /**
     * @param times epoch seconds of each point (the last is now)
     * @param states nodes per state at each point
     * @param metrics the pool mean of each metric at each point (null where nothing was sampled)
     */
    record Chart(String pool, String range, long from, long to, long step, String source, List<Long> times,
                 Map<String, List<Integer>> states, Map<String, List<Double>> metrics, List<PoolRules.Threshold> thresholds,
                 List<Marker> decisions) { }

    PoolChart(EngineService engine, PoolHistory memory, PoolRules rules, ObjectProvider<FleetHistory> fleet,
              ObjectProvider<InfluxDB> influx, Environment env) {
        this.engine = engine;
        this.memory = memory;
        this.rules = rules;
        this.fleet = fleet;
        this.influx = influx;
        this.database = env.getProperty("baton.influx.database", "baton");
    }

    Chart of(String pool, String customer, Range range) {
        long to = System.currentTimeMillis();
        long step = range.step.toMillis();
        long from = (to - range.span.toMillis()) / step * step;
        List<PoolRules.Threshold> thresholds = rules.of(pool, customer).stream().flatMap(r -> r.thresholds().stream()).distinct().toList();
        Set<String> names = new LinkedHashSet<>();
        names.add("cpu");
        thresholds.forEach(t -> names.add(t.metric()));
        List<Marker> markers = engine.journal().recent(pool, 1000).stream().filter(e -> e.time() >= from)
                .map(PoolChart::marker).toList();
        EngineService.PoolView now = engine.pools().stream().filter(v -> v.name().equals(pool)).findFirst().orElse(null);
        FleetHistory history = fleet.getIfAvailable();
        InfluxDB db = influx.getIfAvailable();
        if (history != null && db != null) {
            try {
                return fromInflux(pool, customer, range, from, to, step, names, thresholds, markers, now, history, db);
            } catch (RuntimeException e) {
                log.warn("pool {}: chart from InfluxDB failed ({}): showing the last hour kept in memory", pool, e.getMessage());
            }
        }
        return fromMemory(pool, range, from, to, step, names, thresholds, markers, now);
    }

    private Chart fromInflux(String pool, String customer, Range range, long from, long to, long step, Set<String> names,
                             List<PoolRules.Threshold> thresholds, List<Marker> markers, EngineService.PoolView now,
                             FleetHistory history, InfluxDB db) {
        List<Long> times = new ArrayList<>();
        for (long t = from; t < to; t += step) times.add(t);
        List<NodeHistory> nodes = history.nodes(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), customer).nodes().stream()
                .filter(n -> n.pool().equals(pool)).toList();
        Map<String, List<Integer>> states = emptyStates();
        for (long t : times) {
            Map<String, Integer> count = new HashMap<>();
            for (NodeHistory n : nodes) {
                NodeState s = stateAt(n, t + step - 1);
                if (s != null && !s.isFinal()) count.merge(s.name(), 1, Integer::sum);
            }
            states.forEach((k, v) -> v.add(count.getOrDefault(k, 0)));
        }
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        for (String m : names) metrics.put(m, means(db, pool, m, from, to, step, times));
        return finish(pool, range, from, to, step, "influxdb", times, states, metrics, thresholds, markers, now);
    }

    private Chart fromMemory(String pool, Range range, long from, long to, long step, Set<String> names,
                             List<PoolRules.Threshold> thresholds, List<Marker> markers, EngineService.PoolView now) {
        List<Long> times = new ArrayList<>();
        Map<String, List<Integer>> states = new LinkedHashMap<>();
        List<Integer> total = new ArrayList<>();
        states.put("nodes", total);
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        for (String m : names) metrics.put(m, new ArrayList<>());
        for (PoolHistory.Point p : memory.of(pool)) {
            if (p.time() < from) continue;
            times.add(p.time());
            total.add(p.nodes());
            metrics.forEach((m, v) -> v.add(m.equals("cpu") && p.cpu() >= 0 ? p.cpu() : null));
        }
        return finish(pool, range, from, to, step, "memory", times, states, metrics, thresholds, markers, now);
    }

    /** Adds the engine's view now as the last point, and turns times into epoch seconds. */
    private static Chart finish(String pool, Range range, long from, long to, long step, String source, List<Long> times,
                                Map<String, List<Integer>> states, Map<String, List<Double>> metrics,
                                List<PoolRules.Threshold> thresholds, List<Marker> markers, EngineService.PoolView now) {
        times.add(to);
        Map<String, Integer> count = new HashMap<>();
        if (now != null) for (EngineService.NodeView n : now.members()) count.merge(n.state(), 1, Integer::sum);
        states.forEach((k, v) -> v.add(k.equals("nodes") ? (now == null ? 0 : now.nodes()) : count.getOrDefault(k, 0)));
        metrics.forEach((m, v) -> v.add(m.equals("cpu") && now != null && now.cpu() >= 0 ? now.cpu() : null));
        List<Long> seconds = times.stream().map(t -> t / 1000).toList();
        return new Chart(pool, range.label, from, to, step / 1000, source, seconds, states, metrics, thresholds, markers);
    }

    private static Map<String, List<Integer>> emptyStates() {
        Map<String, List<Integer>> states = new LinkedHashMap<>();
        for (String s : STATES) states.put(s, new ArrayList<>());
        return states;
    }

    /** The node's state at {@code t}: its newest transition at or before, else the state it had when the range began. */
    static NodeState stateAt(NodeHistory n, long t) {
        NodeState s = n.stateAtStart();
        for (Transition tr : n.transitions()) {
            if (tr.time() > t) break;
            s = tr.state();
        }
        return s;
    }

    /** The pool mean of {@code metric} per step (InfluxDB's mean over the pool's samples in each step). */
    private List<Double> means(InfluxDB db, String pool, String metric, long from, long to, long step, List<Long> times) {
        String q = "SELECT mean(\"value\") AS v FROM \"" + metric.replace("\"", "") + "\" WHERE \"pool\" = '" + pool.replace("\\", "\\\\").replace("'", "\\'")
                + "' AND time >= " + from + "ms AND time < " + to + "ms GROUP BY time(" + step + "ms) fill(none)";
        QueryResult r = db.query(new Query(q, database), TimeUnit.MILLISECONDS);
        if (r.hasError()) throw new IllegalStateException(r.getError());
        Map<Long, Double> byTime = new HashMap<>();
        for (QueryResult.Result res : r.getResults()) {
            if (res.hasError()) throw new IllegalStateException(res.getError());
            if (res.getSeries() == null) continue;
            for (QueryResult.Series s : res.getSeries()) {
                for (List<Object> v : s.getValues()) {
                    if (v.get(0) instanceof Number t && v.get(1) instanceof Number value) byTime.put(t.longValue(), value.doubleValue());
                }
            }
        }
        List<Double> out = new ArrayList<>(times.size());
        for (long t : times) out.add(byTime.get(t));
        return out;
    }

    private static Marker marker(JournalEntry e) {
        return new Marker(e.time(), e.action(), e.outcome().name(), e.rule(), e.requester());
    }
}
