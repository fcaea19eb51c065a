package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.rules.CompileResult;
import io.baton.engine.rules.RuleCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardrailsInEngineTest {

    private static CompileResult rules(String extraName, String extra) throws IOException {
        return new RuleCompiler().compile(Map.of("baton.dsl", Files.readString(Path.of("../rules/baton.dsl")), extraName, extra));
    }

    @Test
    void aScaleInThatWouldAtOnceScaleOutAgainIsDeferred() throws IOException {
        CompileResult r = rules("scale.dslr", """
                package rules.scale;
                import io.baton.engine.model.*;
                expander baton.dsl
                rule "CPU above 80% for 2 minutes adds 1 node"
                when
                    there is a pool
                    CPU of the pool is above 80 percent for 2 minutes
                then
                    add 1 nodes
                end
                rule "CPU below 50% for 2 minutes removes 1 node"
                when
                    there is a pool above its minimum
                    CPU of the pool is below 50 percent for 2 minutes
                then
                    remove 1 node
                end
                """);
        assertThat(r.errors()).isEmpty();
        GuardrailSettings g = new GuardrailSettings(Duration.ZERO, Duration.ZERO, 10, false, true);
        try (EngineFixture f = new EngineFixture(r.ruleSet(), g, 1, 2)) {
            f.run(130, "cpu", 45); // two nodes at 45%: one node would run at 90%
            assertThat(f.fleet.decisions()).isEmpty();
            JournalEntry last = f.journal.recent("web", 1).get(0);
            assertThat(last.outcome()).isEqualTo(Outcome.DEFERRED);
            assertThat(last.rule()).isEqualTo("CPU below 50% for 2 minutes removes 1 node");
            assertThat(last.reasons()).singleElement().asString()
                    .contains("flap").contains("CPU above 80% for 2 minutes adds 1 node");
            assertThat(last.repeats()).isGreaterThan(1);
        }
        try (EngineFixture f = new EngineFixture(r.ruleSet(), g, 1, 3)) {
            f.run(130, "cpu", 30); // three nodes at 30%: two would run at 45%, which is fine
            assertThat(f.fleet.decisions()).extracting(Decision::getKind).contains(DecisionKind.SCALE_IN);
        }
    }

    @Test
    void aPlannedRequestGoesThroughTheSameGuardrailsAndNamesTheRequester() throws IOException {
        CompileResult r = new RuleCompiler().compile(Path.of("../rules"));
        try (EngineFixture f = new EngineFixture(r.ruleSet(), GuardrailSettings.DEFAULTS, 3)) {
            f.run(1, "cpu", 50);
            JournalEntry six = f.engine.submit(Decision.requested(DecisionKind.SCALE_OUT, "web", 6, "alice"));
            assertThat(six.outcome()).isEqualTo(Outcome.EXECUTED);
            assertThat(six.requester()).isEqualTo("alice");
            assertThat(f.fleet.running("web")).hasSize(9);

            JournalEntry tooMany = f.engine.submit(Decision.requested(DecisionKind.SET_CAPACITY, "web", 40, "alice"));
            assertThat(tooMany.outcome()).isEqualTo(Outcome.CLAMPED);
            assertThat(tooMany.approved()).isEqualTo(1);
            assertThat(tooMany.reasons()).contains("max 10 nodes");
            assertThat(f.fleet.running("web")).hasSize(10);

            JournalEntry below = f.engine.submit(Decision.requested(DecisionKind.SET_CAPACITY, "web", 0, "alice"));
            assertThat(below.outcome()).isEqualTo(Outcome.CLAMPED);
            assertThat(below.approved()).isEqualTo(8);
            assertThat(below.reasons()).containsExactly("min 2 nodes");
        }
    }

    @Test
    void dryRunRecordsButDoesNotAct() throws IOException {
        CompileResult r = new RuleCompiler().compile(Path.of("../rules"));
        try (EngineFixture f = new EngineFixture(r.ruleSet(), GuardrailSettings.DEFAULTS.withDryRun(true), 3)) {
            f.run(125, "cpu", 95);
            assertThat(f.fleet.decisions()).isEmpty();
            JournalEntry e = f.journal.recent("web", 1).get(0);
            assertThat(e.outcome()).isEqualTo(Outcome.DRY_RUN);
            assertThat(e.approved()).isEqualTo(2);
            assertThat(e.matched()).anyMatch(m -> m.startsWith("PoolMetric(web cpu=95.00"));
            assertThat(e.time() - EngineFixture.START).isEqualTo(121_000);
        }
    }
}
