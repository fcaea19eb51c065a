package io.baton.reports.backtest;

import io.baton.engine.catalog.PoolSpec;
import io.baton.reports.history.FleetHistory;
import io.baton.reports.history.NodeHistory;
import io.baton.reports.usage.BillableTime;
import io.baton.reports.usage.Hours;
import io.baton.reports.usage.Segment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.influxdb.InfluxDB;

/**
 * What the fleet really did in the period, read as the usage report reads it: node-hours from
 * {@code node_lifecycle} (billed from RUNNING, {@link BillableTime}) and carried-out actions from {@code decision}.
 */
final class RecordedFleet {
    private final InfluxDB influx;
    private final BacktestConfig config;

    RecordedFleet(InfluxDB influx, BacktestConfig config) {
        this.influx = influx;
        this.config = config;
    }

    List<BacktestResult.Recorded> read(List<PoolSpec> pools, long from, long to) {
        List<String> names = pools.stream().map(PoolSpec::name).toList();
        FleetHistory history = new FleetHistory(influx, config.metricsDatabase(), config.recordsDatabase(), java.util.Set.copyOf(names));
        Map<String, long[]> millis = new LinkedHashMap<>();
        Map<String, long[]> actions = new LinkedHashMap<>();
        Map<String, Chart> charts = new LinkedHashMap<>();
        for (String p : names) {
            millis.put(p, new long[1]);
            actions.put(p, new long[1]);
            charts.put(p, new Chart(from, to));
        }
        try {
            for (NodeHistory n : history.nodes(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), null).nodes()) {
                if (!millis.containsKey(n.pool())) continue;
                for (Segment s : BillableTime.of(n, from, to)) {
                    millis.get(n.pool())[0] += s.millis();
                    charts.get(n.pool()).span(s.start(), s.end(), 1);
                }
            }
            history.actions(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)).forEach((key, n) -> {
                long[] a = actions.get(key.get(0));
                if (a != null) a[0] += n;
            });
        } catch (IllegalStateException e) {
            if (!String.valueOf(e.getMessage()).contains("database not found")) throw e; // no records yet: the fleet recorded nothing
        }
        List<BacktestResult.Recorded> out = new ArrayList<>();
        for (String p : names) out.add(new BacktestResult.Recorded(p, Hours.of(millis.get(p)[0]), actions.get(p)[0], charts.get(p)));
        return out;
    }
}
