package io.baton.engine.scenario;

import io.baton.engine.rules.RuleError;
import io.baton.engine.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios of a rules directory ({@code DIR/tests/*.yaml}) as a gate: a rule set goes live, or
 * validates, only when every one of them passes. A directory without scenarios passes.
 */
public final class ScenarioGate {
    private final ScenarioRunner runner;

    public ScenarioGate(ScenarioRunner runner) {
        this.runner = runner;
    }

    /** Runs the scenarios under {@code rulesDir/tests} against {@code set}; one error per failed scenario. */
    public List<RuleError> check(Path rulesDir, RuleSet set) {
        Path tests = rulesDir.resolve("tests");
        if (!Files.isDirectory(tests)) return List.of();
        List<RuleError> errors = new ArrayList<>();
        for (Path f : ScenarioLoader.find(tests)) {
            String name = "tests/" + f.getFileName();
            try {
                ScenarioResult r = runner.run(ScenarioLoader.load(f), set);
                if (!r.passed()) errors.add(new RuleError(name, 0, "scenario \"" + r.name() + "\" failed: " + String.join("; ", r.failures())));
            } catch (RuntimeException e) {
                errors.add(new RuleError(name, 0, "scenario failed: " + e.getMessage()));
            }
        }
        return errors;
    }
}
