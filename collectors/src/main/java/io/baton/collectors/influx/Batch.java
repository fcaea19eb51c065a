package io.baton.collectors.influx;

import java.util.List;

/** Lines written to InfluxDB in one request: the body (lines joined by newlines) and how many lines it holds. */
record Batch(String body, int lines) {

    static Batch of(List<String> lines) {
        return new Batch(String.join("\n", lines), lines.size());
    }
}
