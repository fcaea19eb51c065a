package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.RuleSet;
import io.baton.engine.rules.ShippedRules;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The engine leaves out the updates of pool metrics no pattern can see; the rules that can see one still get
 * every change, also after a swap brings in a rule over a metric no rule saw before.
 */
class VisibleMetricsTest {
    private final RuleCompiler compiler = new RuleCompiler();

    private static String rule(String name, String condition) {
        return """
                package rules.test;
                import io.baton.engine.model.*;
                rule "%s"
                when
                    $pool : Pool()
                    %s
                then
                    insert(Decision.scaleOut(kcontext, $pool.getName(), 1));
                end
                """.formatted(name, condition);
    }

    private RuleSet compile(Map<String, String> files) {
        var r = compiler.compile(files);
        assertThat(r.errors()).isEmpty();
        return r.ruleSet();
    }

    @Test
    void theShippedRulesSeeTheMetricsTheirSentencesName() {
        RuleSet shipped = compile(RuleCompiler.readDir(ShippedRules.DIR));
        try (RuleSession s = new RuleSession(shipped, true, EngineFixture.START)) {
            assertThat(s.sees("cpu")).isTrue();
            assertThat(s.sees("latency_p95")).isTrue();
            assertThat(s.sees("jobs_queued")).as("the decision table's rows").isTrue();
            assertThat(s.sees("rps")).isFalse();
            assertThat(s.sees("disk_percent")).isFalse();
        }
    }

    @Test
    void aPatternOverAnyMetricSeesThemAll() {
        RuleSet any = compile(Map.of("any.drl", rule("any metric above 5", "PoolMetric(pool == $pool.name, value > 5)")));
        try (RuleSession s = new RuleSession(any, true, EngineFixture.START)) {
            assertThat(s.sees("rps")).isTrue();
            assertThat(s.sees("anything")).isTrue();
        }
    }

    @Test
    void aSwapToARuleOverAMetricNoRuleSawActsOnItsReadingsOfBefore() {
        Map<String, String> files = new TreeMap<>(RuleCompiler.readDir(ShippedRules.DIR));
        RuleSet shipped = compile(files);
        files.put("rps.drl", rule("rps above 100 for 20 seconds adds 1 node",
                "PoolMetric(pool == $pool.name, metric == \"rps\", covers(20), minOver(20) > 100)"));
        RuleSet withRps = compile(files);
        try (EngineFixture f = new EngineFixture(shipped, GuardrailSettings.DEFAULTS, 2)) {
            f.run(30, "rps", 150);
            assertThat(f.fleet.decisions()).isEmpty();
            f.engine.swap(withRps);
            f.run(1, "rps", 150);
            assertThat(f.fleet.decisions()).as("31 s above 100, all of them while no rule saw rps").singleElement()
                    .satisfies(d -> assertThat(d.getKind()).isEqualTo(DecisionKind.SCALE_OUT));
        }
    }
}
