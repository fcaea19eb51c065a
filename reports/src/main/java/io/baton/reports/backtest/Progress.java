package io.baton.reports.backtest;

/** Told after each stretch of simulated time, for a progress line; called on the thread that runs the backtest. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (simulated, from, to, pools, poolSeconds) -> { };

    /**
     * @param simulated epoch millis simulated up to
     * @param pools how many pools each run simulates
     * @param poolSeconds pool-seconds simulated so far, over every run
     */
    void at(long simulated, long from, long to, int pools, long poolSeconds);
}
