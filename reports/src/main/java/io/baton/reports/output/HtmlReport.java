package io.baton.reports.output;

import io.baton.reports.usage.LineItem;
import io.baton.reports.usage.Segment;
import io.baton.reports.usage.UsageSummary;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One customer's page: its line items and an inline SVG chart of its node count over the period. */
final class HtmlReport {
    private HtmlReport() { }

    static String render(String customer, long from, long to, List<LineItem> lines, List<Segment> segments) {
        StringBuilder sb = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Usage of ")
                .append(esc(customer)).append("</title>\n<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}"
                        + "td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}</style>\n"
                        + "</head><body>\n<h1>Usage of ").append(esc(customer)).append("</h1>\n<p>")
                .append(Instant.ofEpochMilli(from)).append(" to ").append(Instant.ofEpochMilli(to)).append("</p>\n")
                .append(chart(segments, from, to))
                .append("<table>\n<tr><th>service / software</th><th>day</th><th>node-hours</th><th>core-hours</th><th>CPU-seconds</th>"
                        + "<th>peak nodes</th><th>avg nodes</th><th>amount</th></tr>\n");
        for (LineItem l : lines) {
            sb.append("<tr><td>").append(esc(l.service())).append(" / ").append(esc(l.software())).append("</td><td>")
                    .append(ReportFiles.day(l.day())).append("</td><td>").append(l.nodeHours().toPlainString()).append("</td><td>")
                    .append(l.coreHours().toPlainString()).append("</td><td>").append(String.format(Locale.ROOT, "%.3f", l.cpuSeconds()))
                    .append("</td><td>").append(l.peakNodes()).append("</td><td>").append(l.avgNodes().toPlainString()).append("</td><td>")
                    .append(l.amount().toPlainString()).append(' ').append(esc(l.currency())).append("</td></tr>\n");
        }
        return sb.append("</table>\n</body></html>\n").toString();
    }

    /** A step line of how many of the customer's nodes were billed at each moment. */
    static String chart(List<Segment> segments, long from, long to) {
        List<long[]> steps = new ArrayList<>();
        steps.add(new long[] {from, 0});
        steps.addAll(UsageSummary.steps(segments));
        int max = 1;
        for (long[] s : steps) max = Math.max(max, (int) s[1]);
        steps.add(new long[] {to, steps.get(steps.size() - 1)[1]});
        double w = 800;
        double h = 160;
        StringBuilder path = new StringBuilder();
        double lastY = h;
        for (int i = 0; i < steps.size(); i++) {
            double x = (steps.get(i)[0] - from) * w / Math.max(1, to - from);
            double y = h - steps.get(i)[1] * (h - 10) / max;
            path.append(i == 0 ? "M" : "L").append(fmt(x)).append(' ').append(fmt(lastY)).append(" L").append(fmt(x)).append(' ').append(fmt(y)).append(' ');
            lastY = y;
        }
        return "<svg width=\"800\" height=\"160\" viewBox=\"0 0 800 160\" role=\"img\" aria-label=\"node count over time (max "
                + max + ")\"><rect width=\"800\" height=\"160\" fill=\"#fafafa\"/><path d=\"" + path.toString().trim()
                + "\" fill=\"none\" stroke=\"#1c7ed6\" stroke-width=\"2\"/></svg>\n";
    }

    /**
     * {@code String.format(Locale.ROOT, "%.1f", v)}, five times faster (a chart has four of these per step): the
     * formatter rounds half up the same shortest decimal that {@link Double#toString} gives; only a negative value that
     * rounds to zero needs its sign back.
     */
    static String fmt(double v) {
        String s = new BigDecimal(Double.toString(v)).setScale(1, RoundingMode.HALF_UP).toPlainString();
        return s.equals("0.0") && (v < 0 || Double.doubleToRawLongBits(v) == Long.MIN_VALUE) ? "-0.0" : s;
    }

    private static String esc(String s) {
        return (s == null ? "" : s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
