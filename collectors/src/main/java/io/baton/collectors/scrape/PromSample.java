package io.baton.collectors.scrape;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One sample of the Prometheus text exposition format.
 *
 * @param labels sorted by name
 * @param timestampMs the explicit timestamp, or null when the line had none
 */
public record PromSample(String name, Map<String, String> labels, double value, Long timestampMs) {

    /** {@code name} alone when there are no labels, else {@code name{a="x",b="y"}} with labels sorted. */
    public String seriesName() {
        if (labels.isEmpty()) return name;
        return name + labels.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
