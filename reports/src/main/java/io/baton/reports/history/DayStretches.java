package io.baton.reports.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A period cut at UTC midnights into at most n stretches of whole days (the first and last may be partial days). */
final class DayStretches {
    private static final long DAY = 86_400_000L;

    private DayStretches() { }

    /** The cuts, {@code from} first and {@code to} last: stretch i is [cuts[i], cuts[i + 1]). */
    static List<Instant> cuts(Instant from, Instant to, int n) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        List<Instant> out = new ArrayList<>(List.of(from));
        long firstDay = Math.floorDiv(f, DAY);
        long days = Math.floorDiv(t - 1, DAY) - firstDay + 1; // UTC days the period touches
        long per = Math.max(1, (days + n - 1) / n);
        for (long d = firstDay + per; d * DAY < t; d += per) out.add(Instant.ofEpochMilli(d * DAY));
        out.add(to);
        return out;
    }
}
