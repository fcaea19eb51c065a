package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.rules.PolicyManager;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.RuleError;
import io.baton.engine.rules.RuleReload;
import io.baton.engine.rules.ShippedRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotReloadTest {
    @TempDir Path rules;

    @BeforeEach
    void copyShippedRules() throws IOException {
        ShippedRules.copyTo(rules);
    }

    private static final String LOOPING_RULE = """
            package rules.loop;
            import io.baton.engine.model.*;
            rule "A rule that keeps touching the clock"
            when
                $c : Clock()
            then
                update($c);
            end
            """;

    private PolicyManager manager(EngineFixture[] fx) {
        PolicyManager pm = new PolicyManager(rules, new RuleCompiler());
        pm.onSwap(next -> fx[0].engine.swap(next));
        return pm;
    }

    private EngineFixture fixture(PolicyManager pm, int nodes) {
        EngineFixture f = new EngineFixture(pm.load(), GuardrailSettings.DEFAULTS, nodes);
        f.engine.onRunaway(r -> pm.rolledBack(r.ruleSet(), r.restored(), r.getMessage()));
        f.engine.onRetired(pm::release);
        return f;
    }

    private static void deleteScenarios(Path rules) throws IOException {
        try (var files = Files.walk(rules.resolve("tests"))) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    @Test
    void aSwapThatBreaksAScenarioIsRefusedAndTheOldRulesKeepRunning() throws IOException {
        EngineFixture[] fx = new EngineFixture[1];
        PolicyManager pm = manager(fx);
        try (EngineFixture f = fixture(pm, 3)) {
            fx[0] = f;
            long version = pm.status().version();
            String lower = Files.readString(rules.resolve("scale-out.dslr")).replace("80", "60");
            List<RuleError> errors = pm.put("scale-out.dslr", lower);
            assertThat(errors).extracting(RuleError::file).contains("tests/cpu-high-2-minutes.yaml");
            assertThat(errors.toString()).contains("CPU above 60% for 2 minutes adds 2 nodes");
            assertThat(pm.status().version()).isEqualTo(version);
            assertThat(Files.readString(rules.resolve("scale-out.dslr"))).contains("above 80 percent");
            f.run(121, "cpu", 70);
            assertThat(f.fleet.decisions()).isEmpty();
        }
    }

    @Test
    void aLoopingRuleIsRefusedByTheScenariosBeforeItGoesLive() throws IOException {
        EngineFixture[] fx = new EngineFixture[1];
        PolicyManager pm = manager(fx);
        try (EngineFixture f = fixture(pm, 3)) {
            fx[0] = f;
            List<RuleError> errors = pm.put("loop.drl", LOOPING_RULE);
            assertThat(errors).isNotEmpty();
            assertThat(errors.get(0).message()).contains("rules kept firing").contains("A rule that keeps touching the clock");
            assertThat(Files.exists(rules.resolve("loop.drl"))).isFalse();
            f.run(121, "cpu", 90);
            assertThat(f.fleet.decisions()).extracting(d -> d.getRule()).containsExactly("CPU above 80% for 2 minutes adds 2 nodes");
        }
    }

    @Test
    void aLoopingRuleThatWentLiveIsRolledBackAndThePreviousRulesKeepFiring() throws Exception {
        deleteScenarios(rules); // no scenarios to stop it: the engine's fire limit must
        EngineFixture[] fx = new EngineFixture[1];
        PolicyManager pm = manager(fx);
        try (EngineFixture f = fixture(pm, 3)) {
            fx[0] = f;
            long version = pm.status().version();
            assertThat(pm.put("loop.drl", LOOPING_RULE)).isEmpty();
            f.run(1, "cpu", 90); // hits the fire limit: nothing acted on, the previous set comes back
            assertThat(f.engine.ruleSet().version()).isEqualTo(version);
            for (int i = 0; i < 500 && pm.status().lastErrors().isEmpty(); i++) Thread.sleep(10); // the manager's bookkeeping runs on its own thread
            assertThat(pm.status().version()).isEqualTo(version);
            assertThat(pm.status().lastErrors()).singleElement().asString()
                    .contains("rules kept firing").contains("A rule that keeps touching the clock");
            f.run(120, "cpu", 90);
            assertThat(f.fleet.decisions()).extracting(d -> d.getRule()).containsExactly("CPU above 80% for 2 minutes adds 2 nodes");
            assertThat(f.journal.all()).noneMatch(e -> e.rule().contains("touching the clock"));
            assertThat(rules.resolve("loop.drl")).as("the looping upload is undone on disk, so no restart brings it back").doesNotExist();
            assertThat(pm.reloadIfChanged()).isFalse();
        }
    }

    @Test
    void loopingSetsUploadedOneAfterAnotherRollBackToTheLastSetThatRanAndAGoodOneStillGoesLive() throws Exception {
        deleteScenarios(rules);
        EngineFixture[] fx = new EngineFixture[1];
        PolicyManager pm = manager(fx);
        try (EngineFixture f = fixture(pm, 3)) {
            fx[0] = f;
            f.run(1, "cpu", 50);
            long version = f.engine.ruleSet().version();
            assertThat(pm.put("loop.drl", LOOPING_RULE)).isEmpty();
            assertThat(pm.put("loop.drl", LOOPING_RULE.replace("touching the clock", "touching the clock again"))).isEmpty();
            f.run(1, "cpu", 50); // the second looping set is found out and the last set that ran comes back, not the first looping one
            assertThat(f.engine.ruleSet().version()).isEqualTo(version);
            f.run(1, "cpu", 50);
            assertThat(f.engine.ruleSet().version()).isEqualTo(version);
            for (int i = 0; i < 500 && pm.status().version() != version; i++) Thread.sleep(10);
            assertThat(pm.status().version()).isEqualTo(version);
            for (int i = 0; i < 500 && Files.exists(rules.resolve("loop.drl")); i++) Thread.sleep(10);
            assertThat(rules.resolve("loop.drl")).as("the looping upload is undone on disk").doesNotExist();

            String lower = Files.readString(rules.resolve("scale-out.dslr")).replace("80", "60");
            assertThat(pm.put("scale-out.dslr", lower)).isEmpty();
            f.run(121, "cpu", 70);
            assertThat(f.fleet.decisions()).extracting(d -> d.getRule()).containsExactly("CPU above 60% for 2 minutes adds 2 nodes");
        }
    }

    @Test
    void aRuleWhoseConsequenceThrowsIsRolledBackAndThePreviousRulesKeepFiring() throws Exception {
        deleteScenarios(rules);
        EngineFixture[] fx = new EngineFixture[1];
        PolicyManager pm = manager(fx);
        try (EngineFixture f = fixture(pm, 3)) {
            fx[0] = f;
            f.run(1, "cpu", 90);
            long version = f.engine.ruleSet().version();
            assertThat(pm.put("throws.drl", """
                    package rules.throwing;
                    import io.baton.engine.model.*;
                    rule "A rule that throws"
                    when
                        $p : PoolMetric(metric == "cpu")
                    then
                        throw new IllegalStateException("boom");
                    end
                    """)).isEmpty();
            f.run(1, "cpu", 90);
            assertThat(f.engine.ruleSet().version()).isEqualTo(version);
            for (int i = 0; i < 500 && pm.status().lastErrors().isEmpty(); i++) Thread.sleep(10);
            assertThat(pm.status().lastErrors()).singleElement().asString().contains("A rule that throws").contains("boom");
            f.run(120, "cpu", 90);
            assertThat(f.fleet.decisions()).extracting(d -> d.getRule()).containsExactly("CPU above 80% for 2 minutes adds 2 nodes");
            assertThat(rules.resolve("throws.drl")).doesNotExist();
        }
    }

    @Test
    void aGoodSwapChangesBehaviour() throws IOException {
        deleteScenarios(rules); // the shipped scenarios pin the 80% threshold this swap changes
        EngineFixture[] fx = new EngineFixture[1];
        PolicyManager pm = manager(fx);
        try (EngineFixture f = fixture(pm, 3)) {
            fx[0] = f;
            f.run(150, "cpu", 70);
            assertThat(f.fleet.decisions()).isEmpty();

            String lower = Files.readString(rules.resolve("scale-out.dslr")).replace("80", "60");
            assertThat(pm.put("scale-out.dslr", lower)).isEmpty();
            f.run(1, "cpu", 70);

            assertThat(f.fleet.decisions()).hasSize(1);
            assertThat(f.fleet.decisions().get(0).getRule()).isEqualTo("CPU above 60% for 2 minutes adds 2 nodes");
            assertThat(f.fleet.running("web")).hasSize(5);
            assertThat(pm.status().version()).isGreaterThan(0);
            assertThat(Files.readString(rules.resolve("scale-out.dslr"))).contains("above 60 percent");
        }
    }

    @Test
    void aBrokenFileIsRejectedWithFileAndLineAndTheOldRulesKeepRunning() throws IOException {
        EngineFixture[] fx = new EngineFixture[1];
        PolicyManager pm = manager(fx);
        try (EngineFixture f = new EngineFixture(pm.load(), GuardrailSettings.DEFAULTS, 3)) {
            fx[0] = f;
            long version = pm.status().version();
            Files.writeString(rules.resolve("broken.drl"), """
                    package rules.broken;

                    rule "missing its when"
                        Pool()
                    then
                    end
                    """);
            assertThat(pm.reloadIfChanged()).isFalse();

            List<RuleError> errors = pm.status().lastErrors();
            assertThat(errors).isNotEmpty();
            assertThat(errors.get(0).file()).isEqualTo("broken.drl");
            assertThat(errors.get(0).line()).isBetween(3, 5);
            assertThat(errors.get(0).toString()).startsWith("broken.drl:");
            assertThat(pm.status().version()).isEqualTo(version);

            f.run(121, "cpu", 90);
            assertThat(f.fleet.decisions()).extracting(d -> d.getRule()).containsExactly("CPU above 80% for 2 minutes adds 2 nodes");
        }
    }

    @Test
    void everyReloadAttemptIsToldToItsListenersWithItsOutcomeVersionAndErrors() throws IOException {
        EngineFixture[] fx = new EngineFixture[1];
        PolicyManager pm = manager(fx);
        try (EngineFixture f = new EngineFixture(pm.load(), GuardrailSettings.DEFAULTS, 1)) {
            fx[0] = f;
            long version = pm.status().version();
            List<RuleReload> told = new java.util.ArrayList<>();
            pm.addReloadListener(told::add);
            Files.writeString(rules.resolve("broken.drl"), "package rules.broken;\n\nrule \"missing its when\"\n    Pool()\nthen\nend\n");
            assertThat(pm.reloadIfChanged()).isFalse();
            Files.delete(rules.resolve("broken.drl"));
            Files.writeString(rules.resolve("extra.drl"), "package rules.extra;\nimport io.baton.engine.model.*;\n"
                    + "rule \"A pool with no nodes is noted\"\nwhen\n    Pool(nodes == -1)\nthen\nend\n");
            assertThat(pm.reloadIfChanged()).isTrue();
            assertThat(pm.reloadIfChanged()).as("nothing changed: nothing to tell").isFalse();

            assertThat(told).extracting(RuleReload::outcome).containsExactly(RuleReload.Outcome.REJECTED, RuleReload.Outcome.LOADED);
            assertThat(told.get(0).version()).as("the running version stays").isEqualTo(version);
            assertThat(told.get(0).errors()).isNotEmpty().allMatch(e -> e.file().equals("broken.drl"));
            assertThat(told.get(1).version()).isGreaterThan(version).isEqualTo(pm.status().version());
            assertThat(told.get(1).errors()).isEmpty();
            assertThat(told.get(1).time()).isGreaterThanOrEqualTo(told.get(0).time());
        }
    }

    @Test
    void aReloadRepeatsNoDecision() throws IOException {
        List<String> withoutReload;
        EngineFixture[] fx = new EngineFixture[1];
        PolicyManager plain = manager(fx);
        try (EngineFixture f = new EngineFixture(plain.load(), GuardrailSettings.DEFAULTS, 1)) {
            fx[0] = f;
            f.run(150, "cpu", 90);
            f.run(100, "cpu", 90);
            withoutReload = f.story();
        }
        PolicyManager reloading = manager(fx);
        try (EngineFixture f = new EngineFixture(reloading.load(), GuardrailSettings.DEFAULTS, 1)) {
            fx[0] = f;
            f.run(150, "cpu", 90);
            // the pool starts below its minimum (refilled at once) and scales out at 2:00; now reload every file
            Files.writeString(rules.resolve("heal.dslr"), Files.readString(rules.resolve("heal.dslr")) + "\n// reviewed\n");
            assertThat(reloading.reloadIfChanged()).isTrue();
            f.run(100, "cpu", 90);
            assertThat(f.story()).isEqualTo(withoutReload);
        }
        assertThat(withoutReload).anyMatch(l -> l.contains("refilled") && l.contains("EXECUTED"));
        assertThat(withoutReload).anyMatch(l -> l.startsWith("+121 scale_out web 2 EXECUTED"));
    }
}
