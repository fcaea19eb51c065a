package io.baton.reports.backtest;

import java.util.List;
import java.util.Locale;

/**
 * The HTML page of a backtest: the figures per rule set, what the fleet really did, and per pool an SVG chart of
 * L(t)/n(t) (cpu per node, solid) and n(t) (nodes, dashed) for each rule set, over the recorded n(t) (grey).
 */
final class BacktestHtml {
    private static final String[] COLOURS = {"#1f6fd1", "#d9731a"};
    private static final int W = 900, H = 220, PAD = 40;

    private BacktestHtml() { }

    static String render(BacktestResult r) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Backtest ")
                .append(r.from()).append(" to ").append(r.to()).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}.legend span{margin-right:1.5em}</style></head><body>\n")
                .append("<h1>Backtest ").append(r.from()).append(" to ").append(r.to()).append("</h1>\n");
        sb.append("<table><tr><th>rules</th><th>pool</th><th>node-hours</th><th>cost").append(r.currency().isEmpty() ? "" : " (" + esc(r.currency()) + ")")
                .append("</th><th>SLA minutes</th><th>peak nodes</th><th>mean nodes</th><th>actions</th></tr>\n");
        for (BacktestResult.Run run : r.runs()) {
            for (BacktestResult.PoolOutcome p : run.pools()) row(sb, run.rules(), p);
            row(sb, run.rules(), run.total());
        }
        sb.append("</table>\n<h2>Recorded</h2>\n<table><tr><th>pool</th><th>node-hours</th><th>actions</th></tr>\n");
        for (BacktestResult.Recorded rec : r.recorded()) {
            sb.append("<tr><td>").append(esc(rec.pool())).append("</td><td>").append(rec.nodeHours().toPlainString()).append("</td><td>")
                    .append(rec.actions()).append("</td></tr>\n");
        }
        sb.append("</table>\n<p class=\"legend\">");
        for (int i = 0; i < r.runs().size(); i++) {
            sb.append("<span style=\"color:").append(COLOURS[i % 2]).append("\">&#9632; ").append(esc(r.runs().get(i).rules()))
                    .append(": cpu per node (solid), nodes (dashed)</span>");
        }
        sb.append("<span style=\"color:#999\">&#9632; recorded nodes</span></p>\n");
        for (int i = 0; i < r.recorded().size(); i++) chart(sb, r, i);
        return sb.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder sb, String rules, BacktestResult.PoolOutcome p) {
        sb.append("<tr><td>").append(esc(rules)).append("</td><td>").append(p.pool().equals("*") ? "<b>total</b>" : esc(p.pool()))
                .append("</td><td>").append(p.nodeHours().toPlainString()).append("</td><td>").append(p.cost() == null ? "-" : p.cost().toPlainString())
                .append("</td><td>").append(p.slaMinutes().toPlainString()).append("</td><td>").append(p.peakNodes())
                .append("</td><td>").append(p.meanNodes().toPlainString()).append("</td><td>").append(p.actions()).append("</td></tr>\n");
    }

    private static void chart(StringBuilder sb, BacktestResult r, int i) {
        BacktestResult.Recorded rec = r.recorded().get(i);
        Chart recorded = rec.chart();
        int buckets = recorded.buckets();
        double maxNodes = 1;
        for (int b = 0; b < buckets; b++) maxNodes = Math.max(maxNodes, recorded.meanSpanNodes(b));
        for (BacktestResult.Run run : r.runs()) {
            Chart c = run.pools().get(i).chart();
            for (int b = 0; b < buckets; b++) maxNodes = Math.max(maxNodes, c.meanNodes(b));
        }
        double top = Math.ceil(maxNodes);
        sb.append("<h2>").append(esc(rec.pool())).append("</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W + 2 * PAD)
                .append("\" height=\"").append(H + 2 * PAD).append("\" role=\"img\" aria-label=\"").append(esc(rec.pool()))
                .append(": cpu per node and nodes\">\n<rect x=\"").append(PAD).append("\" y=\"").append(PAD).append("\" width=\"").append(W)
                .append("\" height=\"").append(H).append("\" fill=\"none\" stroke=\"#ccc\"/>\n");
        sb.append(text(PAD, PAD - 8, "cpu per node, 0 to 100% (higher is drawn at the top)")).append(text(PAD + W - 90, PAD - 8, "nodes, 0 to " + (int) top))
                .append(text(PAD, H + PAD + 16, r.from().toString())).append(text(W + PAD - 150, H + PAD + 16, r.to().toString()));
        polyline(sb, recorded, b -> recorded.meanSpanNodes(b) / top, "#999", "", buckets);
        for (int k = 0; k < r.runs().size(); k++) {
            Chart c = r.runs().get(k).pools().get(i).chart();
            polyline(sb, c, b -> Math.min(1.0, c.meanLoad(b) / 100.0), COLOURS[k % 2], "", buckets);
            polyline(sb, c, b -> c.meanNodes(b) / top, COLOURS[k % 2], " stroke-dasharray=\"5,3\"", buckets);
        }
        sb.append("</svg>\n");
    }

    private static void polyline(StringBuilder sb, Chart c, java.util.function.IntToDoubleFunction share, String colour, String extra, int buckets) {
        sb.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\"").append(extra).append(" points=\"");
        for (int b = 0; b < buckets; b++) {
            double x = PAD + (buckets == 1 ? 0 : W * (double) b / (buckets - 1));
            double y = PAD + H - H * Math.max(0, Math.min(1, share.applyAsDouble(b)));
            sb.append(fmt(x)).append(',').append(fmt(y)).append(' ');
        }
        sb.append("\"/>\n");
    }

    private static String text(int x, int y, String s) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"11\" fill=\"#555\">" + esc(s) + "</text>\n";
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.1f", v); }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
