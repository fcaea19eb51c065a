package io.baton.reports.output;

import io.baton.reports.usage.Hours;
import io.baton.reports.usage.LineItem;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The JSON report: the period, every line item, and totals per customer. Field order is fixed. */
public final class JsonReport {
    private JsonReport() { }

    static String render(long from, long to, List<LineItem> lines) {
        return Text.of(out -> write(out, from, to, lines));
    }

    /** The same text as {@link #render}, written as it goes (one line item at a time). */
    static void write(Appendable out, long from, long to, Iterable<LineItem> lines) throws IOException {
        out.append("{\n  \"period\": {\"from\": \"").append(Instant.ofEpochMilli(from).toString())
                .append("\", \"to\": \"").append(Instant.ofEpochMilli(to).toString()).append("\"},\n  \"line_items\": [");
        Map<String, long[]> totals = new TreeMap<>();
        boolean first = true;
        StringBuilder sb = new StringBuilder();
        for (LineItem l : lines) {
            sb.setLength(0);
            sb.append(first ? "\n" : ",\n").append("    {\"customer\": ").append(str(l.customer()))
                    .append(", \"service\": ").append(str(l.service())).append(", \"software\": ").append(str(l.software()))
                    .append(", \"day\": \"").append(ReportFiles.day(l.day())).append("\", \"node_hours\": ").append(l.nodeHours().toPlainString())
                    .append(", \"core_hours\": ").append(l.coreHours().toPlainString())
                    .append(", \"cpu_seconds\": ").append(String.format(Locale.ROOT, "%.3f", l.cpuSeconds()))
                    .append(", \"peak_nodes\": ").append(l.peakNodes()).append(", \"avg_nodes\": ").append(l.avgNodes().toPlainString())
                    .append(", \"scale_outs\": ").append(l.scaleOuts()).append(", \"scale_ins\": ").append(l.scaleIns())
                    .append(", \"replacements\": ").append(l.replacements()).append(", \"unit\": ").append(str(l.unit()))
                    .append(", \"rate\": ").append(l.rate().toPlainString()).append(", \"amount\": ").append(l.amount().toPlainString())
                    .append(", \"currency\": ").append(str(l.currency())).append(", \"tags\": ").append(tags(l.tags())).append('}');
            out.append(sb);
            first = false;
            long[] t = totals.computeIfAbsent(l.customer(), k -> new long[2]);
            t[0] += l.nodeMillis();
            t[1] += l.coreMillis();
        }
        sb.setLength(0);
        sb.append(first ? "],\n" : "\n  ],\n").append("  \"totals\": {");
        int i = 0;
        for (Map.Entry<String, long[]> t : totals.entrySet()) {
            sb.append(i++ == 0 ? "\n" : ",\n").append("    ").append(str(t.getKey())).append(": {\"node_hours\": ")
                    .append(Hours.of(t.getValue()[0]).toPlainString()).append(", \"core_hours\": ")
                    .append(Hours.of(t.getValue()[1]).toPlainString()).append('}');
        }
        out.append(sb.append(totals.isEmpty() ? "}\n}\n" : "\n  }\n}\n"));
    }

    private static String tags(Map<String, String> tags) {
        StringBuilder sb = new StringBuilder("{");
        tags.forEach((k, v) -> sb.append(sb.length() == 1 ? "" : ", ").append(str(k)).append(": ").append(str(v)));
        return sb.append('}').toString();
    }

    /** {@code s} as a JSON string literal, quoted and escaped; null as the empty string. */
    public static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
