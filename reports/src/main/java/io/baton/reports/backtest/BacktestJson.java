package io.baton.reports.backtest;

import java.math.BigDecimal;
import java.util.List;

/**
 * The JSON of a backtest, a stable interface for scripts:
 * {@code {"from", "to", "currency", "runs": [{"rules", "pools": [{"pool", "node_hours", "cost", "sla_minutes", "peak_nodes",
 * "mean_nodes", "actions", "decisions": [{"time", "rule", "action", "amount", "outcome", "approved", "node"}]}], "total": {...}}],
 * "recorded": [{"pool", "node_hours", "actions"}]}}, and with two rule sets {@code "differences"} (the second minus the first,
 * per pool). Times are ISO-8601 UTC; {@code cost} is null for a pool with no price. Field order is fixed.
 */
public final class BacktestJson {
    private BacktestJson() { }

    public static String render(BacktestResult r) {
        StringBuilder sb = new StringBuilder("{\n  \"from\": \"").append(r.from()).append("\", \"to\": \"").append(r.to())
                .append("\", \"currency\": ").append(str(r.currency())).append(",\n  \"runs\": [");
        for (int i = 0; i < r.runs().size(); i++) {
            BacktestResult.Run run = r.runs().get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"rules\": ").append(str(run.rules())).append(", \"pools\": [");
            for (int j = 0; j < run.pools().size(); j++) {
                sb.append(j == 0 ? "\n" : ",\n").append("      ");
                outcome(sb, run.pools().get(j), true);
            }
            sb.append(run.pools().isEmpty() ? "]" : "\n    ]").append(",\n      \"total\": ");
            outcome(sb, run.total(), false);
            sb.append('}');
        }
        sb.append("\n  ],\n  \"recorded\": [");
        for (int i = 0; i < r.recorded().size(); i++) {
            BacktestResult.Recorded rec = r.recorded().get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"pool\": ").append(str(rec.pool())).append(", \"node_hours\": ")
                    .append(rec.nodeHours().toPlainString()).append(", \"actions\": ").append(rec.actions()).append('}');
        }
        sb.append(r.recorded().isEmpty() ? "]" : "\n  ]");
        if (r.runs().size() == 2) differences(sb, r.runs().get(0), r.runs().get(1));
        return sb.append("\n}\n").toString();
    }

    private static void outcome(StringBuilder sb, BacktestResult.PoolOutcome p, boolean decisions) {
        sb.append("{\"pool\": ").append(str(p.pool())).append(", \"node_hours\": ").append(p.nodeHours().toPlainString())
                .append(", \"cost\": ").append(num(p.cost())).append(", \"sla_minutes\": ").append(p.slaMinutes().toPlainString())
                .append(", \"peak_nodes\": ").append(p.peakNodes()).append(", \"mean_nodes\": ").append(p.meanNodes().toPlainString())
                .append(", \"actions\": ").append(p.actions());
        if (!decisions) {
            sb.append('}');
            return;
        }
        if (p.decisionsLeftOut() > 0) sb.append(", \"decisions_left_out\": ").append(p.decisionsLeftOut());
        sb.append(", \"decisions\": [");
        List<BacktestResult.Decision> ds = p.decisions();
        for (int i = 0; i < ds.size(); i++) {
            BacktestResult.Decision d = ds.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("        {\"time\": \"").append(d.time()).append("\", \"rule\": ").append(str(d.rule()))
                    .append(", \"action\": ").append(str(d.action())).append(", \"amount\": ").append(d.amount())
                    .append(", \"outcome\": ").append(str(d.outcome())).append(", \"approved\": ").append(d.approved())
                    .append(", \"node\": ").append(d.node() == null ? "null" : str(d.node())).append('}');
        }
        sb.append(ds.isEmpty() ? "]}" : "\n      ]}");
    }

    private static void differences(StringBuilder sb, BacktestResult.Run a, BacktestResult.Run b) {
        sb.append(",\n  \"differences\": [");
        for (int i = 0; i < a.pools().size(); i++) {
            sb.append(i == 0 ? "\n" : ",\n").append("    ");
            diff(sb, a.pools().get(i), b.pools().get(i));
        }
        sb.append(a.pools().isEmpty() ? "\n    " : ",\n    ");
        diff(sb, a.total(), b.total());
        sb.append("\n  ]");
    }

    private static void diff(StringBuilder sb, BacktestResult.PoolOutcome a, BacktestResult.PoolOutcome b) {
        sb.append("{\"pool\": ").append(str(a.pool())).append(", \"node_hours\": ").append(b.nodeHours().subtract(a.nodeHours()).toPlainString())
                .append(", \"cost\": ").append(a.cost() == null || b.cost() == null ? "null" : b.cost().subtract(a.cost()).toPlainString())
                .append(", \"sla_minutes\": ").append(b.slaMinutes().subtract(a.slaMinutes()).toPlainString())
                .append(", \"peak_nodes\": ").append(b.peakNodes() - a.peakNodes())
                .append(", \"mean_nodes\": ").append(b.meanNodes().subtract(a.meanNodes()).toPlainString())
                .append(", \"actions\": ").append(b.actions() - a.actions()).append('}');
    }

    private static String num(BigDecimal v) { return v == null ? "null" : v.toPlainString(); }

    static String str(String s) { return io.baton.reports.output.JsonReport.str(s); }
}
