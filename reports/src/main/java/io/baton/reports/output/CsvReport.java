package io.baton.reports.output;

import io.baton.reports.usage.LineItem;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CSV billing reads: one line item per customer, service, software and day, with columns after
 * AWS's Cost and Usage Report (period bounds, usage type, amount, unit, rate, cost) and the customer's
 * tags. Hours carry 6 decimals.
 */
final class CsvReport {
    static final String HEADER = "period_start,period_end,customer,service,software,day,usage_type,node_hours,core_hours,"
            + "cpu_seconds,peak_nodes,avg_nodes,scale_outs,scale_ins,replacements,unit,usage_amount,rate,amount,currency,tags";

    private CsvReport() { }

    static String render(List<LineItem> lines) {
        return Text.of(out -> write(out, lines));
    }

    /** The same text as {@link #render}, written as it goes. */
    static void write(Appendable out, Iterable<LineItem> lines) throws IOException {
        out.append(HEADER).append('\n');
        for (LineItem l : lines) {
            String usageAmount = (l.unit().equals("core-hours") ? l.coreHours() : l.nodeHours()).toPlainString();
            out.append(String.join(",",
                    Instant.ofEpochMilli(l.periodStart()).toString(), Instant.ofEpochMilli(l.periodEnd()).toString(),
                    cell(l.customer()), cell(l.service()), cell(l.software()), ReportFiles.day(l.day()),
                    cell("node-usage:" + l.software()), l.nodeHours().toPlainString(), l.coreHours().toPlainString(),
                    String.format(Locale.ROOT, "%.3f", l.cpuSeconds()), Integer.toString(l.peakNodes()), l.avgNodes().toPlainString(),
                    Long.toString(l.scaleOuts()), Long.toString(l.scaleIns()), Long.toString(l.replacements()), l.unit(), usageAmount,
                    l.rate().toPlainString(), l.amount().toPlainString(), cell(l.currency()), cell(tags(l.tags()))))
                    .append('\n');
        }
    }

    private static String tags(Map<String, String> tags) {
        StringBuilder sb = new StringBuilder();
        tags.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return sb.toString();
    }

    /**
     * A text cell: a leading {@code '} when it starts with {@code = + - @}, tab or CR, so that a spreadsheet never
     * runs it as a formula (OWASP CSV injection), then RFC 4180 quoting where needed.
     */
    static String cell(String v) {
        if (v == null || v.isEmpty()) return "";
        if ("=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) return "\"" + v.replace("\"", "\"\"") + "\"";
        return v;
    }
}
