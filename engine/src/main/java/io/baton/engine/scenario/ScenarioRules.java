package io.baton.engine.scenario;

import io.baton.engine.rules.CompileResult;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.RuleError;
import io.baton.engine.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rule set each scenario runs against: the set under test, or, for a scenario that names its own
 * rule directory ({@code rules: some/dir}), that directory compiled. A directory without a {@code .dsl}
 * of its own takes the sentences ({@code .dsl} files) of the set under test, so a scenario folder can
 * carry its own policy written in the shipped sentences, and a change to those sentences is tested by
 * it too. Each directory is compiled once; {@link #close()} releases them.
 */
public final class ScenarioRules implements AutoCloseable {
    private final RuleSet underTest;
    private final Map<String, String> sentences = new TreeMap<>();
    private final RuleCompiler compiler = new RuleCompiler();
    private final Map<Path, CompileResult> compiled = new HashMap<>();

    /**
     * @param underTest the set the scenarios test
     * @param files the files it was built from (name to content); only its {@code .dsl} files are used
     */
    public ScenarioRules(RuleSet underTest, Map<String, String> files) {
        this.underTest = underTest;
        files.forEach((name, text) -> { if (name.endsWith(".dsl")) sentences.put(name, text); });
    }

    /** The scenarios of {@code rulesDir}'s set, with the sentences read from that directory. */
    public static ScenarioRules of(RuleSet underTest, Path rulesDir) {
        return new ScenarioRules(underTest, Files.isDirectory(rulesDir) ? RuleCompiler.readDir(rulesDir) : Map.of());
    }

    /**
     * The set {@code sc} runs against.
     *
     * @throws IllegalArgumentException when its own directory is missing or does not compile, naming the
     *         directory and each error as {@code FILE:LINE: message}
     */
    public RuleSet forScenario(Scenario sc) {
        if (sc.rules() == null) return underTest;
        Path dir = sc.rules();
        CompileResult r = compiled.computeIfAbsent(dir, d -> {
            if (!Files.isDirectory(d)) {
                return new CompileResult(null, java.util.List.of(new RuleError("(rules)", 0, "rule directory not found")));
            }
            Map<String, String> files = new TreeMap<>(RuleCompiler.readDir(d));
            if (files.keySet().stream().noneMatch(f -> f.endsWith(".dsl"))) files.putAll(sentences);
            return compiler.compile(files);
        });
        if (!r.ok()) {
            throw new IllegalArgumentException("rules " + dir.getFileName() + ": "
                    + String.join("; ", r.errors().stream().map(RuleError::toString).toList()));
        }
        return r.ruleSet();
    }

    @Override public void close() {
        for (CompileResult r : compiled.values()) if (r.ok()) compiler.release(r.ruleSet());
        compiled.clear();
    }
}
