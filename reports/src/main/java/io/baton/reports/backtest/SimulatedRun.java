package io.baton.reports.backtest;

import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.model.Pool;
import io.baton.engine.model.Sample;
import io.baton.engine.rules.RuleSet;
import io.baton.engine.session.RuleEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule set over the recorded period: the real {@link RuleEngine} on the pseudo clock, guardrails
 * included, over a {@link BacktestFleet}. Each simulated second, nodes whose provisioning delay is over
 * become RUNNING, each RUNNING node reads cpu = min(100, L(t)/n(t)), the other recorded metrics of that
 * second go in as they were, and the engine evaluates. The second is then counted with the nodes RUNNING at its
 * end (a scale-in's nodes are gone, an immediate node is there), as billing counts it. Not thread-safe; one
 * thread drives it.
 */
final class SimulatedRun implements AutoCloseable {
    final String rulesName;
    private final RuleEngine engine;
    private final BacktestFleet fleet;
    private final List<Pool> pools = new ArrayList<>();
    private final PoolTally[] tallies;
    private final double slaCpu;
    private final List<Sample> batch = new ArrayList<>();
    private final Chart fleetChart;
    long fleetSeconds;
    long fleetNodeSeconds;
    int fleetPeak;

    SimulatedRun(String rulesName, RuleSet rules, BacktestConfig config, List<PoolSpec> specs, Map<String, List<String>> runningAtStart,
                 BacktestRequest req) {
        this.rulesName = rulesName;
        this.slaCpu = req.slaCpu();
        long from = req.from().toEpochMilli();
        long to = req.to().toEpochMilli();
        Map<String, PoolSpec> byName = new LinkedHashMap<>();
        for (PoolSpec s : specs) {
            byName.put(s.name(), s);
            pools.add(s.toPool());
        }
        tallies = new PoolTally[pools.size()];
        Map<String, PoolTally> tallyByPool = new LinkedHashMap<>();
        for (int i = 0; i < pools.size(); i++) {
            tallies[i] = new PoolTally(pools.get(i).getName(), from, to);
            tallyByPool.put(pools.get(i).getName(), tallies[i]);
        }
        fleetChart = new Chart(from, to);
        DecisionJournal journal = new DecisionJournal(config.engine().journalCapacity());
        journal.addListener(e -> {
            PoolTally t = tallyByPool.get(e.pool());
            if (t != null) t.decision(e);
        });
        RuleEngine[] holder = new RuleEngine[1];
        fleet = new BacktestFleet(pools, e -> holder[0].lifecycle(e), req.provisioningDelay().toMillis(), from);
        engine = new RuleEngine(config.engine().withPseudoClock(true), rules, pools, p -> fleet,
                name -> byName.get(name).guardrails(), config.quotas(), journal, from);
        holder[0] = engine;
        for (Pool p : pools) fleet.seed(p.getName(), runningAtStart.getOrDefault(p.getName(), List.of()), p.getMin());
    }

    /**
     * Simulated second {@code t}: {@code load[i]} is pool i's L(t), {@code replay} the other recorded readings of
     * the second, as samples.
     */
    void second(long t, double[] load, List<Sample> replay) {
        fleet.advance(t);
        batch.clear();
        for (int i = 0; i < tallies.length; i++) {
            String pool = pools.get(i).getName();
            var running = fleet.running(pool);
            if (running.isEmpty()) continue;
            double cpu = Math.min(100, load[i] / running.size());
            for (String node : running) batch.add(new Sample(pool, node, "cpu", cpu, t));
        }
        batch.addAll(replay);
        engine.ingest(batch);
        engine.evaluate(t);
        long total = 0;
        for (int i = 0; i < tallies.length; i++) {
            int n = fleet.running(pools.get(i).getName()).size();
            total += n;
            tallies[i].second(t, load[i], n, slaCpu);
        }
        fleetSeconds++;
        fleetNodeSeconds += total;
        if (total > fleetPeak) fleetPeak = (int) total;
        fleetChart.second(t, 0, (int) total);
    }

    PoolTally[] tallies() { return tallies; }

    long billedMillis(String pool, long end) { return fleet.billedMillis(pool, end); }

    Chart fleetChart() { return fleetChart; }

    @Override public void close() { engine.close(); }
}
