package io.baton.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.rules.CompileResult;
import io.baton.engine.rules.RuleCompiler;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped policy's scenarios, one harness: the same files ops teams run with {@code baton rules test}. */
class ShippedScenariosTest {
    static final Path RULES = Path.of("../rules");
    static CompileResult compiled;
    static ScenarioRules rules;

    @BeforeAll
    static void compile() {
        compiled = new RuleCompiler().compile(RULES);
        assertThat(compiled.errors()).isEmpty();
        rules = ScenarioRules.of(compiled.ruleSet(), RULES);
    }

    @AfterAll
    static void release() {
        rules.close();
    }

    static List<Path> scenarios() {
        return ScenarioLoader.find(RULES.resolve("tests"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenarioPasses(Path file) {
        Scenario sc = ScenarioLoader.load(file);
        ScenarioResult r = new ScenarioRunner().run(sc, rules.forScenario(sc));
        assertThat(r.failures()).as("what happened:\n%s", String.join("\n", r.actions())).isEmpty();
    }
}
