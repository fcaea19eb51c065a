package io.baton.reports.history;

import io.baton.engine.model.NodeState;
import io.baton.engine.schema.Fields;
import io.baton.engine.schema.ReportQueries;
import io.baton.engine.schema.Tags;
import io.baton.reports.history.InfluxRows.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.influxdb.InfluxDB;

/**
 * Reads what the reports need from InfluxDB with InfluxQL: node lifecycles (the last state before the
 * period, and the transitions in it) and the actions the engine carried out (counted by the server), both
 * Baton's own records, from the records database; CPU-seconds per node and day (the counter's increase,
 * computed by the server) from the metrics database. Lifecycle rows with an unknown state or of a pool
 * that is not configured are skipped and counted ({@link Nodes#skipped()}).
 */
public final class FleetHistory {
    private final InfluxRows influx;
    private final String metricsDatabase;
    private final String recordsDatabase;
    private final Set<String> pools;
    private final int readers;

    /**
     * @param metricsDatabase where samples and ingested metrics are ({@code baton.influx.database})
     * @param recordsDatabase where Baton's lifecycle and decision records are ({@code baton.influx.records-database})
     * @param pools the configured pool names; rows of any other pool are skipped
     */
    public FleetHistory(InfluxDB influx, String metricsDatabase, String recordsDatabase, Set<String> pools) {
        this(influx, metricsDatabase, recordsDatabase, pools, InfluxRows.CHUNK, 1);
    }

    /**
     * @param chunkRows rows per chunk of a streamed answer
     * @param readers queries in flight at once (CPU-seconds are read in that many stretches of days)
     */
    public FleetHistory(InfluxDB influx, String metricsDatabase, String recordsDatabase, Set<String> pools, int chunkRows, int readers) {
        if (readers < 1) throw new IllegalArgumentException("readers must be at least 1: " + readers);
        this.influx = new InfluxRows(influx, chunkRows);
        this.metricsDatabase = metricsDatabase;
        this.recordsDatabase = recordsDatabase;
        this.pools = Set.copyOf(pools);
        this.readers = readers;
    }

    /** The nodes of a period, and the rows left out. */
    public record Nodes(List<NodeHistory> nodes, SkippedRows skipped) { }

    /**
     * Every node that existed in [from, to), ordered by node id; only {@code customer}'s when given. Both answers are
     * streamed (a chunk of rows held at a time), so what is held is the nodes' histories, not the rows.
     */
    public Nodes nodes(Instant from, Instant to, String customer) {
        LifecycleRows check = new LifecycleRows(pools);
        Map<String, Builder> nodes = new LinkedHashMap<>();
        influx.stream(recordsDatabase, ReportQueries.lifecycleBefore(from, customer), r -> {
            NodeState s = check.accept(r.tag(Tags.POOL), r.tag(Tags.NODE), r.value(Fields.STATE));
            if (s == null || s.isFinal()) return;
            Builder b = nodes.computeIfAbsent(r.tag(Tags.NODE), k -> new Builder(r));
            b.stateAtStart = s;
            b.cores(r.value(Fields.CORES));
        });
        influx.stream(recordsDatabase, ReportQueries.lifecycleIn(from, to, customer), r -> {
            NodeState s = check.accept(r.tag(Tags.POOL), r.tag(Tags.NODE), r.value(Fields.STATE));
            if (s == null) return;
            Builder b = nodes.computeIfAbsent(r.tag(Tags.NODE), k -> new Builder(r));
            b.cores(r.value(Fields.CORES));
            b.transitions.add(new Transition(r.tag(Tags.NODE), s, r.time()));
        });
        List<NodeHistory> out = new ArrayList<>(nodes.size());
        for (Builder b : nodes.values()) out.add(b.build());
        nodes.clear();
        out.sort(Comparator.comparing(NodeHistory::node));
        return new Nodes(out, check.skipped());
    }

    /**
     * CPU-seconds used per (pool, UTC day start): the increase of each node's {@code cpu_seconds_total}
     * counter within the day ({@code spread()}, computed by InfluxDB), summed over the pool's nodes.
     */
    public Map<List<String>, Double> cpuSeconds(Instant from, Instant to) {
        // a row per node and day: streamed, and read in stretches of whole UTC days by parallel queries (each day's
        // rows in one stretch, in the order one query over the period gives them)
        List<Instant> cuts = DayStretches.cuts(from, to, readers);
        List<CompletableFuture<Map<List<String>, Double>>> parts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(cuts.size() - 1, r -> {
            Thread t = new Thread(r, "report-cpu-seconds");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i + 1 < cuts.size(); i++) {
                String q = ReportQueries.cpuSecondsPerDay(cuts.get(i), cuts.get(i + 1));
                parts.add(CompletableFuture.supplyAsync(() -> {
                    Map<List<String>, Double> part = new HashMap<>();
                    influx.stream(metricsDatabase, q, r -> {
                        if (r.value(ReportQueries.USED) instanceof Number n) part.merge(List.of(r.tag(Tags.POOL), Long.toString(r.time())), n.doubleValue(), Double::sum);
                    });
                    return part;
                }, pool));
            }
            Map<List<String>, Double> out = new HashMap<>();
            for (CompletableFuture<Map<List<String>, Double>> p : parts) out.putAll(join(p)); // the stretches' days differ
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** Carried-out actions per (pool, action, UTC day start) from the {@code decision} measurement. */
    public Map<List<String>, Long> actions(Instant from, Instant to) {
        Map<List<String>, Long> out = new HashMap<>();
        for (Row r : influx.rows(recordsDatabase, ReportQueries.actionsPerDay(from, to))) {
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
}
