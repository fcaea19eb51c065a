package io.baton.reports.backtest;

import io.baton.engine.journal.JournalEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What one pool did in one run, second by second: nodes, SLA seconds, decisions and the chart. */
final class PoolTally {
    /** The most decisions kept per pool and run; further ones are counted only. */
    static final int MAX_DECISIONS = 100_000;
    final String pool;
    final Chart chart;
    long seconds;
    long nodeSeconds;
    int peak;
    long slaSeconds;
    long actions;
    long decisionsLeftOut;
    final List<BacktestResult.Decision> decisions = new ArrayList<>();

    PoolTally(String pool, long from, long to) {
        this.pool = pool;
        this.chart = new Chart(from, to);
    }

    /** Second {@code t}: the recorded load, the running nodes, and whether it breaks the SLA. */
    void second(long t, double load, int n, double slaCpu) {
        seconds++;
        nodeSeconds += n;
        if (n > peak) peak = n;
        double perNode = n > 0 ? load / n : load > 0 ? Double.POSITIVE_INFINITY : 0;
        if (perNode > slaCpu) slaSeconds++;
        chart.second(t, perNode, n);
    }

    void decision(JournalEntry e) {
        if (e.outcome().acted()) actions++;
        if (decisions.size() >= MAX_DECISIONS) {
            decisionsLeftOut++;
            return;
        }
        decisions.add(new BacktestResult.Decision(Instant.ofEpochMilli(e.time()), e.rule(), e.action(), e.node(),
                e.requested(), e.approved(), e.outcome().name()));
    }
}
