package io.baton.engine.model;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The window semantics of {@link Series}, written the plain way for tests: every second's closing reading in a
 * sorted map, long times, no ring and no base, and windows found by walking the map. A second keeps its last
 * reading's value and the time of its latest reading; the history keeps {@code seconds + 2} seconds back from
 * the newest. The window of W seconds runs from the latest reading taken at or before newest − W (or from the
 * oldest one kept, if none) through the newest.
 */
final class ReferenceSeries {
    /** One second: its closing time and value, and its median (NaN until one is closed). */
    private static final class Entry {
        long time;
        double value;
        double median = Double.NaN;
    }

    private final int keep;
    private final NavigableMap<Long, Entry> kept = new TreeMap<>();
    /** The closing time of the earliest second ever recorded (for covers; kept even once that second is dropped). */
    private long earliestSecond = Long.MAX_VALUE;
    private long earliestTime;
    private long newestSecond = Long.MIN_VALUE;

    ReferenceSeries(int seconds) {
        this.keep = seconds + 2;
    }

    boolean opensNewSecond(long time) {
        return Math.floorDiv(time, 1000L) > newestSecond;
    }

    void record(long time, double value) {
        long s = Math.floorDiv(time, 1000L);
        if (newestSecond != Long.MIN_VALUE && s <= newestSecond - keep) return;
        Entry e = kept.computeIfAbsent(s, k -> {
            Entry fresh = new Entry();
            fresh.time = time;
            return fresh;
        });
        e.time = Math.max(e.time, time);
        e.value = (float) value;
        if (s < earliestSecond) {
            earliestSecond = s;
            earliestTime = e.time;
        } else if (s == earliestSecond) {
            earliestTime = e.time;
        }
        newestSecond = Math.max(newestSecond, s);
        kept.headMap(newestSecond - keep, true).clear();
    }

    void closeMedian(double value) {
        if (newestSecond == Long.MIN_VALUE) return;
        kept.get(newestSecond).median = (float) value;
    }

    private long newestTime() { return kept.get(newestSecond).time; }

    boolean covers(int seconds) {
        return newestSecond != Long.MIN_VALUE && earliestTime <= newestTime() - seconds * 1000L;
    }

    double latest() { return newestSecond == Long.MIN_VALUE ? Double.NaN : kept.get(newestSecond).value; }

    long newestMillis() { return newestSecond == Long.MIN_VALUE ? Long.MIN_VALUE : newestTime(); }

    double minOver(int seconds) { return fold(seconds, 0); }
    double maxOver(int seconds) { return fold(seconds, 1); }
    double avgOver(int seconds) { return fold(seconds, 2); }
    double maxMedianOver(int seconds) { return fold(seconds, 3); }

    private double fold(int seconds, int op) {
        if (newestSecond == Long.MIN_VALUE) return Double.NaN;
        long cut = newestTime() - seconds * 1000L;
        long from = Long.MIN_VALUE;
        for (Entry e : kept.values()) if (e.time <= cut) from = Math.max(from, e.time);
        double acc = op == 0 ? Double.POSITIVE_INFINITY : op == 2 ? 0 : Double.NEGATIVE_INFINITY;
        int n = 0;
        boolean anyMedian = false;
        for (Map.Entry<Long, Entry> me : kept.entrySet()) {
            Entry e = me.getValue();
            if (e.time < from) continue;
            switch (op) {
                case 0 -> acc = Math.min(acc, e.value);
                case 1 -> acc = Math.max(acc, e.value);
                case 2 -> acc += e.value;
                default -> {
                    if (Double.isNaN(e.median)) continue;
                    anyMedian = true;
                    acc = Math.max(acc, e.median);
                }
            }
            n++;
        }
        if (n == 0 || (op == 3 && !anyMedian)) return Double.NaN;
        return op == 2 ? acc / n : acc;
    }
}
