package io.baton.reports.usage;

/**
 * A billable stretch of one node within one UTC day: from {@code start} (inclusive) to {@code end}
 * (exclusive), epoch millis. {@code day} is the day's start.
 */
public record Segment(String customer, String service, String software, String pool, String node, int cores,
                      long day, long start, long end) {

    public long millis() { return end - start; }
}
