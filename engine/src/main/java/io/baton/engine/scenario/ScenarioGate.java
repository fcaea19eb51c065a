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

    /** Runs the scenarios under {@code rulesDir/tests} against {@code set}, built from the files in {@code rulesDir}. */
    public List<RuleError> check(Path rulesDir, RuleSet set) {
        return check(rulesDir, set, Files.isDirectory(rulesDir) ? io.baton.engine.rules.RuleCompiler.readDir(rulesDir) : java.util.Map.of());
    }

    /**
     * Runs the scenarios under {@code rulesDir/tests} against {@code set}, built from {@code files}; one
     * error per failed scenario. A scenario with its own rule directory runs against that one, with the
     * sentences of {@code files} when it has none (see {@link ScenarioRules}).
     */
    public List<RuleError> check(Path rulesDir, RuleSet set, java.util.Map<String, String> files) {
        Path tests = rulesDir.resolve("tests");
        if (!Files.isDirectory(tests)) return List.of();
        List<RuleError> errors = new ArrayList<>();
        try (ScenarioRules rules = new ScenarioRules(set, files)) {
            for (Path f : ScenarioLoader.find(tests)) {
                RuleError e = check("tests/" + tests.relativize(f).toString().replace('\\', '/'), f, rules);
                if (e != null) errors.add(e);
            }
        }
        return errors;
    }

    /** The error of one scenario file, or null when it passes. */
    private RuleError check(String name, Path f, ScenarioRules rules) {
        try {
            Scenario sc = ScenarioLoader.load(f);
            ScenarioResult r = runner.run(sc, rules.forScenario(sc));
            return r.passed() ? null : new RuleError(name, 0, "scenario \"" + r.name() + "\" failed: " + String.join("; ", r.failures()));
        } catch (RuntimeException e) {
            return new RuleError(name, 0, "scenario failed: " + e.getMessage());
        }
    }
}
