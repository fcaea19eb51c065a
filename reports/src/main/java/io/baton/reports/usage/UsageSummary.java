package io.baton.reports.usage;

import io.baton.reports.ReportProperties;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns billable segments, CPU-seconds and action counts into line items, one per customer, service,
 * software and day, in a fixed order, so that the same inputs always give the same bytes.
 */
public final class UsageSummary {
    private UsageSummary() { }

    /**
     * @param cpu CPU-seconds keyed by (pool, day start)
     * @param actions carried-out actions keyed by (pool, action, day start)
     */
    public static List<LineItem> lines(List<Segment> segments, Map<List<String>, Double> cpu, Map<List<String>, Long> actions,
                                       long from, long to, ReportProperties props) {
        Map<List<String>, List<Segment>> groups = new TreeMap<>(UsageSummary::compareKeys);
        Map<String, List<String>> poolOwner = new HashMap<>();
        for (Segment s : segments) {
            groups.computeIfAbsent(key(s.customer(), s.service(), s.software(), s.day()), k -> new ArrayList<>()).add(s);
            poolOwner.putIfAbsent(s.pool(), List.of(s.customer(), s.service(), s.software()));
        }
        Map<List<String>, Double> cpuByGroup = new HashMap<>();
        for (Map.Entry<List<String>, Double> c : cpu.entrySet()) {
            List<String> owner = poolOwner.get(c.getKey().get(0));
            if (owner == null) continue; // a pool with no billed node in the period (or another customer's)
            List<String> k = key(owner.get(0), owner.get(1), owner.get(2), Long.parseLong(c.getKey().get(1)));
            cpuByGroup.merge(k, c.getValue(), Double::sum);
            groups.computeIfAbsent(k, x -> new ArrayList<>());
        }
        Map<List<String>, long[]> acts = new HashMap<>();
        for (Map.Entry<List<String>, Long> a : actions.entrySet()) {
            List<String> owner = poolOwner.get(a.getKey().get(0));
            if (owner == null) continue; // a pool with no billed node in the period
            List<String> k = key(owner.get(0), owner.get(1), owner.get(2), Long.parseLong(a.getKey().get(2)));
            long[] c = acts.computeIfAbsent(k, x -> new long[3]);
            switch (a.getKey().get(1)) {
                case "scale_out" -> c[0] += a.getValue();
                case "scale_in" -> c[1] += a.getValue();
                case "replace_node" -> c[2] += a.getValue();
                default -> { }
            }
            groups.computeIfAbsent(k, x -> new ArrayList<>());
        }
        List<LineItem> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<Segment>> g : groups.entrySet()) {
            List<String> k = g.getKey();
            long day = Long.parseLong(k.get(3));
            long nodeMs = 0;
            long coreMs = 0;
            for (Segment s : g.getValue()) {
                nodeMs += s.millis();
                coreMs += s.millis() * s.cores();
            }
            long span = Math.min(to, day + BillableTime.DAY) - Math.max(from, day);
            BigDecimal avg = span <= 0 ? BigDecimal.ZERO : BigDecimal.valueOf(nodeMs).divide(BigDecimal.valueOf(span), 6, RoundingMode.HALF_EVEN);
            long[] c = acts.getOrDefault(k, new long[3]);
            ReportProperties.Price price = props.prices().get(k.get(0));
            String unit = price != null && price.perCoreHour() != null ? "core-hours" : "node-hours";
            BigDecimal rate = price == null ? BigDecimal.ZERO : price.perCoreHour() != null ? price.perCoreHour()
                    : price.perNodeHour() == null ? BigDecimal.ZERO : price.perNodeHour();
            BigDecimal usage = unit.equals("core-hours") ? Hours.of(coreMs) : Hours.of(nodeMs);
            out.add(new LineItem(k.get(0), k.get(1), k.get(2), day, from, to, nodeMs, coreMs,
                    cpuByGroup.getOrDefault(k, 0.0), peak(g.getValue()), avg, c[0], c[1], c[2], unit, rate,
                    usage.multiply(rate).setScale(6, RoundingMode.HALF_EVEN), price == null ? "" : price.currency(),
                    new TreeMap<>(props.tags().getOrDefault(k.get(0), Map.of()))));
        }
        return out;
    }

    /** The most segments open at the same instant (ends are exclusive). */
    static int peak(List<Segment> segments) {
        int peak = 0;
        for (long[] step : steps(segments)) peak = Math.max(peak, (int) step[1]);
        return peak;
    }

    /**
     * How many segments are open from each start or end on: {@code {time, count}} pairs in time order,
     * an end before a start at the same instant (ends are exclusive).
     */
    public static List<long[]> steps(List<Segment> segments) {
        List<long[]> edges = new ArrayList<>();
        for (Segment s : segments) {
            edges.add(new long[] {s.start(), 1});
            edges.add(new long[] {s.end(), -1});
        }
        edges.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        List<long[]> out = new ArrayList<>(edges.size());
        int open = 0;
        for (long[] e : edges) {
            open += (int) e[1];
            out.add(new long[] {e[0], open});
        }
        return out;
    }

    static List<String> key(String customer, String service, String software, long day) {
        return List.of(customer, service, software, Long.toString(day));
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < 3; i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) return c;
        }
        return Long.compare(Long.parseLong(a.get(3)), Long.parseLong(b.get(3)));
    }
}
