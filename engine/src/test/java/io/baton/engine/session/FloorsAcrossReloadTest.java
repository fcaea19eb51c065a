package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.journal.Limit;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.rules.CompileResult;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.ShippedRules;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A floor lives as long as the rule that keeps it: a reload that drops the rule lets the pool scale in below it. */
class FloorsAcrossReloadTest {
    private static final String FLOOR = """
            package rules.floor;

            import io.baton.engine.model.*;

            expander baton.dsl

            rule "The web pool keeps at least 5 nodes"
            when
                there is a pool named web
            then
                keep at least 5 nodes
            end
            """;

    private final RuleCompiler compiler = new RuleCompiler();

    private CompileResult compile(boolean withFloor) {
        Map<String, String> files = new TreeMap<>(RuleCompiler.readDir(ShippedRules.DIR));
        if (withFloor) files.put("floor.dslr", FLOOR);
        CompileResult r = compiler.compile(files);
        assertThat(r.errors()).isEmpty();
        return r;
    }

    @Test
    void theFloorScalesOutHoldsBackAPlannedScaleInAndGoesWithItsRule() {
        GuardrailSettings noWaiting = new GuardrailSettings(Duration.ofSeconds(180), Duration.ZERO, 10, false, false);
        CompileResult with = compile(true);
        CompileResult without = compile(false);
        try (EngineFixture f = new EngineFixture(with.ruleSet(), noWaiting, 3)) {
            f.run(1, "cpu", 50);
            assertThat(f.fleet.running("web")).hasSize(5);
            assertThat(f.journal.all()).singleElement().satisfies(e -> {
                assertThat(e.action()).isEqualTo("scale_out");
                assertThat(e.approved()).isEqualTo(2);
                assertThat(e.rule()).isEqualTo("The web pool keeps at least 5 nodes");
            });

            var held = f.engine.submit(Decision.requested(DecisionKind.SCALE_IN, "web", 2, "ops"));
            assertThat(held.outcome()).isEqualTo(Outcome.SUPPRESSED);
            assertThat(held.limits()).contains(Limit.FLOOR);
            assertThat(held.reasons()).containsExactly("floor 5 nodes kept by \"The web pool keeps at least 5 nodes\"");

            f.engine.swap(without.ruleSet());
            f.run(1, "cpu", 50);
            var freed = f.engine.submit(Decision.requested(DecisionKind.SCALE_IN, "web", 2, "ops"));
            assertThat(freed.outcome()).isEqualTo(Outcome.EXECUTED);
            assertThat(f.fleet.running("web")).hasSize(3);
        } finally {
            compiler.release(with.ruleSet());
            compiler.release(without.ruleSet());
        }
    }
}
