package io.baton.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad values in the policy language's sentences are refused before the rules are built, as
 * {@code FILE:LINE: message}, by validation and by every reload; the running rules stay.
 */
class PolicyCheckTest {
    private final RuleCompiler compiler = new RuleCompiler();

    /** A policy whose 9th line is {@code condition} and 11th is {@code action}. */
    private static String policy(String condition, String action) {
        return """
                package rules.bad;

                import io.baton.engine.model.*;

                expander baton.dsl

                rule "A rule with a value to check"
                when
                    %s
                then
                    %s
                end
                """.formatted(condition, action);
    }

    private List<RuleError> compile(String condition, String action) {
        Map<String, String> files = new TreeMap<>(RuleCompiler.readDir(ShippedRules.DIR));
        files.put("bad.dslr", policy(condition, action));
        CompileResult r = compiler.compile(files);
        compiler.release(r.ruleSet());
        return r.errors();
    }

    private static final String POOL = "there is a pool named web\n    ";

    @Test
    void eachBadValueIsRefusedWithItsFileAndLine() {
        record Case(String condition, String action, int line, String message) { }
        List<Case> cases = List.of(
                new Case(POOL + "it is a weekday between 08:00 and 18:00 in Europe/Berlinn", "add 1 node", 10, "unknown time zone: 'Europe/Berlinn'"),
                new Case(POOL + "it is a weekday between 25:00 and 18:00 in Europe/Berlin", "add 1 node", 10, "not a time of day: '25:00'"),
                new Case(POOL + "it is a weekday between 08:00 and 08:00 in Europe/Berlin", "add 1 node", 10, "the window between 08:00 and 08:00 is empty"),
                new Case(POOL + "it is Saturday, Sundy between 08:00 and 12:00 in Europe/Berlin", "add 1 node", 10, "not a day: 'Sundy'"),
                new Case("there is a pool", "add 0 percent more nodes", 11, "a percent must be from 1 to 1000, got 0"),
                new Case("there is a pool", "remove 1001 percent of the nodes", 11, "a percent must be from 1 to 1000, got 1001"),
                new Case("there is a pool", "keep CPU of the pool near 0 percent", 11, "a target of 0 percent cannot be tracked"),
                new Case("there is a pool", "keep request rate of the pool near 0 per node", 11, "a target of 0 per node cannot be tracked"),
                new Case("there is a pool", "keep at least 2.5 nodes", 11, "a number of nodes is a whole number"),
                new Case(POOL + "memory of the pool is above 0 percent for 2 minutes", "add 1 node", 10, "a percent must be from 1 to 1000"),
                new Case(POOL + "latency_p95 of the pool is above 300 for 0 seconds", "add 1 node", 10, "a window is a whole number above 0"));
        for (Case c : cases) {
            assertThat(compile(c.condition(), c.action())).as(c.condition() + " / " + c.action()).singleElement().satisfies(e -> {
                assertThat(e.file()).isEqualTo("bad.dslr");
                assertThat(e.line()).isEqualTo(c.line());
                assertThat(e.toString()).startsWith("bad.dslr:" + c.line() + ": ").contains(c.message());
            });
        }
    }

    @Test
    void anOvernightWindowIsNoBadInput() {
        assertThat(compile(POOL + "it is a weekday between 18:00 and 08:00 in Europe/Berlin", "keep at least 3 nodes")).isEmpty();
        assertThat(compile(POOL + "it is Saturday, Sunday between 22:00 and 06:00 in UTC", "set the pool to 6 nodes")).isEmpty();
    }

    @Test
    void everyNewSentenceCompilesInSentencesModeToo() {
        RuleCompiler sentences = new RuleCompiler(RuleMode.SENTENCES);
        Map<String, String> files = new TreeMap<>(RuleCompiler.readDir(ShippedRules.DIR));
        files.putAll(RuleCompiler.readDir(ShippedRules.DIR.resolve("tests/examples")));
        CompileResult r = sentences.compile(files);
        assertThat(r.errors()).isEmpty();
        sentences.release(r.ruleSet());
    }

    @Test
    void aReloadWithABadValueKeepsTheRunningRules(@TempDir Path dir) throws IOException {
        for (Map.Entry<String, String> f : RuleCompiler.readDir(ShippedRules.DIR).entrySet()) Files.writeString(dir.resolve(f.getKey()), f.getValue());
        try (PolicyManager pm = new PolicyManager(dir, compiler)) {
            long version = pm.load().version();
            Files.writeString(dir.resolve("office.dslr"), policy(POOL + "it is a weekday between 08:00 and 18:00 in Mars/Olympus", "keep at least 4 nodes"));
            assertThat(pm.reloadIfChanged()).isFalse();
            assertThat(pm.status().version()).isEqualTo(version);
            assertThat(pm.status().lastErrors()).singleElement().asString().startsWith("office.dslr:10: unknown time zone: 'Mars/Olympus'");
            List<RuleError> put = pm.put("office.dslr", policy(POOL + "it is a weekday between 08:00 and 24:00 in Europe/Berlin", "keep at least 4 nodes"));
            assertThat(put).singleElement().asString().startsWith("office.dslr:10: not a time of day: '24:00'");
            assertThat(pm.status().version()).isEqualTo(version);
        }
    }
}
