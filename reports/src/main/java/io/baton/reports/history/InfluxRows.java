package io.baton.reports.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/** InfluxQL answers as rows: all at once, or streamed in chunks (InfluxDB's chunked responses) for the large ones. */
final class InfluxRows {
    /** Rows per chunk of a streamed answer, by default. */
    static final int CHUNK = 10_000;
    private final InfluxDB influx;
    private final int chunkRows;

    InfluxRows(InfluxDB influx, int chunkRows) {
        if (chunkRows < 1) throw new IllegalArgumentException("chunkRows must be at least 1: " + chunkRows);
        this.influx = influx;
        this.chunkRows = chunkRows;
    }

    /** One row of an answer: its series' tags, its columns by name, and its time in epoch millis. */
    record Row(Map<String, String> tags, Map<String, Object> values, long time) {
        String tag(String k) { return tags == null ? "" : tags.getOrDefault(k, ""); }
        Object value(String k) { return values.get(k); }
    }

    /** The rows of a query without a time column (SHOW ...), as they come. */
    List<List<Object>> values(String database, String influxql) {
        List<List<Object>> out = new ArrayList<>();
        QueryResult result = influx.query(new Query(influxql, database), TimeUnit.MILLISECONDS);
        for (QueryResult.Series s : series(result, influxql)) if (s.getValues() != null) out.addAll(s.getValues());
        return out;
    }

    List<Row> rows(String database, String influxql) {
        List<Row> out = new ArrayList<>();
        QueryResult result = influx.query(new Query(influxql, database), TimeUnit.MILLISECONDS);
        for (QueryResult.Series s : series(result, influxql)) add(s, out::add);
        return out;
    }

    /**
     * Each row of the answer, in the order of {@link #rows}, handed over as its chunk arrives: only a chunk is held at
     * once. Returns when the answer is complete; throws as {@link #rows} does, or when the answer breaks off.
     */
    void stream(String database, String influxql, Consumer<Row> each) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        influx.query(new Query(influxql, database), chunkRows, (cancel, chunk) -> {
            try {
                if (failed.get() == null) for (QueryResult.Series s : series(chunk, influxql)) add(s, each);
            } catch (RuntimeException e) {
                failed.compareAndSet(null, e);
                cancel.cancel();
                done.countDown();
            }
        }, done::countDown, e -> {
            failed.compareAndSet(null, new IllegalStateException("InfluxDB: " + e + " for " + clip(influxql), e));
            done.countDown();
        });
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + clip(influxql), e);
        }
        if (failed.get() != null) throw failed.get();
    }

    private static void add(QueryResult.Series s, Consumer<Row> out) {
        List<String> cols = s.getColumns();
        for (List<Object> v : s.getValues()) {
            Map<String, Object> values = new HashMap<>();
            for (int i = 0; i < cols.size(); i++) values.put(cols.get(i), v.get(i));
            Object t = values.get("time");
            long time = t instanceof Number n ? n.longValue() : Instant.parse(String.valueOf(t)).toEpochMilli();
            out.accept(new Row(s.getTags(), values, time));
        }
    }

    private static List<QueryResult.Series> series(QueryResult result, String influxql) {
        if (result.hasError() && !"DONE".equals(result.getError())) {
            throw new IllegalStateException("InfluxDB: " + result.getError() + " for " + clip(influxql));
        }
        List<QueryResult.Series> out = new ArrayList<>();
        if (result.getResults() == null) return out;
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
}
