package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.model.Node;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.Pool;
import io.baton.engine.model.PoolMetric;
import io.baton.engine.model.Sample;
import io.baton.engine.rules.PolicyManager;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.RuleSet;
import io.baton.engine.rules.ShippedRules;
import io.baton.engine.scenario.SimulatedFleet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folding samples in on two lanes builds exactly what one thread builds: two engines over the shipped rules get the
 * same groups of samples, forged ones among them, one folding them in on the engine thread alone and one on two
 * lanes, and end with the same journal, facts, windows, drops and nodes. One pool's median is also checked against
 * the readings the test sent, so that the comparison is not between two empty engines.
 */
class IngestLanesTest {
    private static final long START = 1_767_225_600_000L;
    private static final String[] METRICS = {"cpu", "latency_p95", "rps"};
    @TempDir Path rules;

    /** One engine and the fleet its decisions act on. */
    private record Run(RuleEngine engine, SimulatedFleet fleet, List<Pool> pools) { }

    private Run run(RuleSet ruleSet) {
        List<Pool> pools = new ArrayList<>();
        for (int p = 0; p < 80; p++) pools.add(new Pool("p-" + p, "c-" + (p % 7), "svc", "img", 2, 20, 2));
        RuleEngine[] engine = new RuleEngine[1];
        SimulatedFleet fleet = new SimulatedFleet(e -> engine[0].lifecycle(e), () -> engine[0].now());
        engine[0] = new RuleEngine(EngineSettings.defaults().withPseudoClock(true), ruleSet, pools, p -> fleet,
                p -> GuardrailSettings.DEFAULTS, new DecisionJournal(10_000), START);
        for (Pool p : pools) fleet.seed(p, 5);
        engine[0].evaluate(START);
        return new Run(engine[0], fleet, pools);
    }

    /** The samples of second {@code sec}: every running node's metrics, in four batches, with forged lines among them. */
    private static List<List<Sample>> second(Run r, int sec) {
        long ts = START + sec * 1000L;
        List<Sample> all = new ArrayList<>();
        for (int p = 0; p < r.pools.size(); p++) {
            String pool = r.pools.get(p).getName();
            double cpu = p < 10 && sec >= 20 ? 95 : (p >= 70 ? 5 : 50);
            List<String> running = r.fleet.running(pool);
            for (int n = 0; n < running.size(); n++) {
                all.add(new Sample(pool, running.get(n), "cpu", cpu + (n * 7 + sec) % 5, ts));
                all.add(new Sample(pool, running.get(n), "latency_p95", 80 + (n + sec) % 9, ts));
                all.add(new Sample(pool, running.get(n), "rps", 100 + n + sec % 3, ts));
            }
        }
        all.add(new Sample("p-2", "p-1-1", "cpu", 0, ts));          // a node of another pool
        all.add(new Sample("nope", "nope-1", "cpu", 99, ts));        // an unknown pool
        all.add(new Sample("p-3", "ghost", "cpu", 99, ts));          // a node no actuator reported
        all.add(new Sample("p-5", "p-5-1", "cpu", Double.NaN, ts));  // not finite
        all.add(new Sample("p-6", "p-6-1", "cpu", 99, ts + 3_600_000)); // an hour ahead
        all.add(new Sample("p-4", null, "queue_depth", sec, ts));    // a pool-level reading
        List<List<Sample>> group = new ArrayList<>();
        int quarter = all.size() / 4 + 1;
        for (int i = 0; i < all.size(); i += quarter) group.add(new ArrayList<>(all.subList(i, Math.min(all.size(), i + quarter))));
        return group;
    }

    @Test
    void twoLanesBuildWhatOneThreadBuilds() throws Exception {
        ShippedRules.copyTo(rules);
        RuleSet ruleSet = new PolicyManager(rules, new RuleCompiler()).load();
        Run one = run(ruleSet);
        Run two = run(ruleSet);
        double[] lastCpu = null;
        try (IngestLanes lanes = new IngestLanes()) {
            for (int sec = 1; sec <= 200; sec++) {
                List<List<Sample>> a = second(one, sec), b = second(two, sec);
                assertThat(b.stream().mapToInt(List::size).sum()).as("a group the lanes take").isGreaterThanOrEqualTo(RuleEngine.LANES_FROM);
                one.engine.ingest(a, null);
                two.engine.ingest(b, lanes);
                if (sec == 60) { // a crash and a failing probe, between groups
                    for (Run r : List.of(one, two)) {
                        r.fleet.crash(r.pools.get(20), "p-20-1");
                        r.engine.health(new NodeHealth("p-30", "p-30-2", false, 0, START + sec * 1000L));
                    }
                }
                long now = START + sec * 1000L + 500;
                one.engine.evaluate(now);
                two.engine.evaluate(now);
                if (sec == 200) {
                    lastCpu = a.stream().flatMap(List::stream).filter(s -> "p-40".equals(s.getPool()) && "cpu".equals(s.getMetric()))
                            .mapToDouble(Sample::getValue).sorted().toArray();
                }
            }
        }
        assertThat(describe(two)).isEqualTo(describe(one));
        assertThat(two.engine.dropped()).isEqualTo(one.engine.dropped());
        assertThat(two.engine.factCount()).isEqualTo(one.engine.factCount());
        assertThat(two.engine.newestEventTime()).isEqualTo(one.engine.newestEventTime()).isEqualTo(START + 200_000);
        assertThat(two.engine.samplesIngested()).isEqualTo(one.engine.samplesIngested());
        assertThat(journal(two)).isEqualTo(journal(one));

        // what both built, against what the test sent and decided by itself
        assertThat(one.engine.dropped()).containsEntry(DropReason.UNKNOWN_POOL, 200L).containsEntry(DropReason.UNKNOWN_NODE, 400L)
                .containsEntry(DropReason.NON_FINITE, 200L).containsEntry(DropReason.FUTURE, 200L);
        assertThat(lastCpu).hasSize(5);
        double median = lastCpu[2];
        assertThat(two.engine.poolMetric("p-40", "cpu").getMedian()).isEqualTo(median);
        assertThat(two.engine.poolMetric("p-4", "queue_depth").getValue()).isEqualTo(200.0);
        assertThat(journal(two)).as("the hot pools scaled out, the crashed node was replaced")
                .anyMatch(e -> e.startsWith("p-0 scale_out")).anyMatch(e -> e.startsWith("p-20 replace_node"));
    }

    /** Every pool's metrics with their windows, and every node with its state and last sample. */
    private static String describe(Run r) {
        Map<String, String> out = new TreeMap<>();
        for (Pool p : r.pools) {
            PoolMetric[] ms = METRICS_AND_DERIVED.stream().map(m -> r.engine.poolMetric(p.getName(), m)).filter(m -> m != null).toArray(PoolMetric[]::new);
            out.put(p.getName(), p.getNodes() + " nodes " + Arrays.toString(ms));
        }
        for (Node n : r.engine.nodes()) out.put(n.getId(), n.getState() + " " + r.engine.lastSeen(n.getId()));
        return out.toString();
    }

    private static final List<String> METRICS_AND_DERIVED = List.of(METRICS[0], METRICS[1], METRICS[2], "rps_per_node", "queue_depth");

    private static List<String> journal(Run r) {
        List<String> out = new ArrayList<>();
        for (JournalEntry e : r.engine.journal().all()) {
            out.add(e.pool() + " " + e.action() + " " + e.rule() + " " + e.requested() + "/" + e.approved() + " " + e.outcome() + " x" + e.repeats()
                    + " " + e.reasons() + " " + e.matched());
        }
        return out;
    }
}
