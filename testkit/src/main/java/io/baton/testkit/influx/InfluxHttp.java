package io.baton.testkit.influx;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** InfluxDB 1.x v1 HTTP API calls the fixture needs: /query (InfluxQL) and /write (line protocol). */
final class InfluxHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private InfluxHttp() { }

    /** Runs InfluxQL; returns one map per row (columns, plus the series' tags and {@code _series} name). */
    static List<Map<String, Object>> query(String url, String db, String influxql) {
        String form = "q=" + enc(influxql) + "&epoch=ms" + (db == null ? "" : "&db=" + enc(db));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/query"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        String body = send(request, 200, "query '" + influxql + "'");
        return rows(body, influxql);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(String body, String influxql) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(body);
        if (root.containsKey("error")) throw new IllegalStateException("query '" + influxql + "' failed: " + root.get("error"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object r : (List<Object>) root.getOrDefault("results", List.of())) {
            Map<String, Object> result = (Map<String, Object>) r;
            if (result.containsKey("error")) throw new IllegalStateException("query '" + influxql + "' failed: " + result.get("error"));
            for (Object s : (List<Object>) result.getOrDefault("series", List.of())) {
                Map<String, Object> series = (Map<String, Object>) s;
                List<Object> columns = (List<Object>) series.get("columns");
                Map<String, Object> tags = (Map<String, Object>) series.getOrDefault("tags", Map.of());
                for (Object v : (List<Object>) series.getOrDefault("values", List.of())) {
                    List<Object> values = (List<Object>) v;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("_series", series.get("name"));
                    row.putAll(tags);
                    for (int i = 0; i < columns.size(); i++) row.put((String) columns.get(i), values.get(i));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Writes line protocol with the given precision (ns, u, ms, s, m, h). */
    static void write(String url, String db, String precision, String lines) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/write?db=" + enc(db) + "&precision=" + enc(precision)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(lines)).build();
        send(request, 204, "write to " + db);
    }

    private static String send(HttpRequest request, int expected, String what) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(what + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
