package io.baton.engine.cli;

import io.baton.engine.rules.CompileResult;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.RuleError;
import io.baton.engine.scenario.Scenario;
import io.baton.engine.scenario.ScenarioGate;
import io.baton.engine.scenario.ScenarioLoader;
import io.baton.engine.scenario.ScenarioResult;
import io.baton.engine.scenario.ScenarioRules;
import io.baton.engine.scenario.ScenarioRunner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code baton rules validate DIR} and {@code baton rules test DIR [SCENARIOS]}: the rule tooling for
 * ops teams, runnable without the service. Exit status 0 means every file compiled (and every
 * scenario passed); errors print as {@code FILE:LINE: message}.
 */
public final class RulesCommand {
    private final PrintStream out;
    private final PrintStream err;

    public RulesCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new RulesCommand(System.out, System.err).run(args));
    }

    /** Runs {@code validate DIR} or {@code test DIR [SCENARIOS]}; returns the exit status. */
    public int run(String[] args) {
        if (args.length < 2 || !(args[0].equals("validate") || args[0].equals("test"))) {
            err.println("usage: baton rules validate DIR | baton rules test DIR [SCENARIO_DIR_OR_FILE]");
            return 2;
        }
        Path dir = Path.of(args[1]);
        if (!Files.isDirectory(dir)) {
            err.println(dir + ": not a directory");
            return 2;
        }
        CompileResult compiled;
        try {
            compiled = new RuleCompiler().compile(dir);
        } catch (RuntimeException e) {
            err.println(dir + ": " + e.getMessage());
            return 1;
        }
        for (RuleError e : compiled.errors()) out.println(e);
        if (!compiled.ok()) return 1;
        if (args[0].equals("validate")) {
            List<RuleError> failed = new ScenarioGate(new ScenarioRunner()).check(dir, compiled.ruleSet());
            for (RuleError e : failed) out.println(e);
            if (!failed.isEmpty()) return 1;
            out.println("ok: " + compiled.ruleSet().files().size() + " files compile together (" + String.join(", ", compiled.ruleSet().files()) + ")"
                    + (Files.isDirectory(dir.resolve("tests")) ? " and pass the scenarios in " + dir.resolve("tests") : ""));
            return 0;
        }
        Path scenarios = args.length > 2 ? Path.of(args[2]) : dir.resolve("tests");
        List<Path> files = Files.isDirectory(scenarios) ? ScenarioLoader.find(scenarios) : List.of(scenarios);
        if (files.isEmpty() || !Files.exists(files.get(0))) {
            err.println(scenarios + ": no scenario files (*.yaml)");
            return 1;
        }
        ScenarioRunner runner = new ScenarioRunner();
        int failed = 0;
        try (ScenarioRules rules = ScenarioRules.of(compiled.ruleSet(), dir)) {
            for (Path f : files) {
                ScenarioResult r;
                try {
                    Scenario sc = ScenarioLoader.load(f);
                    r = runner.run(sc, rules.forScenario(sc));
                } catch (RuntimeException e) {
                    out.println("FAIL " + f.getFileName() + ": " + e.getMessage());
                    failed++;
                    continue;
                }
                out.println((r.passed() ? "PASS " : "FAIL ") + f.getFileName() + ": " + r.name());
                if (!r.passed()) {
                    failed++;
                    r.failures().forEach(x -> out.println("    " + x));
                    out.println("    what happened:");
                    r.actions().forEach(x -> out.println("      " + x));
                }
            }
        }
        out.println((files.size() - failed) + " of " + files.size() + " scenarios passed");
        return failed == 0 ? 0 : 1;
    }
}
