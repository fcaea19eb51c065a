package io.baton.reports.backtest;

import java.math.BigDecimal;
import java.util.Locale;

/** The backtest for a terminal: one line per pool and run, the recorded fleet, the differences of two runs, and the actions taken. */
public final class BacktestText {
    /** The most actions listed per run; the JSON has them all. */
    static final int ACTIONS_LISTED = 20;

    private BacktestText() { }

    public static String render(BacktestResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("backtest ").append(r.from()).append(" to ").append(r.to()).append('\n');
        String head = String.format(Locale.ROOT, "%-24s %-16s %12s %12s %9s %5s %7s %7s%n", "rules", "pool", "node-hours",
                "cost" + (r.currency().isEmpty() ? "" : " " + r.currency()), "SLA min", "peak", "mean", "actions");
        sb.append('\n').append(head);
        for (BacktestResult.Run run : r.runs()) {
            for (BacktestResult.PoolOutcome p : run.pools()) line(sb, run.rules(), p);
            line(sb, run.rules(), run.total());
        }
        for (BacktestResult.Recorded rec : r.recorded()) {
            sb.append(String.format(Locale.ROOT, "%-24s %-16s %12s %12s %9s %5s %7s %7d%n", "(recorded)", rec.pool(), rec.nodeHours().toPlainString(),
                    "", "", "", "", rec.actions()));
        }
        if (r.runs().size() == 2) {
            BacktestResult.Run a = r.runs().get(0), b = r.runs().get(1);
            sb.append("\ndifferences (").append(b.rules()).append(" minus ").append(a.rules()).append(")\n");
            for (int i = 0; i < a.pools().size(); i++) diff(sb, a.pools().get(i), b.pools().get(i));
            diff(sb, a.total(), b.total());
        }
        for (BacktestResult.Run run : r.runs()) {
            sb.append("\nactions of ").append(run.rules()).append(":\n");
            int listed = 0;
            long all = 0;
            for (BacktestResult.PoolOutcome p : run.pools()) {
                for (BacktestResult.Decision d : p.decisions()) {
                    if (!d.outcome().equals("EXECUTED") && !d.outcome().equals("CLAMPED")) continue;
                    all++;
                    if (listed++ >= ACTIONS_LISTED) continue;
                    sb.append("  ").append(d.time()).append(' ').append(p.pool()).append(' ').append(d.action())
                            .append(d.node() != null ? " " + d.node() : " " + d.approved()).append(' ').append(d.outcome())
                            .append(" by \"").append(d.rule()).append("\"\n");
                }
            }
            if (all == 0) sb.append("  none\n");
            else if (all > ACTIONS_LISTED) sb.append("  ... and ").append(all - ACTIONS_LISTED).append(" more in the JSON\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String rules, BacktestResult.PoolOutcome p) {
        sb.append(String.format(Locale.ROOT, "%-24s %-16s %12s %12s %9s %5d %7s %7d%n", clip(rules), p.pool().equals("*") ? "(total)" : p.pool(),
                p.nodeHours().toPlainString(), money(p.cost()), p.slaMinutes().setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString(),
                p.peakNodes(), p.meanNodes().toPlainString(), p.actions()));
    }

    private static void diff(StringBuilder sb, BacktestResult.PoolOutcome a, BacktestResult.PoolOutcome b) {
        sb.append(String.format(Locale.ROOT, "  %-16s node-hours %s, cost %s, SLA minutes %s, peak %+d, actions %+d%n",
                a.pool().equals("*") ? "(total)" : a.pool(), signed(b.nodeHours().subtract(a.nodeHours())),
                a.cost() == null || b.cost() == null ? "-" : signed(b.cost().subtract(a.cost()).setScale(2, java.math.RoundingMode.HALF_EVEN)),
                signed(b.slaMinutes().subtract(a.slaMinutes()).setScale(2, java.math.RoundingMode.HALF_EVEN)),
                b.peakNodes() - a.peakNodes(), b.actions() - a.actions()));
    }

    private static String signed(BigDecimal v) { return (v.signum() >= 0 ? "+" : "") + v.toPlainString(); }

    private static String money(BigDecimal v) { return v == null ? "-" : v.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString(); }

    private static String clip(String s) { return s.length() <= 24 ? s : "..." + s.substring(s.length() - 21); }

}
