package io.baton.engine.session;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what the engine dropped, by reason, and logs each reason at most once every 10 s (wall clock),
 * with the count so far and an example, so a flood of forged lines cannot flood the log. Counts are
 * readable from any thread.
 */
final class Drops {
    private static final Logger log = LoggerFactory.getLogger(Drops.class);
    private static final long LOG_EVERY_MS = 10_000;
    private final AtomicLongArray counts = new AtomicLongArray(DropReason.values().length);
    private final long[] lastLog = new long[DropReason.values().length];

    /** Counts one drop of {@code what} for {@code reason}. */
    void drop(DropReason reason, Object what) {
        long n = counts.incrementAndGet(reason.ordinal());
        long wall = System.currentTimeMillis();
        if (wall - lastLog[reason.ordinal()] >= LOG_EVERY_MS) {
            lastLog[reason.ordinal()] = wall;
            log.warn("engine dropped {} sample(s) so far for reason {}, e.g. {}", n, reason.label(), what);
        }
    }

    long count(DropReason reason) { return counts.get(reason.ordinal()); }

    Map<DropReason, Long> all() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) out.put(r, counts.get(r.ordinal()));
        return out;
    }
}
