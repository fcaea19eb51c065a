package io.baton.collectors.scrape;

/**
 * The times one target's samples are stamped with. Scrapes run at a fixed rate from the first, like
 * Prometheus's, and a scrape that starts within {@link #TOLERANCE_MS} of its tick is stamped with the tick
 * (Prometheus aligns within 2 ms the same way). So the samples of a 1 s target lie exactly 1 s apart, and
 * "above 80 for 2 minutes" holds on the 120th sample after the first high one, not on the 121st when the
 * thread happened to wake a millisecond earlier for the 120th than for the first. A scrape later than that
 * (a stalled thread) keeps its own time. Not thread-safe: one target's scrapes never overlap.
 */
final class ScrapeTicks {
    /** How far from its tick a scrape may start and still be stamped with it. */
    static final long TOLERANCE_MS = 25;
    private final long intervalMs;
    private long first = Long.MIN_VALUE;

    /** Ticks that start at the first scrape, whenever that is. */
    ScrapeTicks(long intervalMs) {
        if (intervalMs <= 0) throw new IllegalArgumentException("scrape interval must be positive: " + intervalMs);
        this.intervalMs = intervalMs;
    }

    /**
     * Ticks at {@code origin} + k intervals (epoch millis): the schedule's own times. A first scrape that starts
     * late (a cold client, a busy thread) then keeps its own time instead of moving every later tick with it.
     */
    ScrapeTicks(long intervalMs, long origin) {
        this(intervalMs);
        this.first = origin;
    }

    /** The stamp of a scrape that starts at epoch millis {@code now}. */
    long stamp(long now) {
        if (first == Long.MIN_VALUE) first = now;
        long tick = first + Math.floorDiv(now - first + intervalMs / 2, intervalMs) * intervalMs;
        long tolerance = Math.min(TOLERANCE_MS, intervalMs / 10);
        return Math.abs(now - tick) <= tolerance ? tick : now;
    }
}
