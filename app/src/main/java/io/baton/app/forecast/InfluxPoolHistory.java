package io.baton.app.forecast;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/** A pool's history from the samples InfluxDB holds (measurement = metric, tag {@code pool}, field {@code value}). */
final class InfluxPoolHistory implements PoolHistoryReader {
    private final InfluxDB influx;
    private final String database;

    InfluxPoolHistory(InfluxDB influx, String database) {
        this.influx = influx;
        this.database = database;
    }

    @Override public double[] read(String pool, String metric, long from, long to, long stepMs) {
        if (!pool.matches("[A-Za-z0-9][A-Za-z0-9_.-]*") || !metric.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("not a pool or metric name: " + pool + " " + metric);
        }
        String q = "SELECT mean(\"value\") FROM \"" + metric + "\" WHERE \"pool\" = '" + pool + "' AND time >= " + from + "ms AND time < "
                + to + "ms GROUP BY time(" + stepMs + "ms) fill(none)";
        QueryResult result = influx.query(new Query(q, database), TimeUnit.MILLISECONDS);
        if (result.hasError()) throw new IllegalStateException("InfluxDB: " + result.getError());
        double[] out = new double[(int) ((to - from) / stepMs)];
        Arrays.fill(out, Double.NaN);
        for (QueryResult.Result r : result.getResults()) {
            if (r.hasError()) throw new IllegalStateException("InfluxDB: " + r.getError());
            if (r.getSeries() == null) continue;
            for (QueryResult.Series s : r.getSeries()) {
                for (List<Object> row : s.getValues()) {
                    long t = row.get(0) instanceof Number n ? n.longValue() : Instant.parse(String.valueOf(row.get(0))).toEpochMilli();
                    int i = (int) ((t - from) / stepMs);
                    if (i >= 0 && i < out.length && row.get(1) instanceof Number v) out[i] = v.doubleValue();
                }
            }
        }
        return out;
    }
}
