package io.baton.collectors.promql;

import io.baton.collectors.sinks.SinkFanout;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.loop.DaemonLoop;
import io.baton.engine.model.Sample;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PromQL as a metric source, as KEDA's Prometheus scaler offers: each pool's queries of the catalog run at
 * their interval (an instant query, {@code /api/v1/query}), and the result goes to the engine and InfluxDB
 * as the pool's metric. A query that fails, or whose result cannot be read as one value per node or one
 * for the pool, is counted, logged and told to the {@link #onFailure} listeners with its reason (the service
 * counts it as a meter and journals it in the records database), and gives no sample: it never invents a value.
 * Runs on the leader only ({@link #activeWhile}); queries follow the catalog's changes.
 */
public final class PromQlSource extends DaemonLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PromQlSource.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final PoolCatalog catalog;
    private final SinkFanout fanout;
    private final String nodeLabel;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Long> due = new ConcurrentHashMap<>();
    private final Map<String, QueryStatus> status = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<Failure>> failureListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile BooleanSupplier active = () -> true;

    /** How one query has done: rounds that gave samples, rounds that failed, and the last failure. */
    public record QueryStatus(long ok, long failed, String lastError, double lastValue) { }

    /** @param nodeLabel the label that names a node ({@code baton.ingest.node-tag}) */
    public PromQlSource(PoolCatalog catalog, SinkFanout fanout, String nodeLabel) {
        super("baton-promql");
        this.catalog = catalog;
        this.fanout = fanout;
        this.nodeLabel = nodeLabel;
    }

    /**
     * One failed round of a query: no value was taken.
     *
     * @param time epoch millis of the round
     * @param failures the query's failed rounds so far, this one included
     */
    public record Failure(long time, String pool, String metric, String promql, String error, long failures) { }

    /** Adds a listener told of every failed round (on the query thread; it must not block). */
    public void onFailure(java.util.function.Consumer<Failure> listener) { failureListeners.add(listener); }

    /** Runs only while {@code active} holds (under HA: while this replica leads). */
    public void activeWhile(BooleanSupplier active) { this.active = active; }

    /** Each query's status, by {@code pool/metric}. */
    public Map<String, QueryStatus> status() { return Map.copyOf(status); }

    /** Failed rounds of all queries so far. */
    public long failures() { return status.values().stream().mapToLong(QueryStatus::failed).sum(); }

    /** Runs the queries that are due now; returns how many ran. */
    int round(long now) {
        if (!active.getAsBoolean()) return 0;
        int ran = 0;
        for (PoolSpec pool : catalog.pools()) {
            if (!pool.has("queries")) continue;
            for (PromQuery q : PromQuery.of(pool, new ArrayList<>())) {
                String key = q.pool() + "/" + q.metric();
                if (due.getOrDefault(key, 0L) > now) continue;
                due.put(key, now + q.interval().toMillis());
                run(q, key, now);
                ran++;
            }
        }
        return ran;
    }

    private void run(PromQuery q, String key, long now) {
        try {
            List<Sample> samples = evaluate(q);
            fanout.samples(samples);
            status.merge(key, new QueryStatus(1, 0, null, samples.get(0).getValue()),
                    (a, b) -> new QueryStatus(a.ok() + 1, a.failed(), a.lastError(), b.lastValue()));
        } catch (Exception e) {
            String why = e instanceof InterruptedException ? "interrupted" : e.getMessage();
            QueryStatus s = status.merge(key, new QueryStatus(0, 1, why, Double.NaN),
                    (a, b) -> new QueryStatus(a.ok(), a.failed() + 1, b.lastError(), a.lastValue()));
            if (Long.bitCount(s.failed()) == 1) {
                log.warn("pool {}: PromQL query for metric {} failed ({} failure(s) so far), no value taken: {} [{}]",
                        q.pool(), q.metric(), s.failed(), why, q.promql());
            }
            Failure f = new Failure(now, q.pool(), q.metric(), q.promql(), String.valueOf(why), s.failed());
            for (var l : failureListeners) {
                try {
                    l.accept(f);
                } catch (RuntimeException ex) {
                    log.warn("a PromQL failure listener failed: {}", ex.toString());
                }
            }
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
    }

    /** The query's samples, or an exception saying why there are none. */
    List<Sample> evaluate(PromQuery q) throws Exception {
        URI uri = URI.create(q.prometheus() + "/api/v1/query?query=" + URLEncoder.encode(q.promql(), StandardCharsets.UTF_8));
        Duration timeout = q.interval().compareTo(Duration.ofSeconds(10)) < 0 ? q.interval() : Duration.ofSeconds(10);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isEmpty() ? null : JSON.readTree(r.body());
        if (r.statusCode() != 200 || body == null || !"success".equals(body.path("status").asString(""))) {
            throw new IllegalStateException("HTTP " + r.statusCode() + (body == null ? "" : ": " + body.path("error").asString("")));
        }
        JsonNode data = body.path("data");
        String type = data.path("resultType").asString("");
        List<Sample> out = new ArrayList<>();
        if (type.equals("scalar")) {
            out.add(sample(q, "", data.path("result")));
        } else if (type.equals("vector")) {
            int poolLevel = 0;
            for (JsonNode series : data.path("result")) {
                String node = series.path("metric").path(nodeLabel).asString("");
                if (node.isEmpty()) poolLevel++;
                out.add(sample(q, node, series.path("value")));
            }
            if (poolLevel > 1) {
                throw new IllegalStateException(poolLevel + " series without a '" + nodeLabel + "' label: the pool takes one value (aggregate with sum, avg or max)");
            }
        } else {
            throw new IllegalStateException("a " + type + " result: the query must give an instant vector or a scalar");
        }
        if (out.isEmpty()) throw new IllegalStateException("the query returned no series");
        return out;
    }

    private static Sample sample(PromQuery q, String node, JsonNode value) {
        double v = Double.parseDouble(value.path(1).asString("NaN"));
        if (Double.isNaN(v) || Double.isInfinite(v)) throw new IllegalStateException("value " + v + " is not a finite number");
        long ts = Math.round(value.path(0).asDouble() * 1000);
        return new Sample(q.pool(), node, q.metric(), v, ts);
    }

    /** A round of the thread: every 250 ms; a failed round is logged, and the next one waits as long, so a failure never spins. */
    @Override protected long round() {
        try {
            round(System.currentTimeMillis());
        } catch (RuntimeException e) {
            log.warn("PromQL round failed: {}", e.toString());
        }
        return 250;
    }
}
