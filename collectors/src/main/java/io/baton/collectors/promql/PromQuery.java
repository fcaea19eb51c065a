package io.baton.collectors.promql;

import io.baton.engine.catalog.PoolSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One PromQL source of a pool: {@code baton.pools.<pool>.queries.<metric>: {prometheus: URL, promql: "...",
 * interval: 15s}}. Its result is the pool's metric {@code <metric>}: a series with the node label is that
 * node's reading, one series without it is the pool's.
 */
record PromQuery(String pool, String metric, URI prometheus, String promql, Duration interval) {

    /** The queries of a pool, and the problems of its {@code queries.*} keys, each naming its key. */
    static List<PromQuery> of(PoolSpec pool, List<String> problems) {
        Map<String, Map<String, String>> byMetric = new TreeMap<>();
        pool.section("queries").forEach((k, v) -> {
            int dot = k.indexOf('.');
            if (dot <= 0) {
                problems.add("queries." + k + ": a query needs prometheus, promql and (optionally) interval");
                return;
            }
            byMetric.computeIfAbsent(k.substring(0, dot), m -> new TreeMap<>()).put(k.substring(dot + 1), v);
        });
        List<PromQuery> out = new ArrayList<>();
        byMetric.forEach((metric, keys) -> {
            String at = "queries." + metric + ".";
            for (String k : keys.keySet()) {
                if (!k.equals("prometheus") && !k.equals("promql") && !k.equals("interval")) problems.add(at + k + ": no query has this key");
            }
            String url = keys.getOrDefault("prometheus", "");
            String promql = keys.getOrDefault("promql", "");
            URI uri = null;
            try {
                uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
                if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) uri = null;
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null) problems.add(at + "prometheus: must be the http(s) URL of a Prometheus, got '" + url + "'");
            if (promql.isBlank()) problems.add(at + "promql: must not be blank");
            Duration interval = Duration.ofSeconds(15);
            String given = keys.get("interval");
            if (given != null) {
                try {
                    interval = org.springframework.boot.convert.DurationStyle.detectAndParse(given);
                } catch (IllegalArgumentException e) {
                    problems.add(at + "interval: bad value '" + given + "'");
                }
                if (interval.compareTo(Duration.ofSeconds(1)) < 0) problems.add(at + "interval: must be at least 1s");
            }
            if (uri != null && !promql.isBlank()) out.add(new PromQuery(pool.name(), metric, uri, promql, interval));
        });
        return out;
    }
}
