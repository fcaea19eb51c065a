package io.baton.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules and thresholds the console reads off policy files, from sentences and from plain DRL. */
class PoolRulesTest {

    @Test
    void sentencesGiveTheirMetricOperatorAndValue() {
        List<PoolRules.RuleInfo> rules = PoolRules.parse(Map.of("load.dslr", """
                expander baton.dsl
                rule "CPU above 80% for 2 minutes adds 2 nodes"
                when
                    there is a pool
                    CPU of the pool is above 80 percent for 2 minutes
                then
                    add 2 nodes
                end

                rule "A long queue adds a node"
                when
                    there is a pool
                    queue_depth of the pool is above 12.5 for 3 minutes
                then
                    add 1 nodes
                end
                """, "baton.dsl", "[when][]there is a pool=$pool : Pool()"));
        assertThat(rules).containsExactly(
                new PoolRules.RuleInfo("CPU above 80% for 2 minutes adds 2 nodes", "load.dslr", "", "", List.of(new PoolRules.Threshold("cpu", ">", 80))),
                new PoolRules.RuleInfo("A long queue adds a node", "load.dslr", "", "", List.of(new PoolRules.Threshold("queue_depth", ">", 12.5))));
    }

    @Test
    void drlGivesItsPoolAndEachTestOfAMetric() {
        List<PoolRules.RuleInfo> rules = PoolRules.parse(Map.of("probe.drl", """
                package rules.probe;
                rule "A quiet probe pool loses a node"
                when
                    $pool : Pool(name == "probe")
                    PoolMetric(pool == $pool.name, metric == "queue_depth", covers(60), maxOver(60) < 2)
                then
                    insert(Decision.scaleIn(kcontext, $pool.getName(), 1));
                end
                """));
        assertThat(rules).containsExactly(new PoolRules.RuleInfo("A quiet probe pool loses a node", "probe.drl", "probe", "",
                List.of(new PoolRules.Threshold("queue_depth", "<", 2))));
    }

    @Test
    void aRuleWithoutMetricsHasNoThresholds() {
        assertThat(PoolRules.parse(Map.of("heal.dslr", """
                rule "A crashed node is replaced"
                when
                    there is a crashed node
                then
                    replace the node
                end
                """))).singleElement().satisfies(r -> assertThat(r.thresholds()).isEmpty());
    }

    @Test
    void theSecondLanguagesSentencesGiveTheirPoolCustomerThresholdsAndTargets() {
        List<PoolRules.RuleInfo> rules = PoolRules.parse(Map.of("v2.dslr", """
                rule "The api pool's p95 latency above 300 ms for 30 seconds adds 1 node"
                when
                    there is a pool named api
                    latency_p95 of the pool is above 300 for 30 seconds
                then
                    add 1 node
                end

                rule "Globex pools with a high average CPU grow"
                when
                    there is a pool of customer globex
                    average cpu of the pool over 5 minutes is above 70
                    memory of the pool is below 90 percent for 2 minutes
                    request rate of the pool is above 250 per node for 3 minutes
                then
                    add 50 percent more nodes
                end

                rule "Shop pools stay near 60% CPU"
                when
                    there is a pool of customer acme
                then
                    keep CPU of the pool near 60 percent
                end
                """));
        assertThat(rules).containsExactly(
                new PoolRules.RuleInfo("The api pool's p95 latency above 300 ms for 30 seconds adds 1 node", "v2.dslr", "api", "",
                        List.of(new PoolRules.Threshold("latency_p95", ">", 300))),
                new PoolRules.RuleInfo("Globex pools with a high average CPU grow", "v2.dslr", "", "globex", List.of(
                        new PoolRules.Threshold("cpu", ">", 70), new PoolRules.Threshold("mem_percent", "<", 90),
                        new PoolRules.Threshold("rps_per_node", ">", 250))),
                new PoolRules.RuleInfo("Shop pools stay near 60% CPU", "v2.dslr", "", "acme", List.of(new PoolRules.Threshold("cpu", "~", 60))));
    }
}
