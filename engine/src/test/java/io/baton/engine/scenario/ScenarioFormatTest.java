package io.baton.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.engine.rules.CompileResult;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.ShippedRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario format's additions: {@code count} expectations and a scenario's own {@code rules:} directory. */
class ScenarioFormatTest {
    @TempDir Path dir;

    private static final String POLICY = """
            package rules.own;

            import io.baton.engine.model.*;

            expander baton.dsl

            rule "The web pool keeps at least 5 nodes"
            when
                there is a pool named web
            then
                keep at least 5 nodes
            end
            """;

    private Path scenario(String count) throws IOException {
        Files.createDirectories(dir.resolve("scenarios/policy"));
        Files.writeString(dir.resolve("scenarios/policy/floor.dslr"), POLICY);
        Path f = dir.resolve("scenarios/floor.yaml");
        Files.writeString(f, """
                name: a scenario folder that carries its own policy
                rules: policy
                pools:
                  web: {min: 2, max: 10, nodes: 2}
                until: 10s
                expect:
                  - {at: 0s, action: scale_out, pool: web, nodes: 3}
                  - {between: [0s, 10s], pool: web, count: %s}
                """.formatted(count));
        return f;
    }

    private ScenarioResult run(Path file) {
        CompileResult shipped = new RuleCompiler().compile(ShippedRules.DIR);
        try (ScenarioRules rules = ScenarioRules.of(shipped.ruleSet(), ShippedRules.DIR)) {
            Scenario sc = ScenarioLoader.load(file);
            assertThat(sc.rules()).isEqualTo(dir.resolve("scenarios/policy").toAbsolutePath().normalize());
            return new ScenarioRunner().run(sc, rules.forScenario(sc));
        } finally {
            new RuleCompiler().release(shipped.ruleSet());
        }
    }

    @Test
    void aScenarioRunsAgainstItsOwnDirectoryWrittenInTheShippedSentences() throws IOException {
        ScenarioResult r = run(scenario("5"));
        assertThat(r.failures()).as(String.join("\n", r.actions())).isEmpty();
    }

    @Test
    void aCountThatDoesNotHoldFailsWithTheSizeSeen() throws IOException {
        ScenarioResult r = run(scenario("2"));
        assertThat(r.failures()).containsExactly("expected web holds 2 nodes at 0s..10s, but it held 5 at 0s");
    }

    @Test
    void aBrokenOwnDirectoryNamesItsFileAndLine() throws IOException {
        Path f = scenario("5");
        Files.writeString(dir.resolve("scenarios/policy/floor.dslr"), POLICY.replace("keep at least 5 nodes", "keep at least five nodes"));
        assertThatThrownBy(() -> run(f)).hasMessageContaining("rules policy: floor.dslr:11: a number of nodes is a whole number");
    }

    @Test
    void countsNeedAPoolOfTheScenarioAndATimeWithinIt() {
        String head = "pools:\n  web: {nodes: 2}\nuntil: 1m\nexpect:\n";
        assertThatThrownBy(() -> ScenarioLoader.parse(head + "  - {at: 10s, count: 2}\n", "a.yaml")).hasMessageContaining("'count' needs the pool");
        assertThatThrownBy(() -> ScenarioLoader.parse(head + "  - {at: 10s, pool: db, count: 2}\n", "a.yaml")).hasMessageContaining("name one of the scenario's pools");
        assertThatThrownBy(() -> ScenarioLoader.parse(head + "  - {at: 2m, pool: web, count: 2}\n", "a.yaml")).hasMessageContaining("the scenario ends at 1m");
        assertThatThrownBy(() -> ScenarioLoader.parse(head + "  - {at: 10s, action: scale_out, pool: web, count: 2}\n", "a.yaml"))
                .hasMessageContaining("goes without an action");
        assertThat(ScenarioLoader.parse("start: 2026-03-27T06:59:00Z\n" + head, "a.yaml").start())
                .isEqualTo(java.time.Instant.parse("2026-03-27T06:59:00Z").toEpochMilli());
    }
}
